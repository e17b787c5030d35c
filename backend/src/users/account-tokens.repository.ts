import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AccountTokenPurpose = 'verify-email' | 'reset-password' | 'telegram-link';

export interface AccountTokenRow {
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  email: string | null;
  expiresAt: Date;
}

/**
 * Single-use account tokens (e-mail verification, password reset, Telegram link). Only the SHA-256 of a token is
 * stored; `consume` is one conditional UPDATE, so of two requests presenting the same token exactly one wins.
 */
@Injectable()
export class AccountTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a new token and retires the user's earlier unused ones of the same purpose (only the newest link works). */
  async issue(values: { userId: string; purpose: AccountTokenPurpose; tokenHash: string; email: string | null; expiresAt: Date; now: Date }): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(`UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [
        values.userId,
        values.purpose,
        values.now.toISOString(),
      ]);
      await manager.query(`INSERT INTO account_tokens (user_id, purpose, token_hash, email, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
        values.userId,
        values.purpose,
        values.tokenHash,
        values.email,
        values.expiresAt.toISOString(),
      ]);
    });
  }

  /** Marks the token used if it exists, has this purpose, is unused and unexpired; returns it, else undefined. */
  async consume(purpose: AccountTokenPurpose, tokenHash: string, now: Date, manager: EntityManager = this.db.manager): Promise<AccountTokenRow | undefined> {
    const result = (await manager.query(
      `UPDATE account_tokens SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING id, user_id AS "userId", purpose, email, expires_at AS "expiresAt"`,
      [tokenHash, purpose, now.toISOString()],
    )) as unknown;
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as AccountTokenRow[];
    return rows[0];
  }
}
