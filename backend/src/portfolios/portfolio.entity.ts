import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BaseCurrency, CashMode, CostBasisMethod, TransactionType } from './domain/types';

@Entity({ name: 'portfolios' })
export class Portfolio {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'base_currency', type: 'text' })
  baseCurrency!: BaseCurrency;

  @Column({ name: 'cost_basis_method', type: 'text' })
  costBasisMethod!: CostBasisMethod;

  /** 'linked': buys debit and sells credit a cash balance in the base currency; 'off': trades are paid from outside. */
  @Column({ name: 'cash_mode', type: 'text', default: 'off' })
  cashMode!: CashMode;

  /** Bumped by a trigger on every change to the portfolio's transactions (see PortfolioLedgerCache). */
  @Column({ name: 'ledger_version', type: 'bigint', insert: false, update: false, select: false })
  ledgerVersion?: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One row per transaction; amounts are `numeric` and travel as strings so no float ever touches them. */
@Entity({ name: 'portfolio_transactions' })
export class PortfolioTransaction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'portfolio_id', type: 'uuid' })
  portfolioId!: string;

  /** Insertion order: the tie-breaker between transactions stamped with the same time (e.g. CSV rows). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'text' })
  type!: TransactionType;

  @Column({ type: 'timestamptz' })
  time!: Date;

  @Column({ type: 'text' })
  asset!: string;

  @Column({ type: 'numeric' })
  quantity!: string;

  @Column({ type: 'numeric' })
  price!: string;

  @Column({ name: 'fee_amount', type: 'numeric', nullable: true })
  feeAmount!: string | null;

  @Column({ name: 'fee_currency', type: 'text', nullable: true })
  feeCurrency!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'counterparty_portfolio_id', type: 'uuid', nullable: true })
  counterpartyPortfolioId!: string | null;

  /** Shared by both sides of a transfer between two own portfolios. */
  @Column({ name: 'transfer_id', type: 'uuid', nullable: true })
  transferId!: string | null;

  /** Content hash of an imported CSV row (unique per portfolio): re-importing a file adds nothing. */
  @Column({ name: 'import_hash', type: 'text', nullable: true })
  importHash!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
