import { Inject, Injectable } from '@nestjs/common';
import { AuthStateCache } from '../auth/auth-state';
import { AuthUser } from '../auth/auth-user';
import { API_KEY_PREFIX, randomToken, sha256 } from '../auth/secrets';
import { LimitReachedError, NotFoundError, UnauthenticatedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../infra/ports';
import { ApiKey, ApiKeyScope } from './api-key.entity';
import { ApiKeyDto, CreatedApiKeyDto } from './api-keys.dto';
import { ApiKeysRepository } from './api-keys.repository';

/** last_used_at is refreshed at most this often, so a busy script does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly config: AppConfig,
    private readonly states: AuthStateCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(userId: string, name: string, scope: ApiKeyScope): Promise<CreatedApiKeyDto> {
    const active = await this.keys.countActive(userId);
    const limit = this.config.env.MAX_API_KEYS_PER_USER;
    if (active >= limit) throw new LimitReachedError(`You already have ${active} API keys, the limit is ${limit}. Revoke one first.`);
    const secret = randomToken();
    const key = `${API_KEY_PREFIX}${secret}`;
    const saved = await this.keys.insert({ userId, name: name.trim(), scope, prefix: key.slice(0, 10), keyHash: sha256(key) });
    return { ...this.toDto(saved), key };
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    const keys = await this.keys.listActive(userId);
    return keys.map((key) => this.toDto(key));
  }

  /** Revokes the key on every replica (verified-key caches dropped through pub/sub) and closes its sockets. */
  async revoke(userId: string, id: string): Promise<void> {
    const key = await this.keys.findActiveWithHash(userId, id);
    if (!key || !(await this.keys.revoke(userId, id, this.clock.now()))) throw new NotFoundError('API key not found');
    await this.states.publish({ userId, keyHash: key.keyHash, reason: 'api_key_revoked' });
  }

  /**
   * The caller of an X-API-Key: a verified-key cache (kept exact by revocation messages) plus the owner's cached
   * state, so a warm key costs no database round trip; an unknown or revoked key is looked up every time.
   */
  async authenticate(key: string): Promise<AuthUser> {
    if (key.length > 200) throw new UnauthenticatedError('Invalid or revoked API key');
    const keyHash = sha256(key);
    const found = await this.states.apiKey(keyHash);
    if (!found) throw new UnauthenticatedError('Invalid or revoked API key');
    const owner = await this.states.user(found.userId);
    if (!owner.exists) throw new UnauthenticatedError('Invalid or revoked API key');
    const now = Date.now();
    if (found.lastUsedAt === null || now - found.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      found.lastUsedAt = now;
      void this.keys.touchLastUsed(found.id, this.clock.now()).catch(() => undefined);
    }
    return {
      id: found.userId,
      email: found.email,
      role: owner.role,
      isAdmin: owner.role === 'admin',
      via: 'api_key',
      scope: found.scope,
      createdAt: found.createdAt,
      keyHash,
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
