import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ExchangeAccountStatus = 'active' | 'needs_key';

/** Where the next sync of an account starts: per symbol the next trade id; for transfers the time of the last read (re-read with an overlap). */
export interface SyncCursor {
  trades?: Record<string, string>;
  depositsSince?: number;
  withdrawalsSince?: number;
}

@Entity({ name: 'exchange_accounts' })
export class ExchangeAccount {
  /** Chosen by the service before the secret is sealed: the id is the ciphertext's associated data. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId!: string;

  @Column({ type: 'text' })
  exchange!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'api_key', type: 'text' })
  apiKey!: string;

  /** AES-256-GCM ciphertext of the API secret (secret-box.ts); never selected unless asked for. */
  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed!: string;

  @Column({ type: 'text' })
  status!: ExchangeAccountStatus;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ type: 'jsonb' })
  cursor!: SyncCursor;

  @Column({ name: 'last_synced_at', type: 'timestamptz', nullable: true })
  lastSyncedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export type SyncTrigger = 'manual' | 'scheduled';
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type SyncPhase = 'permissions' | 'trades' | 'deposits' | 'withdrawals' | 'importing';

/** An exchange row the ledger did not take, and why. */
export interface SkippedRow {
  /** What the row was, in words (e.g. "deposit of 100 USDT on 2 Jan 2024"). */
  what: string;
  reason: string;
  /** Epoch ms of the row. */
  time: number;
}

@Entity({ name: 'exchange_syncs' })
export class ExchangeSync {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  trigger!: SyncTrigger;

  @Column({ type: 'text' })
  status!: SyncStatus;

  @Column({ type: 'text', nullable: true })
  phase!: SyncPhase | null;

  @Column({ type: 'integer' })
  fetched!: number;

  @Column({ type: 'integer' })
  added!: number;

  @Column({ type: 'integer' })
  duplicates!: number;

  @Column({ type: 'integer' })
  conflicts!: number;

  @Column({ type: 'jsonb' })
  skipped!: SkippedRow[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export type ConflictStatus = 'open' | 'imported' | 'dismissed';

/** The proposed transaction of a held-back row, as stored (time as epoch ms). */
export interface StoredDraft {
  type: 'buy' | 'sell' | 'deposit' | 'withdraw';
  time: number;
  asset: string;
  quantity: string;
  price: string;
  feeAmount: string | null;
  feeCurrency: string | null;
  note: string | null;
}

@Entity({ name: 'exchange_sync_conflicts' })
export class ExchangeSyncConflict {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'external_key', type: 'text' })
  externalKey!: string;

  @Column({ type: 'jsonb' })
  draft!: StoredDraft;

  @Column({ name: 'manual_transaction_id', type: 'uuid', nullable: true })
  manualTransactionId!: string | null;

  @Column({ type: 'text' })
  status!: ConflictStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}

export const EXCHANGE_ACCOUNT_ENTITIES = [ExchangeAccount, ExchangeSync, ExchangeSyncConflict];
