import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache, CLOCK, Clock, RATE_LIMITER, RateLimiter } from '../infra/ports';
import { User } from '../users/user.entity';
import { AccessTokenClaims, AuthUser } from './auth-user';
import { RefreshToken } from './refresh-token.entity';
import { isApiKeyFormat, normaliseEmail, passwordProblems, randomToken, sha256 } from './secrets';

export interface Session {
  user: { id: string; email: string; isAdmin: boolean; createdAt: string };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const deletedAccountKey = (userId: string) => `auth:deleted:${userId}`;
const INVALID_CREDENTIALS = 'Invalid email or password';
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class AuthService {
  /** Verified against when the e-mail is unknown, so both failure paths take the same time. */
  private readonly dummyHash = argon2.hash('not-a-real-password-1', ARGON2_OPTIONS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CACHE) private readonly cache: Cache,
  ) {}

  async register(rawEmail: string, password: string, ip: string): Promise<Session> {
    await this.limit(`register:ip:${ip}`, this.config.env.REGISTER_RATE_LIMIT, 'Too many sign-ups from this address');
    const problem = passwordProblems(password);
    if (problem) throw new BadRequestException(problem);
    const email = normaliseEmail(rawEmail);
    const passwordHash = await argon2.hash(password, ARGON2_OPTIONS);
    let user: User;
    try {
      user = await this.db.getRepository(User).save({ email, passwordHash, passwordChangedAt: this.clock.now() });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictException('An account with this email already exists');
      throw error;
    }
    return this.startSession(user);
  }

