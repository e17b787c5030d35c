import { BadRequestException, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { API_KEY_PREFIX, randomToken, sha256 } from '../auth/secrets';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../infra/ports';
import { User } from '../users/user.entity';
import { ApiKey, ApiKeyScope } from './api-key.entity';
import { ApiKeyDto, CreatedApiKeyDto } from './api-keys.dto';

/** last_used_at is refreshed at most this often, so a busy script does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(userId: string, name: string, scope: ApiKeyScope): Promise<CreatedApiKeyDto> {
    const repo = this.db.getRepository(ApiKey);
    const active = await repo.count({ where: { userId, revokedAt: IsNull() } });
    const limit = this.config.env.MAX_API_KEYS_PER_USER;
    if (active >= limit) throw new BadRequestException(`You already have ${active} API keys, the limit is ${limit}. Revoke one first.`);
    const secret = randomToken();
    const key = `${API_KEY_PREFIX}${secret}`;
    const saved = await repo.save({ userId, name: name.trim(), scope, prefix: key.slice(0, 10), keyHash: sha256(key), lastUsedAt: null, revokedAt: null });
    return { ...this.toDto(saved), key };
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    const keys = await this.db.getRepository(ApiKey).find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
    return keys.map((key) => this.toDto(key));
  }

  async revoke(userId: string, id: string): Promise<void> {
    const result = await this.db.getRepository(ApiKey).update({ id, userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!result.affected) throw new NotFoundException('API key not found');
  }

  async authenticate(key: string): Promise<AuthUser> {
    const found = await this.db
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .innerJoinAndMapOne('key.user', User, 'user', 'user.id = key.userId')
      .where('key.keyHash = :hash AND key.revokedAt IS NULL', { hash: sha256(key) })
      .getOne();
    const user = (found as (ApiKey & { user?: User }) | null)?.user;
    if (!found || !user) throw new UnauthorizedException('Invalid or revoked API key');
    const now = this.clock.now();
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      void this.db.getRepository(ApiKey).update({ id: found.id }, { lastUsedAt: now }).catch(() => undefined);
    }
    return {
      id: user.id,
      email: user.email,
      isAdmin: this.config.isAdmin(user.email),
      via: 'api_key',
      scope: found.scope,
      createdAt: user.createdAt.toISOString(),
    };
  }

  private toDto(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      scope: key.scope,
      prefix: key.prefix,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    };
  }
}
