import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolios and their transactions. Amounts are `numeric` (exact decimals). Holdings are never stored: they are
 * replayed from the transactions, so an edit or delete anywhere in the history recomputes everything after it.
 */
export class Portfolios1763902000000 implements MigrationInterface {
  name = 'Portfolios1763902000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE portfolios (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        base_currency text NOT NULL CHECK (base_currency IN ('USD', 'USDT')),
        cost_basis_method text NOT NULL CHECK (cost_basis_method IN ('average', 'fifo')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX portfolios_user ON portfolios (user_id)`);
    await queryRunner.query(`
      CREATE TABLE portfolio_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        type text NOT NULL CHECK (type IN ('buy', 'sell', 'deposit', 'withdraw', 'transfer_in', 'transfer_out', 'fee', 'income')),
        time timestamptz NOT NULL,
        asset text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity > 0),
        price numeric NOT NULL CHECK (price >= 0),
        fee_amount numeric CHECK (fee_amount >= 0),
        fee_currency text,
        note text,
        counterparty_portfolio_id uuid REFERENCES portfolios(id) ON DELETE SET NULL,
        transfer_id uuid,
        import_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Replays read a portfolio's history in time order.
    await queryRunner.query(`CREATE INDEX portfolio_transactions_history ON portfolio_transactions (portfolio_id, time, seq)`);
    // Duplicate detection of imports is enforced by the database, not only checked by the service.
    await queryRunner.query(
      `CREATE UNIQUE INDEX portfolio_transactions_import_hash ON portfolio_transactions (portfolio_id, import_hash) WHERE import_hash IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX portfolio_transactions_transfer ON portfolio_transactions (transfer_id) WHERE transfer_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX portfolio_transactions_user ON portfolio_transactions (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE portfolio_transactions`);
    await queryRunner.query(`DROP TABLE portfolios`);
  }
}
