import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ExchangeAccount,
  ExchangeAccountStatus,
  ExchangeSync,
  ExchangeSyncConflict,
  SkippedRow,
  StoredDraft,
  SyncCursor,
  SyncPhase,
  SyncStatus,
  SyncTrigger,
} from './exchange-account.entity';

/** A sync still queued or running after this long was interrupted (a process stopped mid-sync). */
export const STALE_SYNC_MS = 30 * 60_000;

/** All SQL of exchange_accounts, exchange_syncs and exchange_sync_conflicts. Every user-facing read is scoped by user. */
@Injectable()
export class ExchangeAccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get accounts() {
    return this.db.getRepository(ExchangeAccount);
  }
  private get syncs() {
    return this.db.getRepository(ExchangeSync);
  }
  private get conflicts() {
    return this.db.getRepository(ExchangeSyncConflict);
  }

  async insertAccount(
    row: Omit<ExchangeAccount, 'createdAt' | 'updatedAt' | 'lastSyncedAt' | 'statusMessage' | 'status' | 'cursor'>,
  ): Promise<ExchangeAccount> {
    await this.accounts.insert({ ...row, status: 'active', cursor: {}, statusMessage: null, lastSyncedAt: null });
    return this.accounts.findOneByOrFail({ id: row.id });
  }

  /** Unique per (user, exchange, key). */
  findByKey(userId: string, exchange: string, apiKey: string): Promise<ExchangeAccount | null> {
    return this.accounts.findOneBy({ userId, exchange, apiKey });
  }

  listOwned(userId: string): Promise<ExchangeAccount[]> {
    return this.accounts.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  findOwned(userId: string, id: string): Promise<ExchangeAccount | null> {
    return this.accounts.findOneBy({ id, userId });
  }

  /** The account with its sealed secret (for the sync only). */
  withSecret(id: string): Promise<ExchangeAccount | null> {
    return this.accounts.createQueryBuilder('a').addSelect('a.secretSealed').where('a.id = :id', { id }).getOne();
  }

  listActive(): Promise<ExchangeAccount[]> {
    return this.accounts.find({ where: { status: 'active' } });
  }

  async setStatus(id: string, status: ExchangeAccountStatus, message: string | null): Promise<void> {
    await this.accounts.update({ id }, { status, statusMessage: message });
  }

  async replaceKey(id: string, apiKey: string, secretSealed: string): Promise<void> {
    await this.accounts.update({ id }, { apiKey, secretSealed, status: 'active', statusMessage: null });
  }

  async saveProgress(id: string, cursor: SyncCursor, syncedAt: Date): Promise<void> {
    await this.accounts.update({ id }, { cursor, lastSyncedAt: syncedAt });
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const result = await this.accounts.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * A queued sync of the account, or the one already queued or running (at most one is, by a unique index); a sync
   * left queued or running by a stopped process is closed as interrupted first. `created` says which.
   */
  async queueSync(account: ExchangeAccount, trigger: SyncTrigger): Promise<{ sync: ExchangeSync; created: boolean }> {
    await this.db.query(
      `UPDATE exchange_syncs SET status = 'failed', error = $2, finished_at = now()
        WHERE account_id = $1 AND status IN ('queued', 'running') AND COALESCE(started_at, created_at) < now() - ($3 || ' milliseconds')::interval`,
      [account.id, 'Interrupted: the sync stopped before it finished. It is safe to sync again.', String(STALE_SYNC_MS)],
    );
    const inserted: Array<{ id: string }> = await this.db.query(
      `INSERT INTO exchange_syncs (account_id, user_id, trigger, status) VALUES ($1, $2, $3, 'queued') ON CONFLICT DO NOTHING RETURNING id`,
      [account.id, account.userId, trigger],
    );
    if (inserted[0]) return { sync: await this.syncs.findOneByOrFail({ id: inserted[0].id }), created: true };
    const active = await this.syncs.findOneBy({ accountId: account.id, status: In(['queued', 'running']) });
    if (active) return { sync: active, created: false };
    return this.queueSync(account, trigger); // the active one finished in between
  }

  getSync(id: string): Promise<ExchangeSync | null> {
    return this.syncs.findOneBy({ id });
  }

  /** Newest first. */
  listSyncs(userId: string, accountId: string, limit: number): Promise<ExchangeSync[]> {
    return this.syncs.find({ where: { userId, accountId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async latestSyncs(accountIds: string[]): Promise<Map<string, ExchangeSync>> {
    if (accountIds.length === 0) return new Map();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT ON (account_id) id FROM exchange_syncs WHERE account_id = ANY($1) ORDER BY account_id, created_at DESC`,
      [accountIds],
    );
    const syncs = rows.length ? await this.syncs.findBy({ id: In(rows.map((row) => row.id)) }) : [];
    return new Map(syncs.map((sync) => [sync.accountId, sync]));
  }

  async updateSync(
    id: string,
    fields: Partial<{
      status: SyncStatus;
      phase: SyncPhase | null;
      fetched: number;
      added: number;
      duplicates: number;
      conflicts: number;
      skipped: SkippedRow[];
      error: string | null;
      startedAt: Date;
      finishedAt: Date;
    }>,
  ): Promise<void> {
    await this.syncs.update({ id }, fields);
  }

  /** Records held-back rows; a row already recorded (any status) is left as it is. */
  async recordConflicts(
    rows: Array<{ accountId: string; userId: string; externalKey: string; draft: StoredDraft; manualTransactionId: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.conflicts
      .createQueryBuilder()
      .insert()
      .into(ExchangeSyncConflict)
      .values(rows.map((row) => ({ ...row, status: 'open' as const })))
      .orIgnore()
      .execute();
  }

  /** External keys of the account's conflicts that are still open or were dismissed (a sync does not propose them again). */
  async heldBackKeys(accountId: string): Promise<Set<string>> {
    const rows = await this.conflicts.find({ select: { externalKey: true }, where: { accountId, status: In(['open', 'dismissed']) } });
    return new Set(rows.map((row) => row.externalKey));
  }

  openConflicts(userId: string, accountId: string): Promise<ExchangeSyncConflict[]> {
    return this.conflicts.find({ where: { userId, accountId, status: 'open' }, order: { createdAt: 'ASC' } });
  }

  async openConflictCounts(accountIds: string[]): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows: Array<{ account_id: string; count: string }> = await this.db.query(
      `SELECT account_id, count(*)::text AS count FROM exchange_sync_conflicts WHERE account_id = ANY($1) AND status = 'open' GROUP BY account_id`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.account_id, Number(row.count)]));
  }

  findConflict(userId: string, accountId: string, id: string): Promise<ExchangeSyncConflict | null> {
    return this.conflicts.findOneBy({ id, userId, accountId });
  }

  async resolveConflict(id: string, status: 'imported' | 'dismissed'): Promise<void> {
    await this.conflicts.update({ id }, { status, resolvedAt: new Date() });
  }
}
