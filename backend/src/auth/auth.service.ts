import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { EntityManager } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ConflictError, InvalidError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock, RATE_LIMITER, RateLimiter } from '../infra/ports';
import { AccountTokensRepository } from '../users/account-tokens.repository';
import { User, UserRole } from '../users/user.entity';
import { AccountEmailService } from './account-email.service';
import { AuthStateCache } from './auth-state';
import { AuthRepository } from './auth.repository';
import { AccessTokenClaims, AuthUser } from './auth-user';
import { isApiKeyFormat, normaliseEmail, passwordProblems, randomToken, sha256 } from './secrets';
import { VerifiedClaims, VerifiedTokens } from './verified-tokens';

export interface Session {
  user: { id: string; email: string; role: UserRole; isAdmin: boolean; createdAt: string };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const INVALID_TOKEN = 'Invalid or expired access token';
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** A token stamped in the future by more than this is refused (clock skew between replicas is far below it). */
const MAX_CLOCK_SKEW_SECONDS = 60;

/**
 * Delay before answering a sign-in attempt, from the failures already counted for this (account, client address):
 * none for the first three, then 250 ms doubling up to 4 s. It slows a guesser from one address without ever locking
 * the account: the owner, from another address, is neither delayed nor refused.
 */
export function loginDelayMs(previousFailures: number): number {
  return previousFailures < 3 ? 0 : Math.min(250 * 2 ** (previousFailures - 3), 4_000);
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the e-mail is unknown, so both failure paths take the same time. */
  private readonly dummyHash = argon2.hash('not-a-real-password-1', ARGON2_OPTIONS);

  constructor(
    private readonly rows: AuthRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly states: AuthStateCache,
    private readonly verifiedTokens: VerifiedTokens,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accountEmails: AccountEmailService,
    private readonly tokens: AccountTokensRepository,
  ) {}

  /** ADMIN_EMAILS grants admin to accounts that verified a listed address (here for those verified before it was set). */
  async onApplicationBootstrap(): Promise<void> {
    const listed = this.adminEmails();
    if (listed.size === 0) return;
    for (const user of await this.rows.verifiedNonAdmins([...listed])) {
      if (await this.rows.transaction((manager) => this.rows.promoteToAdmin(manager, user.id))) {
        await this.states.publish({ userId: user.id, reason: 'role' });
        this.logger.log(`${user.email} is admin (listed in ADMIN_EMAILS, address verified)`);
      }
    }
    this.logger.log(`ADMIN_EMAILS lists ${listed.size} address(es): each becomes admin once its owner verifies it through the e-mailed link`);
  }

  private adminEmails(): Set<string> {
    return new Set(this.config.env.ADMIN_EMAILS.map(normaliseEmail));
  }

  /** Sends (again) the verification link of the account's address; at most MAIL_ACCOUNT_RATE_LIMIT account e-mails an hour. */
  async requestVerification(userId: string): Promise<{ email: string; alreadyVerified: boolean }> {
    const user = await this.rows.findUser(userId);
    if (!user) throw new NotFoundError('Account not found');
    if (user.emailVerifiedAt) return { email: user.email, alreadyVerified: true };
    await this.limitAccountMail(userId, true);
    await this.accountEmails.request(userId, 'verify-email');
    return { email: user.email, alreadyVerified: false };
  }

  /** Opens the verification link: the address is verified (and becomes admin when ADMIN_EMAILS lists it). */
  async verifyEmail(token: string): Promise<{ email: string }> {
    const now = this.clock.now();
    const outcome = await this.rows.transaction(async (manager) => {
      const found = await this.tokens.consume('verify-email', sha256(token), now, manager);
      if (!found || !found.email) return null;
      // A link sent to an address the account no longer has verifies nothing.
      if (!(await this.rows.markEmailVerified(manager, found.userId, found.email, now))) return null;
      const promoted = this.adminEmails().has(found.email) && (await this.rows.promoteToAdmin(manager, found.userId));
      return { userId: found.userId, email: found.email, promoted };
    });
    if (!outcome) throw new InvalidError('This confirmation link has expired or was already used. Sign in and ask for a new one in Settings.');
    if (outcome.promoted) {
      await this.states.publish({ userId: outcome.userId, reason: 'role' });
      this.logger.log(`${outcome.email} is admin (listed in ADMIN_EMAILS, address verified)`);
    }
    return { email: outcome.email };
  }

  /**
   * Starts a password reset. The answer is the same whether or not the address has an account (nothing to learn
   * from it); the reset e-mail goes out only for an existing account, at most MAIL_ACCOUNT_RATE_LIMIT an hour.
   */
  async forgotPassword(rawEmail: string, ip: string): Promise<void> {
    await this.limit(`forgot:ip:${ip}`, this.config.env.LOGIN_RATE_LIMIT_PER_IP, 'Too many reset requests from this address');
    const user = await this.rows.findWithPassword({ email: normaliseEmail(rawEmail) });
    if (!user) return;
    if (!(await this.limitAccountMail(user.id, false))) return;
    await this.accountEmails.request(user.id, 'reset-password');
  }

  /** Sets a new password from a reset link (single use, RESET_TTL_MINUTES); every session of the account ends. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const problem = passwordProblems(newPassword);
    if (problem) throw new InvalidError(problem);
    const passwordHash = await argon2.hash(newPassword, ARGON2_OPTIONS);
    const now = this.clock.now();
    const userId = await this.rows.transaction(async (manager) => {
      const found = await this.tokens.consume('reset-password', sha256(token), now, manager);
      if (!found) return null;
      await this.rows.updatePassword(manager, found.userId, passwordHash, now);
      await this.rows.revokeAllOfUser(manager, found.userId, now);
      await this.rows.bumpEpoch(manager, found.userId);
      return found.userId;
    });
    if (!userId) throw new InvalidError('This reset link has expired or was already used. Ask for a new one.');
    await this.states.publish({ userId, reason: 'epoch' });
    await this.accountEmails.request(userId, 'password-changed');
  }

  /** Changes the sign-in address (verified again through a link to the new one); the old address gets a notice. */
  async changeEmail(userId: string, currentPassword: string, rawEmail: string): Promise<Session> {
    const user = await this.rows.findWithPassword({ id: userId });
    if (!user) throw new NotFoundError('Account not found');
    if (!(await argon2.verify(user.passwordHash, currentPassword))) throw new InvalidError('Current password is incorrect');
    const email = normaliseEmail(rawEmail);
    if (email === user.email) throw new InvalidError('This is already the address of your account');
    await this.limitAccountMail(userId, true);
    if (!(await this.rows.updateEmail(userId, email))) throw new ConflictError('An account with this email already exists');
    const now = this.clock.now();
    // Access tokens carry the address: end every session; the caller gets a fresh one.
    await this.rows.transaction(async (manager) => {
      await this.rows.revokeAllOfUser(manager, userId, now);
      await this.rows.bumpEpoch(manager, userId);
    });
    await this.states.publish({ userId, reason: 'epoch' });
    await this.accountEmails.request(userId, 'email-changed', user.email);
    await this.accountEmails.request(userId, 'verify-email');
    return this.startSession(await this.rows.getUser(userId));
  }

  /** Counts one account e-mail of the user; `strict` throws when over the hourly limit, else returns false. */
  private async limitAccountMail(userId: string, strict: boolean): Promise<boolean> {
    const result = await this.limiter.hit(`account-mail:${userId}`, this.config.env.MAIL_ACCOUNT_RATE_LIMIT, 3600);
    if (result.allowed) return true;
    if (strict)
      throw new RateLimitedError(`Too many e-mails for this account. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} min.`, result.retryAfterSeconds);
    return false;
  }

  async register(rawEmail: string, password: string, ip: string): Promise<Session> {
    await this.limit(`register:ip:${ip}`, this.config.env.REGISTER_RATE_LIMIT, 'Too many sign-ups from this address');
    const problem = passwordProblems(password);
    if (problem) throw new InvalidError(problem);
    const email = normaliseEmail(rawEmail);
    const passwordHash = await argon2.hash(password, ARGON2_OPTIONS);
    const user = await this.rows.insertUser({ email, passwordHash, passwordChangedAt: this.clock.now(), role: 'user', tokenEpoch: 0 });
    if (!user) throw new ConflictError('An account with this email already exists');
    await this.limitAccountMail(user.id, false);
    await this.accountEmails.request(user.id, 'verify-email');
    return this.startSession(user);
  }

  /**
   * Throttled per client address (all accounts) and per (account, address) with a progressive delay. There is no
   * per-account limit across addresses: it would let anyone lock the owner out by failing on purpose.
   */
  async login(rawEmail: string, password: string, ip: string): Promise<Session> {
    const email = normaliseEmail(rawEmail);
    const window = this.config.env.RATE_LIMIT_WINDOW_SECONDS;
    await this.limit(`login:ip:${ip}`, this.config.env.LOGIN_RATE_LIMIT_PER_IP, 'Too many sign-in attempts from this address');
    const pairKey = `login:account-ip:${sha256(`${email}\n${ip}`)}`;
    const perPair = this.config.env.LOGIN_RATE_LIMIT;
    const attempt = await this.limiter.hit(pairKey, perPair, window);
    if (!attempt.allowed) {
      throw new RateLimitedError(
        `Too many sign-in attempts for this account from this address. Try again in ${attempt.retryAfterSeconds} s.`,
        attempt.retryAfterSeconds,
      );
    }
    const delay = loginDelayMs(perPair - attempt.remaining - 1);
    if (delay > 0) await sleep(delay);
    const user = await this.rows.findWithPassword({ email });
    const valid = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !valid) throw new UnauthenticatedError(INVALID_CREDENTIALS);
    await this.limiter.reset(pairKey);
    return this.startSession(user);
  }

