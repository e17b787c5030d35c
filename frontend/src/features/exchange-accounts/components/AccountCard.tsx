import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { ErrorState, Field, FormError, Loading } from '../../../lib/ui';
import {
  isSyncActive,
  useConflicts,
  useDisconnect,
  useReplaceKey,
  useResolveConflict,
  useSyncLog,
  useSyncNow,
  type ExchangeAccount,
} from '../api/exchange-accounts';
import { accountStatus, describeConflictRow, describeSync, lastSynced, syncTrigger } from '../model/sync-words';

function SyncLog({ accountId }: { accountId: string }) {
  const locale = useLocale();
  const log = useSyncLog(accountId);
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => log.refetch()} />;
  if (log.data.length === 0) return <p className="muted">No syncs yet.</p>;
  return (
    <ol className="sync-log" aria-label="Sync history">
      {log.data.map((sync) => (
        <li key={sync.id}>
          <strong>{formatDateTime(sync.startedAt ?? sync.createdAt, locale)}</strong> · {syncTrigger(sync)} — {describeSync(sync)}
          {sync.skipped.length > 0 && (
            <ul>
              {sync.skipped.map((row, index) => (
                <li key={index}>
                  {row.what} on {formatDateTime(row.time, locale)}: {row.reason}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function Conflicts({ account }: { account: ExchangeAccount }) {
  const locale = useLocale();
  const conflicts = useConflicts(account.id, account.openConflicts > 0);
  const resolve = useResolveConflict();
  if (account.openConflicts === 0) return null;
  return (
    <section aria-label="Entries to review">
      <h4>To review</h4>
      <p className="muted">
        These exchange entries look like transactions you entered yourself, so they were not added. Keep yours, or add the exchange&apos;s as well.
      </p>
      {conflicts.isPending ? (
        <Loading />
      ) : conflicts.isError ? (
        <ErrorState error={conflicts.error} onRetry={() => conflicts.refetch()} />
      ) : (
        <ul>
          {conflicts.data.map((conflict) => (
            <li key={conflict.id}>
              {describeConflictRow(conflict.exchangeRow, locale)}{' '}
              <button
                type="button"
                disabled={resolve.isPending}
                onClick={() => resolve.mutate({ accountId: account.id, conflictId: conflict.id, action: 'keep-manual' })}
              >
                Keep mine
              </button>{' '}
              <button
                type="button"
                disabled={resolve.isPending}
                onClick={() => resolve.mutate({ accountId: account.id, conflictId: conflict.id, action: 'import' })}
              >
                Add the exchange&apos;s too
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={resolve.error} />
    </section>
  );
}

function ReplaceKeyForm({ account }: { account: ExchangeAccount }) {
  const replace = useReplaceKey();
  const [apiKey, setApiKey] = useState('');
  const [secret, setSecret] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    replace.mutate({ id: account.id, apiKey: apiKey.trim(), secret: secret.trim() }, { onSuccess: () => setSecret('') });
  };
  const id = `xa-${account.id}`;
  return (
    <form aria-label="Connect a new key" onSubmit={submit}>
      <Field label="New API key" htmlFor={`${id}-key`}>
        <input id={`${id}-key`} value={apiKey} autoComplete="off" spellCheck={false} onChange={(e) => setApiKey(e.target.value)} />
      </Field>
      <Field label="Its secret" htmlFor={`${id}-secret`}>
        <input id={`${id}-secret`} type="password" value={secret} autoComplete="new-password" onChange={(e) => setSecret(e.target.value)} />
      </Field>
      <FormError error={replace.error} />
      <button type="submit" disabled={replace.isPending || !apiKey.trim() || !secret.trim()}>
        {replace.isPending ? 'Checking the key…' : 'Use this key'}
      </button>
    </form>
  );
}

export function AccountCard({ account }: { account: ExchangeAccount }) {
  const locale = useLocale();
  const syncNow = useSyncNow();
  const disconnect = useDisconnect();
  const [showLog, setShowLog] = useState(false);
  const status = accountStatus(account);
  const busy = isSyncActive(account.lastSync);
  return (
    <li className="card" data-testid="exchange-account" aria-label={account.label}>
      <h3>
        {account.label} <span className={`status-pill${status.tone === 'attention' ? ' status-triggered' : ''}`}>{status.label}</span>
      </h3>
      <p className="muted">
        {account.exchangeName} · key ending {account.apiKeyHint.replace('…', '')} · into “{account.portfolioName}”
      </p>
      {account.status === 'needs_key' ? (
        <>
          <p role="alert">{account.statusMessage}</p>
          <ReplaceKeyForm account={account} />
        </>
      ) : (
        <p>
          {lastSynced(account, locale)}
          {account.lastSync ? ` — ${describeSync(account.lastSync)}` : ''}
        </p>
      )}
      <Conflicts account={account} />
      <div className="actions">
        <button type="button" disabled={busy || account.status === 'needs_key' || syncNow.isPending} onClick={() => syncNow.mutate(account.id)}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>{' '}
        <button type="button" aria-expanded={showLog} onClick={() => setShowLog((open) => !open)}>
          {showLog ? 'Hide sync history' : 'Sync history'}
        </button>{' '}
        <button
          type="button"
          className="danger"
          disabled={disconnect.isPending}
          onClick={() => {
            if (window.confirm(`Disconnect ${account.label}? Transactions already added stay in the portfolio.`)) disconnect.mutate(account.id);
          }}
        >
          Disconnect
        </button>
      </div>
      <FormError error={syncNow.error ?? disconnect.error} />
      {showLog && <SyncLog accountId={account.id} />}
    </li>
  );
}
