import { useId, useState, type FormEvent } from 'react';
import { Field, FormError } from '../../../lib/ui';
import type { Credentials } from '../api/auth';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 8;

export interface CredentialsFormProps {
  mode: 'sign-in' | 'sign-up';
  onSubmit: (credentials: Credentials) => void;
  pending: boolean;
  error: unknown;
}

/** Shared by sign-in and sign-up: client-side checks first, then the API's message inline. */
export function CredentialsForm({ mode, onSubmit, pending, error }: CredentialsFormProps) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: { email?: string; password?: string } = {};
    if (!EMAIL_PATTERN.test(email.trim())) errors.email = 'Enter an email address like name@example.com.';
    if (!password) errors.password = 'Enter your password.';
    else if (mode === 'sign-up' && password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) onSubmit({ email: email.trim(), password });
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label={mode === 'sign-in' ? 'Sign in' : 'Create account'}>
      <Field label="Email" htmlFor={`${id}-email`} error={fieldErrors.email}>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={Boolean(fieldErrors.email)}
        />
      </Field>
      <Field
        label="Password"
        htmlFor={`${id}-password`}
        error={fieldErrors.password}
        hint={mode === 'sign-up' ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
      >
        <input
          id={`${id}-password`}
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={Boolean(fieldErrors.password)}
        />
      </Field>
      <FormError error={error} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
      </button>
    </form>
  );
}