  async login(rawEmail: string, password: string, ip: string): Promise<Session> {
    const email = normaliseEmail(rawEmail);
    await this.limit(`login:ip:${ip}`, this.config.env.LOGIN_RATE_LIMIT_PER_IP, 'Too many sign-in attempts from this address');
    await this.limit(`login:account:${sha256(email)}`, this.config.env.LOGIN_RATE_LIMIT, 'Too many sign-in attempts for this account');
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
    const valid = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !valid) throw new UnauthorizedException(INVALID_CREDENTIALS);
    await this.limiter.reset(`login:account:${sha256(email)}`);
    return this.startSession(user);
  }

  /** Rotates the refresh token. A token presented twice means it was copied: the whole family is revoked. */
  async refresh(presented: string): Promise<Session> {
    const now = this.clock.now();
    const tokenHash = sha256(presented);
    const outcome = await this.db.transaction(async (manager) => {
      const tokens = manager.getRepository(RefreshToken);
      const token = await tokens.findOne({ where: { tokenHash } });
      if (!token) return { kind: 'unknown' as const };
      // The conditional update is the single point of truth: of two concurrent refreshes, exactly one wins.
      const claimed = await tokens.update({ id: token.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now });
      if (!claimed.affected) {
        await tokens.update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { kind: 'reused' as const };
      }
      if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' as const };
      const user = await manager.getRepository(User).findOne({ where: { id: token.userId } });
      if (!user) return { kind: 'unknown' as const };
      const next = await this.createRefreshToken(manager.getRepository(RefreshToken), user.id, token.familyId);
      return { kind: 'ok' as const, user, refreshToken: next };
    });
    if (outcome.kind === 'reused') throw new UnauthorizedException('This refresh token was already used; all sessions of this sign-in were revoked. Please sign in again.');
    if (outcome.kind === 'expired') throw new UnauthorizedException('Refresh token expired. Please sign in again.');
    if (outcome.kind !== 'ok') throw new UnauthorizedException('Invalid refresh token');
    return this.sessionFor(outcome.user, outcome.refreshToken);
  }

  /** Revokes the sign-in (token family) the refresh token belongs to. Unknown tokens are ignored. */
  async logout(presented: string, userId?: string): Promise<void> {
    const token = await this.db.getRepository(RefreshToken).findOne({ where: { tokenHash: sha256(presented) } });
    if (!token || (userId && token.userId !== userId)) return;
    await this.db.getRepository(RefreshToken).update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Answered from the authenticated identity: no database read on this hot path. */
  me(user: AuthUser): Session['user'] {
    return { id: user.id, email: user.email, isAdmin: user.isAdmin, createdAt: user.createdAt };
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :userId', { userId })
      .getOne();
    if (!user) throw new NotFoundException('Account not found');
    if (!(await argon2.verify(user.passwordHash, currentPassword))) throw new BadRequestException('Current password is incorrect');
    const problem = passwordProblems(newPassword);
    if (problem) throw new BadRequestException(problem);
    const now = this.clock.now();
    const passwordHash = await argon2.hash(newPassword, ARGON2_OPTIONS);
    await this.db.transaction(async (manager) => {
      await manager.getRepository(User).update({ id: userId }, { passwordHash, passwordChangedAt: now });
      await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: now });
    });
  }

  /** Deletes the account; every owned row goes with it through ON DELETE CASCADE foreign keys. */
  async deleteAccount(userId: string): Promise<void> {
    await this.db.getRepository(User).delete({ id: userId });
    // Access tokens are stateless: remember the deletion for as long as one of them can live.
    await this.cache.set(deletedAccountKey(userId), true, this.config.env.JWT_ACCESS_TTL_SECONDS);
  }

  /** Authenticates an access token or an API key (socket handshakes, the X-API-Key header). Throws 401. */
  async authenticateToken(tokenOrKey: string): Promise<AuthUser> {
    if (isApiKeyFormat(tokenOrKey)) return this.apiKeys.authenticate(tokenOrKey);
    return this.verifyAccessToken(tokenOrKey);
  }

  async verifyAccessToken(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('Invalid or expired access token');
    }
    return this.authUserFromClaims(claims);
  }

  /** Turns verified claims into the caller; refuses tokens of deleted accounts. */
  async authUserFromClaims(claims: AccessTokenClaims): Promise<AuthUser> {
    if (await this.cache.get(deletedAccountKey(claims.sub))) throw new UnauthorizedException('This account no longer exists');
    return {
      id: claims.sub,
      email: claims.email,
      isAdmin: this.isAdmin(claims.email),
      via: 'jwt',
      scope: 'write',
      createdAt: claims.ctm,
      ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
    };
  }

  isAdmin(email: string): boolean {
    return this.config.isAdmin(email);
  }

  private async startSession(user: User): Promise<Session> {
    const refreshToken = await this.createRefreshToken(this.db.getRepository(RefreshToken), user.id, randomUUID());
    return this.sessionFor(user, refreshToken);
  }

  private async createRefreshToken(repo: Repository<RefreshToken>, userId: string, familyId: string): Promise<string> {
    const token = randomToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.env.REFRESH_TTL_DAYS * 86_400_000);
    await repo.insert({ userId, familyId, tokenHash: sha256(token), expiresAt });
    return token;
  }

  private async sessionFor(user: User, refreshToken: string): Promise<Session> {
    const claims: AccessTokenClaims = { sub: user.id, email: user.email, ctm: user.createdAt.toISOString() };
    const expiresIn = this.config.env.JWT_ACCESS_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claims, { expiresIn, algorithm: 'HS256' });
    return { user: this.publicUser(user), accessToken, refreshToken, expiresIn };
  }

  private publicUser(user: User): Session['user'] {
    return { id: user.id, email: user.email, isAdmin: this.isAdmin(user.email), createdAt: user.createdAt.toISOString() };
  }

  private async limit(key: string, limit: number, message: string): Promise<void> {
    const result = await this.limiter.hit(key, limit, this.config.env.RATE_LIMIT_WINDOW_SECONDS);
    if (!result.allowed) {
      throw new TooManyRequestsException(`${message}. Try again in ${result.retryAfterSeconds} s.`, result.retryAfterSeconds);
    }
  }
}
