import { useId, useState, type FormEvent } from 'react';
import { marketName } from '../../../lib/format';
import { Field, FormError } from '../../../lib/ui';
import { useAlertPortfolios, useAlertSymbols, useSaveAlert } from '../api/alerts';
import {
  ALERT_TYPES,
  CHANNEL_CHOICES,
  draftFromRule,
  emptyAlertDraft,
  toAlertInput,
  validateAlert,
  type AlertDraft,
  type ChannelChoice,
  type AlertField,
  type AlertRule,
  type AlertType,
} from '../model/alert-form';

/** The horizons forecasts are served for (the API refuses others), in words. */
const HORIZONS: Array<{ value: string; label: string }> = [
  { value: '5m', label: 'next 5 minutes' },
  { value: '15m', label: 'next 15 minutes' },
  { value: '30m', label: 'next 30 minutes' },
  { value: '1h', label: 'next hour' },
  { value: '4h', label: 'next 4 hours' },
  { value: '24h', label: 'next 24 hours' },
  { value: '7d', label: 'next 7 days' },
];

export function AlertForm({ editing, onDone }: { editing?: AlertRule | undefined; onDone: () => void }) {
  const id = useId();
  const save = useSaveAlert();
  const symbols = useAlertSymbols();
  const portfolios = useAlertPortfolios();
  const [draft, setDraft] = useState<AlertDraft>(() => (editing ? draftFromRule(editing) : emptyAlertDraft()));
  const [errors, setErrors] = useState<Partial<Record<AlertField, string>>>({});
  const spec = ALERT_TYPES[draft.type];
  const shows = (field: AlertField) => spec.fields.includes(field);
  const set = <K extends AlertField>(key: K, value: AlertDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const fid = (name: AlertField) => `${id}-${name}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateAlert(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(
      { id: editing?.id, input: toAlertInput(draft) },
      {
        onSuccess: () => {
          if (!editing) setDraft(emptyAlertDraft());
          onDone();
        },
      },
    );
  }

  return (
    <form className="form form-grid card" onSubmit={submit} noValidate aria-label={editing ? 'Edit alert' : 'Create alert'}>
      <Field label="Alert type" htmlFor={fid('type')}>
        <select id={fid('type')} value={draft.type} onChange={(e) => set('type', e.target.value as AlertType)} aria-describedby={`${id}-explain`}>
          {Object.entries(ALERT_TYPES).map(([value, meta]) => (
            <option key={value} value={value}>
              {meta.label}
            </option>
          ))}
        </select>
      </Field>
      <p id={`${id}-explain`} className="notice" style={{ gridColumn: '1 / -1', margin: 0 }} data-testid="alert-explain">
        {spec.explain}
      </p>
      {shows('symbol') && (
        <Field label="Coin" htmlFor={fid('symbol')} error={errors.symbol}>
          <select id={fid('symbol')} value={draft.symbol} onChange={(e) => set('symbol', e.target.value)}>
            {(symbols.data ?? [draft.symbol]).map((symbol) => (
              <option key={symbol} value={symbol}>
                {marketName(symbol)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {shows('portfolioId') && (
        <Field label="Portfolio" htmlFor={fid('portfolioId')} error={errors.portfolioId}>
          <select
            id={fid('portfolioId')}
            value={draft.portfolioId}
            onChange={(e) => set('portfolioId', e.target.value)}
            aria-invalid={Boolean(errors.portfolioId)}
          >
            <option value="">Choose…</option>
            {(portfolios.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {shows('direction') && (
        <Field label="Direction" htmlFor={fid('direction')}>
          <select id={fid('direction')} value={draft.direction} onChange={(e) => set('direction', e.target.value as 'above' | 'below')}>
            <option value="above">{draft.type === 'forecast_move' ? 'up' : 'above'}</option>
            <option value="below">{draft.type === 'forecast_move' ? 'down' : 'below'}</option>
          </select>
        </Field>
      )}
      {shows('threshold') && (
        <Field label={draft.type === 'portfolio_value' ? 'Value' : 'Price level'} htmlFor={fid('threshold')} error={errors.threshold}>
          <input
            id={fid('threshold')}
            inputMode="decimal"
            value={draft.threshold}
            onChange={(e) => set('threshold', e.target.value)}
            aria-invalid={Boolean(errors.threshold)}
          />
        </Field>
      )}
      {shows('horizon') && (
        <Field label="Horizon" htmlFor={fid('horizon')} error={errors.horizon}>
          <select id={fid('horizon')} value={draft.horizon} onChange={(e) => set('horizon', e.target.value)}>
            {HORIZONS.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {shows('pct') && (
        <Field label="Change (%)" htmlFor={fid('pct')} error={errors.pct}>
          <input id={fid('pct')} inputMode="decimal" value={draft.pct} onChange={(e) => set('pct', e.target.value)} aria-invalid={Boolean(errors.pct)} />
        </Field>
      )}
      {shows('windowMinutes') && (
        <Field label="Within (minutes)" htmlFor={fid('windowMinutes')} error={errors.windowMinutes}>
          <input
            id={fid('windowMinutes')}
            inputMode="numeric"
            value={draft.windowMinutes}
            onChange={(e) => set('windowMinutes', e.target.value)}
            aria-invalid={Boolean(errors.windowMinutes)}
          />
        </Field>
      )}
      {shows('probability') && (
        <Field label="Minimum probability (%)" htmlFor={fid('probability')} error={errors.probability}>
          <input
            id={fid('probability')}
            inputMode="numeric"
            value={draft.probability}
            onChange={(e) => set('probability', e.target.value)}
            aria-invalid={Boolean(errors.probability)}
          />
        </Field>
      )}
      <Field label="Notify" htmlFor={fid('mode')} hint={draft.mode === 'once' ? 'The alert stops after it fires.' : 'The alert re-arms after the cool-down.'}>
        <select id={fid('mode')} value={draft.mode} onChange={(e) => set('mode', e.target.value as 'once' | 'every')}>
          <option value="once">once</option>
          <option value="every">every time</option>
        </select>
      </Field>
      {draft.mode === 'every' && (
        <Field label="Cool-down (minutes)" htmlFor={fid('cooldownMinutes')} error={errors.cooldownMinutes}>
          <input
            id={fid('cooldownMinutes')}
            inputMode="numeric"
            value={draft.cooldownMinutes}
            onChange={(e) => set('cooldownMinutes', e.target.value)}
            aria-invalid={Boolean(errors.cooldownMinutes)}
          />
        </Field>
      )}
      <Field label="Expires (optional)" htmlFor={fid('expiresAt')} error={errors.expiresAt}>
        <input
          id={fid('expiresAt')}
          type="datetime-local"
          value={draft.expiresAt}
          onChange={(e) => set('expiresAt', e.target.value)}
          aria-invalid={Boolean(errors.expiresAt)}
        />
      </Field>
      <Field label="Webhook URL (optional)" htmlFor={fid('webhookUrl')} error={errors.webhookUrl} hint="We POST a signed JSON body here when the alert fires.">
        <input
          id={fid('webhookUrl')}
          type="url"
          value={draft.webhookUrl}
          onChange={(e) => set('webhookUrl', e.target.value)}
          aria-invalid={Boolean(errors.webhookUrl)}
        />
      </Field>
      <Field label="Also send to" htmlFor={fid('channels')} hint="Every alert also lands in your in-app inbox. Set up e-mail and Telegram in Settings.">
        <select id={fid('channels')} value={draft.channels} onChange={(e) => set('channels', e.target.value as ChannelChoice)}>
          {CHANNEL_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Note (optional)" htmlFor={fid('note')}>
        <input id={fid('note')} value={draft.note} onChange={(e) => set('note', e.target.value)} />
      </Field>
      <div className="field" style={{ gridColumn: '1 / -1' }}>
        <FormError error={save.error} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={save.isPending}>
            {editing ? 'Save alert' : 'Create alert'}
          </button>
          {editing && (
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
