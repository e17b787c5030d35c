import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** Data access for api_keys. Revoked keys stay as rows (revoked_at set); "active" means not revoked. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  countActive(userId: string): Promise<number> {
    return this.db.getRepository(ApiKey).count({ where: { userId, revokedAt: IsNull() } });
  }

  insert(values: Pick<ApiKey, 'userId' | 'name' | 'scope' | 'prefix' | 'keyHash'>): Promise<ApiKey> {
    return this.db.getRepository(ApiKey).save({ ...values, lastUsedAt: null, revokedAt: null });
  }

  listActive(userId: string): Promise<ApiKey[]> {
    return this.db.getRepository(ApiKey).find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** The owner's active key with its hash (never selected otherwise). */
  findActiveWithHash(userId: string, id: string): Promise<ApiKey | null> {
    return this.db
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .addSelect('key.keyHash')
      .where('key.id = :id AND key.userId = :userId AND key.revokedAt IS NULL', { id, userId })
      .getOne();
  }

  /** False when the key was revoked meanwhile (or is not the user's). */
  async revoke(userId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db.getRepository(ApiKey).update({ id, userId, revokedAt: IsNull() }, { revokedAt: at });
    return !!result.affected;
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.db.getRepository(ApiKey).update({ id }, { lastUsedAt: at });
  }
}
