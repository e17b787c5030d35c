import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../../lib/api-client';
import { Field, FormError } from '../../../lib/ui';
import { useSaveTransaction, type Portfolio, type Transaction, type TransactionType } from '../api/portfolios';
import {
  PRICED_TYPES,
  TRANSACTION_TYPE_LABELS,
  TRANSFER_TYPES,
  draftFromTransaction,
  emptyDraft,
  fieldErrorsFromApi,
  toTransactionInput,
  validateTransaction,
  type FieldErrors,
  type TransactionDraft,
} from '../model/transaction-form';

export interface TransactionFormProps {
  portfolio: Portfolio;
  otherPortfolios: Portfolio[];
  editing?: Transaction | undefined;
  onDone: () => void;
}

export function TransactionForm({ portfolio, otherPortfolios, editing, onDone }: TransactionFormProps) {
  const id = useId();
  const save = useSaveTransaction(portfolio.id);
  const [draft, setDraft] = useState<TransactionDraft>(() => (editing ? draftFromTransaction(editing) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiOther, setApiOther] = useState<unknown>(null);

  const set = <K extends keyof TransactionDraft>(key: K, value: TransactionDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const fieldId = (name: string) => `${id}-${name}`;
  const describedBy = (name: keyof TransactionDraft) => (errors[name] ? `${fieldId(name)}-error` : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateTransaction(draft);
    setErrors(found);
    setApiOther(null);
    if (Object.keys(found).length) return;
    save.mutate(
      { id: editing?.id, input: toTransactionInput(draft) },
      {
        onSuccess: () => {
          if (!editing) setDraft(emptyDraft());
          onDone();
        },
        onError: (error) => {
          // Put the API's per-field messages next to their inputs; the rest above the button.
          if (error instanceof ApiError && error.details.length) {
            const mapped = fieldErrorsFromApi(error.details);
            setErrors(mapped.fields);
            setApiOther(
              mapped.other.length ? new ApiError(error.status, error.error, error.message, mapped.other) : Object.keys(mapped.fields).length ? null : error,
            );
          } else setApiOther(error);
        },
      },
    );
  }

  const priced = PRICED_TYPES.includes(draft.type);
  return (
    <form className="form form-grid card" onSubmit={submit} noValidate aria-label={editing ? 'Edit transaction' : 'Add transaction'}>
      <Field label="Type" htmlFor={fieldId('type')}>
        <select id={fieldId('type')} value={draft.type} onChange={(e) => set('type', e.target.value as TransactionType)}>
          {Object.entries(TRANSACTION_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Date and time" htmlFor={fieldId('time')} error={errors.time}>
        <input
          id={fieldId('time')}
          type="datetime-local"
          value={draft.time}
          onChange={(e) => set('time', e.target.value)}
          aria-invalid={Boolean(errors.time)}
          aria-describedby={describedBy('time')}
        />
      </Field>
      <Field label="Coin" htmlFor={fieldId('asset')} error={errors.asset}>
        <input
          id={fieldId('asset')}
          value={draft.asset}
          onChange={(e) => set('asset', e.target.value)}
          autoCapitalize="characters"
          aria-invalid={Boolean(errors.asset)}
          aria-describedby={describedBy('asset')}
        />
      </Field>
      <Field label="Quantity" htmlFor={fieldId('quantity')} error={errors.quantity}>
        <input
          id={fieldId('quantity')}
          inputMode="decimal"
          value={draft.quantity}
          onChange={(e) => set('quantity', e.target.value)}
          aria-invalid={Boolean(errors.quantity)}
          aria-describedby={describedBy('quantity')}
        />
      </Field>
      <Field
        label={`Price per coin (${portfolio.baseCurrency})`}
        htmlFor={fieldId('price')}
        error={errors.price}
        hint={priced ? undefined : 'Optional: leave empty to use the market price at that time.'}
      >
        <input
          id={fieldId('price')}
          inputMode="decimal"
          value={draft.price}
          onChange={(e) => set('price', e.target.value)}
          aria-invalid={Boolean(errors.price)}
          aria-describedby={describedBy('price')}
        />
      </Field>
      <Field label="Fee (optional)" htmlFor={fieldId('feeAmount')} error={errors.feeAmount}>
        <input
          id={fieldId('feeAmount')}
          inputMode="decimal"
          value={draft.feeAmount}
          onChange={(e) => set('feeAmount', e.target.value)}
          aria-invalid={Boolean(errors.feeAmount)}
        />
      </Field>
      <Field label="Fee currency" htmlFor={fieldId('feeCurrency')} error={errors.feeCurrency}>
        <input
          id={fieldId('feeCurrency')}
          value={draft.feeCurrency}
          onChange={(e) => set('feeCurrency', e.target.value)}
          placeholder={portfolio.baseCurrency}
          aria-invalid={Boolean(errors.feeCurrency)}
        />
      </Field>
      {TRANSFER_TYPES.includes(draft.type) && (
        <Field label="Other portfolio" htmlFor={fieldId('counterpartyPortfolioId')} error={errors.counterpartyPortfolioId}>
          <select
            id={fieldId('counterpartyPortfolioId')}
            value={draft.counterpartyPortfolioId}
            onChange={(e) => set('counterpartyPortfolioId', e.target.value)}
            aria-invalid={Boolean(errors.counterpartyPortfolioId)}
          >
            <option value="">Choose…</option>
            {otherPortfolios.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Note (optional)" htmlFor={fieldId('note')} error={errors.note}>
        <input id={fieldId('note')} value={draft.note} onChange={(e) => set('note', e.target.value)} />
      </Field>
      <div className="field" style={{ gridColumn: '1 / -1' }}>
        <FormError error={apiOther} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Add transaction'}
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
