import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolios (issue 20): the linked-cash mode (buys debit and sells credit a cash balance in the base currency),
 * target weights for rebalancing, and a ledger version that every change to a portfolio's transactions bumps, so a
 * replayed ledger can be kept in memory and reused until its portfolio (or a sibling linked by a transfer) changes.
 * The version is bumped by statement-level triggers, whatever code path writes the rows (API, CSV import, exchange
 * sync): one UPDATE per statement, not per row, so a 10,000-row import bumps it once per insert chunk.
 */
export class PortfoliosCashTargetsLedgerVersion1796192113571 implements MigrationInterface {
  name = 'PortfoliosCashTargetsLedgerVersion1796192113571';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE portfolios ADD COLUMN cash_mode text NOT NULL DEFAULT 'off' CONSTRAINT portfolios_cash_mode_check CHECK (cash_mode IN ('off', 'linked'))`,
    );
    await queryRunner.query(`ALTER TABLE portfolios ADD COLUMN ledger_version bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION portfolio_ledger_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE portfolios SET ledger_version = ledger_version + 1 WHERE id IN (SELECT DISTINCT portfolio_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE portfolios SET ledger_version = ledger_version + 1 WHERE id IN (SELECT DISTINCT portfolio_id FROM old_rows);
        ELSE
          UPDATE portfolios SET ledger_version = ledger_version + 1
           WHERE id IN (SELECT portfolio_id FROM new_rows UNION SELECT portfolio_id FROM old_rows);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER portfolio_transactions_version_insert AFTER INSERT ON portfolio_transactions
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_ledger_version_bump()`);
    await queryRunner.query(`CREATE TRIGGER portfolio_transactions_version_update AFTER UPDATE ON portfolio_transactions
      REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_ledger_version_bump()`);
    await queryRunner.query(`CREATE TRIGGER portfolio_transactions_version_delete AFTER DELETE ON portfolio_transactions
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_ledger_version_bump()`);
    await queryRunner.query(`
      CREATE TABLE portfolio_targets (
        portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        asset text NOT NULL,
        weight_pct numeric NOT NULL CONSTRAINT portfolio_targets_weight_check CHECK (weight_pct >= 0 AND weight_pct <= 100),
        PRIMARY KEY (portfolio_id, asset)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE portfolio_targets`);
    await queryRunner.query(`DROP TRIGGER portfolio_transactions_version_delete ON portfolio_transactions`);
    await queryRunner.query(`DROP TRIGGER portfolio_transactions_version_update ON portfolio_transactions`);
    await queryRunner.query(`DROP TRIGGER portfolio_transactions_version_insert ON portfolio_transactions`);
    await queryRunner.query(`DROP FUNCTION portfolio_ledger_version_bump()`);
    await queryRunner.query(`ALTER TABLE portfolios DROP COLUMN ledger_version`);
    await queryRunner.query(`ALTER TABLE portfolios DROP COLUMN cash_mode`);
  }
}
