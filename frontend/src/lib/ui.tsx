// Small shared UI pieces: loading, error and empty states used by every page.
import { Component, type ReactNode } from 'react';
import { ApiError, errorMessage } from './api-client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** Inline form error from the API: the message plus any per-field details. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="form-error" role="alert">
      <p>{errorMessage(error)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error && (
        <small className="hint" id={`${htmlFor}-hint`}>
          {hint}
        </small>
      )}
      {error && (
        <small className="field-error" id={`${htmlFor}-error`} role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** Keeps a page usable when a chart cannot draw (old browser, canvas blocked): shows a note instead. */
export class ChartBoundary extends Component<{ children: ReactNode; label: string }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <p className="muted">The {this.props.label} could not be drawn in this browser.</p> : this.props.children;
  }
}
