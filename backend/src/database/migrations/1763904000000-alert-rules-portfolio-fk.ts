import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * alert_rules.portfolio_id was created before the portfolios table existed (the two migrations were written in
 * parallel). Without a foreign key, deleting a portfolio left its portfolio_value rules behind, armed but never able
 * to fire. Rules that already point nowhere are removed; from now on they go with their portfolio.
 */
export class AlertRulesPortfolioFk1763904000000 implements MigrationInterface {
  name = 'AlertRulesPortfolioFk1763904000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM alert_rules r WHERE r.portfolio_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM portfolios p WHERE p.id = r.portfolio_id)`,
    );
    await queryRunner.query(
      `ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_portfolio_fk FOREIGN KEY (portfolio_id) REFERENCES portfolios(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(`CREATE INDEX alert_rules_portfolio ON alert_rules (portfolio_id) WHERE portfolio_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX alert_rules_portfolio`);
    await queryRunner.query(`ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_portfolio_fk`);
  }
}
