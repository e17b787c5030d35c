import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock, JOB_QUEUE, JobQueue, type JobHandlers, type JobOf } from '../infra/ports';
import { InFlight } from '../mail/in-flight';
import { Mailer } from '../mail/mailer';
import { publicUrl } from '../mail/public-url';
import { emailChangedMail, passwordChangedMail, resetPasswordMail, verifyEmailMail } from '../mail/templates';
import { AccountTokensRepository } from '../users/account-tokens.repository';
import { AuthRepository } from './auth.repository';
import { randomToken, sha256 } from './secrets';

export const ACCOUNT_MAIL_QUEUE = 'account-mail';
/** A verification link works once, for a day. */
export const VERIFY_TTL_MINUTES = 24 * 60;
/** A reset link works once, for half an hour. */
export const RESET_TTL_MINUTES = 30;

/**
 * Account e-mails (verification link, reset link, change notices) as `account-email` jobs, retried with backoff. The
 * job carries no secret: the link token is created by the job itself and only its SHA-256 is stored, so nothing in
 * the queue (Redis) could be replayed.
 */
@Injectable()
export class AccountEmailService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly inFlight = new InFlight();

  constructor(
    private readonly users: AuthRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  readonly jobs: JobHandlers<typeof ACCOUNT_MAIL_QUEUE> = { 'account-email': (job) => this.inFlight.run(() => this.send(job)) };

  onApplicationBootstrap(): void {
    if (this.config.runsWorker) this.queue.process(ACCOUNT_MAIL_QUEUE, this.jobs, { concurrency: 2 });
  }

  /** Sends that already started finish while the database is still open. */
  beforeApplicationShutdown(): Promise<void> {
    return this.inFlight.drain();
  }

  async request(userId: string, kind: JobOf<'account-email'>['data']['kind'], previousEmail?: string): Promise<void> {
    await this.queue.enqueue(
      ACCOUNT_MAIL_QUEUE,
      'account-email',
      { userId, kind, ...(previousEmail ? { previousEmail } : {}) },
      { attempts: this.config.env.NOTIFY_MAX_ATTEMPTS, backoffMs: this.config.env.NOTIFY_BACKOFF_MS },
    );
  }

  async send(job: JobOf<'account-email'>): Promise<void> {
    const user = await this.users.findUser(job.data.userId);
    if (!user) return;
    const now = this.clock.now();
    const env = this.config.env;
    const when = `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    switch (job.data.kind) {
      case 'verify-email': {
        if (user.emailVerifiedAt) return;
        const token = randomToken();
        await this.tokens.issue({
          userId: user.id,
          purpose: 'verify-email',
          tokenHash: sha256(token),
          email: user.email,
          expiresAt: new Date(now.getTime() + VERIFY_TTL_MINUTES * 60_000),
          now,
        });
        await this.mailer.send({ to: user.email, ...verifyEmailMail(publicUrl(env, `/verify-email?token=${token}`), VERIFY_TTL_MINUTES) });
        return;
      }
      case 'reset-password': {
        const token = randomToken();
        await this.tokens.issue({
          userId: user.id,
          purpose: 'reset-password',
          tokenHash: sha256(token),
          email: user.email,
          expiresAt: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000),
          now,
        });
        await this.mailer.send({ to: user.email, ...resetPasswordMail(publicUrl(env, `/reset-password?token=${token}`), RESET_TTL_MINUTES) });
        return;
      }
      case 'password-changed':
        await this.mailer.send({ to: user.email, ...passwordChangedMail(when, publicUrl(env, '/forgot-password')) });
        return;
      case 'email-changed':
        if (job.data.previousEmail) await this.mailer.send({ to: job.data.previousEmail, ...emailChangedMail(user.email, when) });
        return;
    }
  }
}
