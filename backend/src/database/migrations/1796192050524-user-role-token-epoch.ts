import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles live on the user row (granted by an operator with `npm run admin -w backend -- grant EMAIL`, never read from a
 * token claim), and every user has a token epoch: access tokens carry the epoch they were issued under, and bumping it
 * (password change, sign-out everywhere, refresh-token theft) invalidates every older token at once.
 */
export class UserRoleTokenEpoch1796192050524 implements MigrationInterface {
  name = 'UserRoleTokenEpoch1796192050524';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CONSTRAINT users_role_check CHECK (role IN ('user', 'admin'))`);
    await queryRunner.query(`ALTER TABLE users ADD COLUMN token_epoch integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN token_epoch`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN role`);
  }
}
