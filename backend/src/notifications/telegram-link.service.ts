import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomToken, sha256 } from '../auth/secrets';
import { UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { CLOCK, Clock, JOB_QUEUE, JobQueue, type JobHandlers } from '../infra/ports';
import { InFlight } from '../mail/in-flight';
import { AccountTokensRepository } from '../users/account-tokens.repository';
import { NotificationSettingsRepository } from './notification-settings.repository';
import { TelegramPollStateRepository } from './telegram-poll-state.repository';
import { TELEGRAM_API, type TelegramApi, type TelegramUpdate } from './telegram-client';

export const TELEGRAM_QUEUE = 'telegram';
/** A link from the dashboard works once, for this long. */
export const TELEGRAM_LINK_TTL_MS = 15 * 60_000;

/**
 * Linking a Telegram chat: the dashboard gets a one-time deep link https://t.me/<bot>?start=<token> (only the token's
 * SHA-256 is stored); the worker polls getUpdates (a periodic trigger enqueues one `telegram-poll` job per slot) and
 * `/start <token>` links the chat that sent it, `/stop` unlinks it. The getUpdates offset lives in the database and
 * is claimed with a short lease, so two workers never consume the same updates.
 */
@Injectable()
export class TelegramLinkService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TelegramLinkService.name);
  private readonly inFlight = new InFlight();
  private username: string | undefined;
  @Inject(PeriodicTriggers) private readonly triggers!: PeriodicTriggers;

  constructor(
    private readonly pollState: TelegramPollStateRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly settings: NotificationSettingsRepository,
    private readonly config: AppConfig,
    @Inject(TELEGRAM_API) private readonly telegram: TelegramApi,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {
    this.username = config.env.TELEGRAM_BOT_USERNAME?.replace(/^@/, '');
  }

  readonly jobs: JobHandlers<typeof TELEGRAM_QUEUE> = { 'telegram-poll': () => this.inFlight.run(() => this.poll()).then(() => undefined) };

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker || !this.telegram.configured) return;
    this.queue.process(TELEGRAM_QUEUE, this.jobs, { concurrency: 1 });
    const every = this.config.env.TELEGRAM_POLL_MS;
    this.triggers.every('notifications:telegram-poll', every, async () => {
      const slot = Math.floor(this.clock.now().getTime() / every) * every;
      await this.queue.enqueue(TELEGRAM_QUEUE, 'telegram-poll', { slot }, { jobId: `telegram-poll:${slot}` });
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.inFlight.drain();
  }

  get available(): boolean {
    return this.telegram.configured;
  }

  async createLink(userId: string): Promise<{ url: string; expiresAt: Date }> {
    if (!this.telegram.configured) throw new UnavailableError('Telegram is not set up on this server (the operator sets TELEGRAM_BOT_TOKEN).');
    this.username ??= (await this.telegram.getMe()).username;
    // 32 base64url characters: within Telegram's 64-character limit for start parameters.
    const token = randomToken(24);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + TELEGRAM_LINK_TTL_MS);
    await this.tokens.issue({ userId, purpose: 'telegram-link', tokenHash: sha256(token), email: null, expiresAt, now });
    return { url: `https://t.me/${this.username}?start=${token}`, expiresAt };
  }

  /** Unlink from the dashboard; the chat is told (best effort). */
  async unlink(userId: string): Promise<void> {
    const was = await this.settings.unlinkTelegram({ userId });
    if (was) await this.reply(was.chatId, 'This chat was unlinked from your Coincast account. You will get no more alerts here.');
  }

  /** One getUpdates round; returns how many updates were handled. */
  async poll(): Promise<number> {
    if (!this.telegram.configured) return 0;
    // A lease, not a long transaction: the Bot API call and the linking run outside any open transaction.
    const offset = await this.pollState.claim(this.clock.now());
    if (offset === undefined) return 0; // another worker is polling
    let next: number | undefined;
    try {
      const updates = await this.telegram.getUpdates(offset);
      for (const update of updates)
        await this.handle(update).catch((error: unknown) => this.logger.warn(`telegram update ${update.update_id}: ${String(error)}`));
      if (updates.length > 0) next = Math.max(...updates.map((u) => u.update_id)) + 1;
      return updates.length;
    } finally {
      await this.pollState.release(next);
    }
  }

  private async handle(update: TelegramUpdate): Promise<void> {
    const text = update.message?.text?.trim();
    const chat = update.message?.chat.id;
    if (!text || chat === undefined) return;
    const chatId = String(chat);
    const [command, argument] = text.split(/\s+/, 2);
    const name = command?.split('@')[0];
    if (name === '/start') {
      if (!argument) {
        await this.reply(chatId, 'To get your Coincast alerts here, open Settings → Notifications in Coincast and press "Link Telegram".');
        return;
      }
      const token = await this.tokens.consume('telegram-link', sha256(argument), this.clock.now());
      if (!token) {
        await this.reply(chatId, 'This link has expired or was already used. Open Settings → Notifications in Coincast for a new one.');
        return;
      }
      await this.settings.linkTelegram(token.userId, chatId, this.clock.now());
      await this.reply(chatId, 'Linked to your Coincast account: alerts with Telegram as a channel will arrive here. Send /stop to unlink.');
      return;
    }
    if (name === '/stop') {
      const was = await this.settings.unlinkTelegram({ chatId });
      await this.reply(chatId, was ? 'Unlinked: this chat gets no more Coincast alerts.' : 'This chat is not linked to a Coincast account.');
    }
  }

  private async reply(chatId: string, text: string): Promise<void> {
    await this.telegram.sendMessage(chatId, text).catch((error: unknown) => this.logger.warn(`telegram reply failed: ${String(error)}`));
  }
}
