import { formatDateTime, formatQuantity } from '../../../lib/format';
import type { ExchangeAccount, ExchangeSync } from '../api/exchange-accounts';

/** Pure wording of sync state for investors: no ids, no ISO strings, no internal names. */

const PHASES: Record<NonNullable<ExchangeSync['phase']>, string> = {
  permissions: 'checking the key',
  trades: 'reading trades',
  deposits: 'reading deposits',
  withdrawals: 'reading withdrawals',
  importing: 'adding transactions',
};

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** "Connected", "Syncing…", "Needs a new key". */
export function accountStatus(account: Pick<ExchangeAccount, 'status' | 'lastSync'>): { label: string; tone: 'ok' | 'busy' | 'attention' } {
  if (account.status === 'needs_key') return { label: 'Needs a new key', tone: 'attention' };
  if (account.lastSync?.status === 'queued' || account.lastSync?.status === 'running') return { label: 'Syncing…', tone: 'busy' };
  return { label: 'Connected', tone: 'ok' };
}

/** One sync in a sentence: what it did, or what it is doing. */
export function describeSync(sync: ExchangeSync): string {
  if (sync.status === 'queued') return 'Waiting to start.';
  if (sync.status === 'running') {
    return `In progress: ${sync.phase ? PHASES[sync.phase] : 'working'}${sync.fetched > 0 ? ` (${plural(sync.fetched, 'entry', 'entries')} read so far)` : ''}.`;
  }
  if (sync.status === 'failed') return sync.error ?? 'The sync did not finish.';
  if (sync.fetched === 0 && sync.added === 0) return 'Up to date: nothing new on the exchange.';
  const parts = [`${plural(sync.added, 'transaction', 'transactions')} added`];
  if (sync.duplicates > 0) parts.push(`${sync.duplicates.toLocaleString('en')} already in the portfolio`);
  if (sync.skipped.length > 0) parts.push(`${plural(sync.skipped.length, 'entry', 'entries')} could not be recorded`);
  if (sync.conflicts > 0) parts.push(`${plural(sync.conflicts, 'entry', 'entries')} to review`);
  return `${parts.join(', ')}.`;
}

export function syncTrigger(sync: ExchangeSync): string {
  return sync.trigger === 'manual' ? 'Started by you' : 'Scheduled';
}

export function lastSynced(account: Pick<ExchangeAccount, 'lastSyncedAt'>, locale?: string): string {
  return account.lastSyncedAt ? `Last synced ${formatDateTime(account.lastSyncedAt, locale)}` : 'Not synced yet';
}

/** "Buy of 0.3 BTC on 2 Dec 2026, 15:20 at 43,400" for a held-back row. */
export function describeConflictRow(row: { type: string; time: string; asset: string; quantity: string; price: string }, locale?: string): string {
  const words: Record<string, string> = { buy: 'Buy', sell: 'Sale', deposit: 'Deposit', withdraw: 'Withdrawal' };
  const priced = row.type === 'buy' || row.type === 'sell' ? ` at ${formatQuantity(row.price, locale)}` : '';
  return `${words[row.type] ?? row.type} of ${formatQuantity(row.quantity, locale)} ${row.asset} on ${formatDateTime(row.time, locale)}${priced}`;
}