  /**
   * Rotates the refresh token. The same token presented again within REFRESH_REUSE_GRACE_SECONDS of its rotation (two
   * tabs refreshing at once) gets a working pair of its own in the same sign-in. Presented after that, it was copied:
   * the whole family is revoked and the user's token epoch bumped, so access tokens already minted from it stop working.
   */
  async refresh(presented: string): Promise<Session> {
    const now = this.clock.now();
    const tokenHash = sha256(presented);
    const graceMs = this.config.env.REFRESH_REUSE_GRACE_SECONDS * 1000;
    const outcome = await this.rows.transaction(async (manager) => {
      const token = await this.rows.findToken({ tokenHash }, manager);
      if (!token) return { kind: 'unknown' as const };
      if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' as const };
      // The conditional update is the single point of truth: of two concurrent refreshes, exactly one claims it.
      if (!(await this.rows.claimToken(manager, token.id, now))) {
        const current = await this.rows.findToken({ id: token.id }, manager);
        const withinGrace = graceMs > 0 && !!current && !current.revokedAt && !!current.usedAt && now.getTime() - current.usedAt.getTime() <= graceMs;
        if (!withinGrace) {
          await this.rows.revokeFamily(token.familyId, now, manager);
          // A rotated (not signed-out) token coming back late is the theft signal.
          const theft = !!current && !current.revokedAt && !!current.usedAt;
          if (theft) await this.rows.bumpEpoch(manager, token.userId);
          return { kind: 'reused' as const, userId: token.userId, theft };
        }
      }
      const user = await this.rows.findUser(token.userId, manager);
      if (!user) return { kind: 'unknown' as const };
      const next = await this.createRefreshToken(manager, user.id, token.familyId);
      return { kind: 'ok' as const, user, refreshToken: next };
    });
    if (outcome.kind === 'reused') {
      if (outcome.theft) await this.states.publish({ userId: outcome.userId, reason: 'epoch' });
      throw new UnauthenticatedError('This refresh token was already used; all sessions of this sign-in were revoked. Please sign in again.');
    }
    if (outcome.kind === 'expired') throw new UnauthenticatedError('Refresh token expired. Please sign in again.');
    if (outcome.kind !== 'ok') throw new UnauthenticatedError('Invalid refresh token');
    return this.sessionFor(outcome.user, outcome.refreshToken);
  }

