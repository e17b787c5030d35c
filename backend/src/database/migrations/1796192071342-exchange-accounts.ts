import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchange accounts connected to a portfolio with a read-only API key (the secret sealed with AES-256-GCM, never
 * stored in the clear), the log of their syncs, and the imported rows held back because they look like a manual
 * entry of the same portfolio (shown to the user, never merged silently).
 */
export class ExchangeAccounts1796192071342 implements MigrationInterface {
  name = 'ExchangeAccounts1796192071342';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exchange_accounts (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        exchange text NOT NULL,
        label text NOT NULL,
        api_key text NOT NULL,
        secret_sealed text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_key')),
        status_message text,
        cursor jsonb NOT NULL DEFAULT '{}',
        last_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exchange_accounts_key_unique UNIQUE (user_id, exchange, api_key)
      )`);
    await queryRunner.query(`CREATE INDEX exchange_accounts_portfolio ON exchange_accounts (portfolio_id)`);
    await queryRunner.query(`
      CREATE TABLE exchange_syncs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES exchange_accounts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        trigger text NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        phase text,
        fetched integer NOT NULL DEFAULT 0,
        added integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        conflicts integer NOT NULL DEFAULT 0,
        skipped jsonb NOT NULL DEFAULT '[]',
        error text,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX exchange_syncs_account ON exchange_syncs (account_id, created_at DESC)`);
    // At most one sync waiting or running per account: a second request joins it.
    await queryRunner.query(`CREATE UNIQUE INDEX exchange_syncs_one_active ON exchange_syncs (account_id) WHERE status IN ('queued', 'running')`);
    await queryRunner.query(`
      CREATE TABLE exchange_sync_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES exchange_accounts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        external_key text NOT NULL,
        draft jsonb NOT NULL,
        manual_transaction_id uuid,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'imported', 'dismissed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT exchange_sync_conflicts_key UNIQUE (account_id, external_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE exchange_sync_conflicts`);
    await queryRunner.query(`DROP TABLE exchange_syncs`);
    await queryRunner.query(`DROP TABLE exchange_accounts`);
  }
}
