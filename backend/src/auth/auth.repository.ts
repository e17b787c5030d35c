import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { User } from '../users/user.entity';
import { RefreshToken } from './refresh-token.entity';

const UNIQUE_VIOLATION = '23505';

/**
 * The SQL that sessions need on users and refresh_tokens. Methods that take a manager run inside the caller's
 * transaction (see `transaction`).
 */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts a user; undefined when the e-mail is taken (unique index). */
  async insertUser(values: Pick<User, 'email' | 'passwordHash' | 'passwordChangedAt' | 'role' | 'tokenEpoch'>): Promise<User | undefined> {
    try {
      return await this.db.getRepository(User).save(values);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  /** The user with its password hash (never selected otherwise). */
  findWithPassword(by: { email: string } | { id: string }): Promise<User | null> {
    const query = this.db.getRepository(User).createQueryBuilder('user').addSelect('user.passwordHash');
    return ('email' in by ? query.where('user.email = :email', { email: by.email }) : query.where('user.id = :userId', { userId: by.id })).getOne();
  }

  findUser(id: string, manager: EntityManager = this.db.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id } });
  }

  getUser(id: string): Promise<User> {
    return this.db.getRepository(User).findOneOrFail({ where: { id } });
  }

  async updatePassword(manager: EntityManager, userId: string, passwordHash: string, changedAt: Date): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, { passwordHash, passwordChangedAt: changedAt });
  }

  /** Makes every access token minted before now stale (their epoch no longer matches). */
  async bumpEpoch(manager: EntityManager, userId: string): Promise<void> {
    await manager.getRepository(User).increment({ id: userId }, 'tokenEpoch', 1);
  }

  /** Deletes the account; every owned row goes with it through ON DELETE CASCADE foreign keys. */
  async deleteUser(userId: string): Promise<void> {
    await this.db.getRepository(User).delete({ id: userId });
  }

  findToken(by: { tokenHash: string } | { id: string }, manager: EntityManager = this.db.manager): Promise<RefreshToken | null> {
    return manager.getRepository(RefreshToken).findOne({ where: by });
  }

  async insertToken(manager: EntityManager | undefined, values: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await (manager ?? this.db.manager).getRepository(RefreshToken).insert(values);
  }

  /** Marks the token used if it is neither used nor revoked; false when another request claimed it first. */
  async claimToken(manager: EntityManager, id: string, now: Date): Promise<boolean> {
    const claimed = await manager.getRepository(RefreshToken).update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now });
    return !!claimed.affected;
  }

  async revokeFamily(familyId: string, now: Date, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeAllOfUser(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** Marks the address verified, only if the account still has this address; false otherwise. */
  async markEmailVerified(manager: EntityManager, userId: string, email: string, at: Date): Promise<boolean> {
    const result = await manager.getRepository(User).update({ id: userId, email }, { emailVerifiedAt: at });
    return !!result.affected;
  }

  /** Makes a verified account admin; true when the role changed. */
  async promoteToAdmin(manager: EntityManager, userId: string): Promise<boolean> {
    const result = await manager.getRepository(User).update({ id: userId, role: 'user' }, { role: 'admin' });
    return !!result.affected;
  }

  /** Verified accounts among these addresses that are not admin yet (ADMIN_EMAILS at start-up). */
  verifiedNonAdmins(emails: string[]): Promise<User[]> {
    if (emails.length === 0) return Promise.resolve([]);
    return this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .where('user.email IN (:...emails)', { emails })
      .andWhere('user.email_verified_at IS NOT NULL')
      .andWhere("user.role = 'user'")
      .getMany();
  }

  /** Changes the address (unverified again); false when another account has it. */
  async updateEmail(userId: string, email: string): Promise<boolean> {
    try {
      await this.db.getRepository(User).update({ id: userId }, { email, emailVerifiedAt: null });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }
}