  /** Revokes the sign-in (token family) the refresh token belongs to. Unknown tokens are ignored. */
  async logout(presented: string, userId?: string): Promise<void> {
    const token = await this.rows.findToken({ tokenHash: sha256(presented) });
    if (!token || (userId && token.userId !== userId)) return;
    await this.rows.revokeFamily(token.familyId, this.clock.now());
  }

  /** Signs the user out everywhere: every refresh token revoked, every access token refused, every socket closed. */
  async logoutEverywhere(userId: string): Promise<void> {
    const now = this.clock.now();
    await this.rows.transaction(async (manager) => {
      await this.rows.revokeAllOfUser(manager, userId, now);
      await this.rows.bumpEpoch(manager, userId);
    });
    await this.states.publish({ userId, reason: 'epoch' });
  }

  /** Answered from the authenticated identity: no database read on this hot path. */
  me(user: AuthUser): Session['user'] {
    return { id: user.id, email: user.email, role: user.role, isAdmin: user.isAdmin, createdAt: user.createdAt };
  }

  /** Changes the password and ends every other session; the caller gets a fresh session of its own. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<Session> {
    const user = await this.rows.findWithPassword({ id: userId });
    if (!user) throw new NotFoundError('Account not found');
    if (!(await argon2.verify(user.passwordHash, currentPassword))) throw new InvalidError('Current password is incorrect');
    const problem = passwordProblems(newPassword);
    if (problem) throw new InvalidError(problem);
    const now = this.clock.now();
    const passwordHash = await argon2.hash(newPassword, ARGON2_OPTIONS);
    await this.rows.transaction(async (manager) => {
      await this.rows.updatePassword(manager, userId, passwordHash, now);
      await this.rows.revokeAllOfUser(manager, userId, now);
      await this.rows.bumpEpoch(manager, userId);
    });
    await this.states.publish({ userId, reason: 'epoch' });
    await this.accountEmails.request(userId, 'password-changed');
    const fresh = await this.rows.getUser(userId);
    return this.startSession(fresh);
  }

  /** Deletes the account; every owned row goes with it through ON DELETE CASCADE foreign keys. */
  async deleteAccount(userId: string): Promise<void> {
    await this.rows.deleteUser(userId);
    await this.states.publish({ userId, reason: 'deleted' });
  }

