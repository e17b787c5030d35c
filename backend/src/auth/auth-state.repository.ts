import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApiKeyScope } from '../api-keys/api-key.entity';
import type { UserAuthState, VerifiedKey } from './auth-state';

/** The two lookups behind AuthStateCache (a user's role and epoch; an active API key with its owner). */
@Injectable()
export class AuthStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's current role and epoch; `exists: false` for a deleted account. */
  async userState(userId: string): Promise<UserAuthState> {
    const [row] = (await this.db.query(`SELECT role, token_epoch AS epoch FROM users WHERE id = $1`, [userId])) as Array<{
      role: UserAuthState['role'];
      epoch: number;
    }>;
    return row ? { exists: true, role: row.role, epoch: Number(row.epoch) } : { exists: false, role: 'user', epoch: -1 };
  }

  /** The active (not revoked) key with this hash, joined to its owner; null when there is none. */
  async activeKey(keyHash: string): Promise<VerifiedKey | null> {
    const [row] = (await this.db.query(
      `SELECT k.id, k.user_id AS "userId", k.scope, k.last_used_at AS "lastUsedAt", u.email, u.created_at AS "createdAt"
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    )) as Array<{ id: string; userId: string; scope: ApiKeyScope; lastUsedAt: Date | string | null; email: string; createdAt: Date | string }>;
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      scope: row.scope,
      email: row.email,
      createdAt: new Date(row.createdAt).toISOString(),
      lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).getTime() : null,
    };
  }
}