  /** Authenticates an access token or an API key (socket handshakes, the X-API-Key header). Throws 401. */
  async authenticateToken(tokenOrKey: string): Promise<AuthUser> {
    if (isApiKeyFormat(tokenOrKey)) return this.apiKeys.authenticate(tokenOrKey);
    return this.verifyAccessToken(tokenOrKey);
  }

  async verifyAccessToken(token: string): Promise<AuthUser> {
    return this.authUserFromClaims(this.verifiedTokens.recall(token) ?? (await this.verifyClaims(token)));
  }

  /**
   * Signature (HS256 only: `alg: none` and algorithm confusion are refused), `exp` and `iat` both present, age capped
   * at the configured lifetime, and a well-formed subject and epoch. Passing tokens are remembered (VerifiedTokens).
   */
  async verifyClaims(token: string): Promise<VerifiedClaims> {
    const ttl = this.config.env.JWT_ACCESS_TTL_SECONDS;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'], maxAge: ttl });
    } catch {
      throw new UnauthenticatedError(INVALID_TOKEN);
    }
    const nowSeconds = Date.now() / 1000;
    const wellFormed =
      typeof claims.sub === 'string' &&
      typeof claims.email === 'string' &&
      typeof claims.ctm === 'string' &&
      Number.isInteger(claims.ep) &&
      typeof claims.iat === 'number' &&
      typeof claims.exp === 'number' &&
      claims.exp - claims.iat <= ttl &&
      claims.iat <= nowSeconds + MAX_CLOCK_SKEW_SECONDS;
    if (!wellFormed) throw new UnauthenticatedError(INVALID_TOKEN);
    this.verifiedTokens.remember(token, claims as VerifiedClaims);
    return claims as VerifiedClaims;
  }

  /** Turns verified claims into the caller: the account must exist and the token's epoch be the current one. */
  async authUserFromClaims(claims: VerifiedClaims): Promise<AuthUser> {
    const state = await this.states.user(claims.sub);
    if (!state.exists) throw new UnauthenticatedError('This account no longer exists');
    if (state.epoch !== claims.ep) throw new UnauthenticatedError('This session was ended (password changed or signed out everywhere). Please sign in again.');
    return {
      id: claims.sub,
      email: claims.email,
      role: state.role,
      isAdmin: state.role === 'admin',
      via: 'jwt',
      scope: 'write',
      createdAt: claims.ctm,
      expiresAt: claims.exp * 1000,
      epoch: claims.ep,
    };
  }

  private async startSession(user: User): Promise<Session> {
    const refreshToken = await this.createRefreshToken(undefined, user.id, randomUUID());
    return this.sessionFor(user, refreshToken);
  }

  private async createRefreshToken(manager: EntityManager | undefined, userId: string, familyId: string): Promise<string> {
    const token = randomToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.env.REFRESH_TTL_DAYS * 86_400_000);
    await this.rows.insertToken(manager, { userId, familyId, tokenHash: sha256(token), expiresAt });
    return token;
  }

  private async sessionFor(user: User, refreshToken: string): Promise<Session> {
    const claims: AccessTokenClaims = { sub: user.id, email: user.email, ctm: user.createdAt.toISOString(), ep: user.tokenEpoch };
    const expiresIn = this.config.env.JWT_ACCESS_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claims, { expiresIn, algorithm: 'HS256' });
    return { user: this.publicUser(user), accessToken, refreshToken, expiresIn };
  }

  private publicUser(user: User): Session['user'] {
    return { id: user.id, email: user.email, role: user.role, isAdmin: user.role === 'admin', createdAt: user.createdAt.toISOString() };
  }

  private async limit(key: string, limit: number, message: string): Promise<void> {
    const result = await this.limiter.hit(key, limit, this.config.env.RATE_LIMIT_WINDOW_SECONDS);
    if (!result.allowed) {
      throw new RateLimitedError(`${message}. Try again in ${result.retryAfterSeconds} s.`, result.retryAfterSeconds);
    }
  }
}
