import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { CLOCK, Clock, JOB_QUEUE, JobQueue, type JobHandlers, type JobOf } from '../infra/ports';
import { InFlight } from '../mail/in-flight';
import { Mailer } from '../mail/mailer';
import { publicUrl } from '../mail/public-url';
import { alertMail, digestMail } from '../mail/templates';
import { ChannelDeliveriesRepository, type DeliveryWork } from './channel-deliveries.repository';
import { NotificationSettingsRepository, type ChannelSettings, type ExternalChannel, EXTERNAL_CHANNELS } from './notification-settings.repository';
import { NotificationsRepository } from './notifications.repository';
import { inQuietHours } from './quiet-hours';
import { TELEGRAM_API, TelegramError, type TelegramApi } from './telegram-client';
import { unsubscribeSignature } from './unsubscribe-token';

export const NOTIFICATIONS_QUEUE = 'notifications';
/** How long one attempt may hold its claim before another worker may take the delivery over. */
const LEASE_MS = 120_000;
const HOUR_MS = 3_600_000;
const SWEEP_MS = 60_000;

/** One line of a rule's e-mail/Telegram history. */
export interface ChannelHistoryItem {
  id: string;
  eventId: string | null;
  channel: ExternalChannel;
  status: string;
  attempt: number;
  succeeded: boolean;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** A person-readable time in the user's zone (e-mail and Telegram bodies). */
function readableTime(at: Date, timeZone: string): string {
  return `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at)} (${timeZone.replace(/_/g, ' ')})`;
}

/**
 * E-mail and Telegram delivery of alert events. The firing transaction records one channel_deliveries row per
 * (event, channel) (UNIQUE), each then runs as a `deliver-notification` job: claimed by one conditional UPDATE (so two
 * workers never both send it), held for a digest in quiet hours or past the hourly cap, sent, and every attempt
 * logged. A failure is retried with exponential backoff; a message that fails every attempt counts against the
 * channel, and NOTIFY_PAUSE_AFTER_FAILURES of them in a row pause it with an in-app notice.
 */
@Injectable()
export class ChannelDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChannelDeliveryService.name);
  private readonly inFlight = new InFlight();
  @Inject(PeriodicTriggers) private readonly triggers!: PeriodicTriggers;

  constructor(
    private readonly deliveries: ChannelDeliveriesRepository,
    private readonly settings: NotificationSettingsRepository,
    private readonly inbox: NotificationsRepository,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    @Inject(TELEGRAM_API) private readonly telegram: TelegramApi,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  readonly jobs: JobHandlers<typeof NOTIFICATIONS_QUEUE> = {
    'deliver-notification': (job) => this.inFlight.run(() => this.deliver(job)),
    'notification-digest': async (job) => {
      await this.inFlight.run(() => this.digest(job.data.slot));
    },
  };

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.queue.process(NOTIFICATIONS_QUEUE, this.jobs, { concurrency: 4 });
    const every = this.config.env.NOTIFY_DIGEST_EVERY_MS;
    this.triggers.every('notifications:digest', every, async () => {
      const slot = Math.floor(this.clock.now().getTime() / every) * every;
      await this.queue.enqueue(NOTIFICATIONS_QUEUE, 'notification-digest', { slot }, { jobId: `notification-digest:${slot}` });
    });
    this.triggers.every('notifications:sweep', SWEEP_MS, () => this.sweep(this.clock.now()));
  }

  /** Deliveries that already started finish while the database is still open. */
  beforeApplicationShutdown(): Promise<void> {
    return this.inFlight.drain();
  }

  /** Whether the user may pick these channels now (e-mail needs a verified address, Telegram a linked chat); null = fine. */
  async channelProblem(userId: string, channels: readonly string[]): Promise<string | null> {
    const unknown = channels.filter((c) => !EXTERNAL_CHANNELS.includes(c as ExternalChannel));
    if (unknown.length > 0) return `Unknown channel ${unknown.join(', ')}: choose from email and telegram`;
    const settings = await this.settings.get(userId);
    if (!settings) return 'Account not found';
    if (channels.includes('email') && !settings.emailVerified) return 'Confirm your e-mail address first (Settings → Notifications), then choose e-mail';
    if (channels.includes('telegram') && !this.telegram.configured) return 'Telegram is not set up on this server';
    if (channels.includes('telegram') && !settings.telegramChatId) return 'Link your Telegram chat first (Settings → Notifications), then choose Telegram';
    return null;
  }

  /**
   * In the firing transaction: one delivery per channel of the rule (its own channels, else the user's defaults). A
   * channel that cannot be used now is recorded as skipped with the reason, so the history says why nothing came.
   */
  async recordForEvent(manager: EntityManager, event: { id: string; ruleId: string; userId: string; channels: string[] | null }): Promise<string[]> {
    const settings = await this.settings.get(event.userId, manager);
    if (!settings) return [];
    const channels = (event.channels ?? settings.defaultChannels).filter((c): c is ExternalChannel => EXTERNAL_CHANNELS.includes(c as ExternalChannel));
    if (channels.length === 0) return [];
    return this.deliveries.insertForEvent(
      manager,
      event,
      channels.map((channel) => ({ channel, skipReason: this.unavailable(settings, channel) })),
    );
  }

  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    for (const deliveryId of deliveryIds) {
      await this.queue.enqueue(
        NOTIFICATIONS_QUEUE,
        'deliver-notification',
        { deliveryId },
        { jobId: `notify:${deliveryId}`, attempts: this.config.env.NOTIFY_MAX_ATTEMPTS, backoffMs: this.config.env.NOTIFY_BACKOFF_MS },
      );
    }
  }

  async history(userId: string, ruleId: string, limit = 100): Promise<ChannelHistoryItem[]> {
    const rows = await this.deliveries.ruleHistory(userId, ruleId, limit);
    return rows.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      channel: row.channel,
      status: row.status,
      attempt: row.attempt ?? 0,
      succeeded: row.succeeded ?? false,
      error: row.attempt === null ? row.reason : row.error,
      durationMs: row.durationMs ?? 0,
      at: new Date(row.at),
    }));
  }

  /** One attempt. Throws on a failure that should be retried (the queue backs off and runs it again). */
  async deliver(job: JobOf<'deliver-notification'>): Promise<void> {
    const now = this.clock.now();
    const work = await this.deliveries.claim(job.data.deliveryId, now, LEASE_MS);
    // Sent, held, skipped, or being sent by another worker right now: nothing to do.
    if (!work) return;
    const settings = await this.settings.get(work.userId);
    if (!settings) return this.deliveries.finish(work.id, 'skipped', 'account deleted', now);
    const unavailable = this.unavailable(settings, work.channel);
    if (unavailable) return this.deliveries.finish(work.id, 'skipped', unavailable, now);
    if (work.kind === 'alert') {
      if (inQuietHours(now, { start: settings.quietStart, end: settings.quietEnd, timeZone: settings.timeZone })) {
        return this.deliveries.finish(work.id, 'held', 'quiet hours: sent in the next digest', now);
      }
      const cap = settings.hourlyCap ?? this.config.env.NOTIFY_HOURLY_CAP;
      if (!(await this.deliveries.admitUnderCap(work.id, work.userId, work.channel, new Date(now.getTime() - HOUR_MS), cap, now))) {
        return this.deliveries.finish(work.id, 'held', `more than ${cap} messages this hour: sent in the next digest`, now);
      }
    }
    const started = performance.now();
    let error: string | null = null;
    let chatGone = false;
    try {
      await this.send(work, settings);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      chatGone = caught instanceof TelegramError && caught.chatGone;
      this.logger.warn(`${work.channel} delivery ${work.id} attempt ${work.attempts} failed: ${error}`);
    }
    const at = this.clock.now();
    await this.deliveries.recordAttempt({ deliveryId: work.id, attempt: work.attempts, error, durationMs: Math.round(performance.now() - started), at });
    if (error === null) {
      await this.deliveries.finish(work.id, 'sent', null, at);
      await this.settings.resetFailures(work.userId, work.channel);
      return;
    }
    if (chatGone) {
      // The bot was blocked or the chat deleted: retrying cannot help. Unlink, and tell the user in the app.
      await this.deliveries.finish(work.id, 'failed', 'the Telegram chat is gone (bot blocked or chat deleted)', at);
      await this.settings.unlinkTelegram({ userId: work.userId });
      await this.inbox.insertNotice(
        work.userId,
        'Telegram unlinked',
        'Coincast can no longer write to your Telegram chat, so it was unlinked. Link it again in Settings.',
        at,
      );
      return;
    }
    if (work.attempts >= this.config.env.NOTIFY_MAX_ATTEMPTS) {
      // The channel's failure count (and pause) first, so whoever sees the failed delivery also sees the pause.
      await this.countFailure(work.userId, work.channel, at);
      await this.deliveries.finish(work.id, 'failed', `failed after ${work.attempts} attempts`, at);
      return;
    }
    await this.deliveries.finish(work.id, 'pending', null, at);
    throw new Error(`${work.channel} delivery failed (attempt ${work.attempts}): ${error}`);
  }

  /**
   * Sends what was held (quiet hours, hourly cap) as one digest per (user, channel), once the user is out of quiet
   * hours and at most once an hour. The slot is in the digest's UNIQUE key, so N workers make one digest.
   */
  async digest(slot: number): Promise<number> {
    const now = this.clock.now();
    let created = 0;
    for (const group of await this.deliveries.heldGroups()) {
      if (group.lastDigestAt && now.getTime() - new Date(group.lastDigestAt).getTime() < HOUR_MS) continue;
      const settings = await this.settings.get(group.userId);
      if (!settings || inQuietHours(now, { start: settings.quietStart, end: settings.quietEnd, timeZone: settings.timeZone })) continue;
      const id = await this.deliveries.createDigest(group.userId, group.channel, slot);
      if (!id) continue;
      created++;
      await this.enqueue([id]);
    }
    return created;
  }

  /** Re-enqueues deliveries left pending (a crash between commit and enqueue) or claimed by a worker that died. */
  async sweep(now: Date, olderThanMs = 5 * 60_000): Promise<number> {
    const ids = await this.deliveries.stale(new Date(now.getTime() - olderThanMs), now);
    for (const id of ids) {
      await this.queue.enqueue(
        NOTIFICATIONS_QUEUE,
        'deliver-notification',
        { deliveryId: id },
        { jobId: `notify:${id}:sweep:${now.getTime()}`, attempts: this.config.env.NOTIFY_MAX_ATTEMPTS, backoffMs: this.config.env.NOTIFY_BACKOFF_MS },
      );
    }
    return ids.length;
  }

  private unavailable(settings: ChannelSettings, channel: ExternalChannel): string | null {
    if (channel === 'email') {
      if (!settings.emailVerified) return 'e-mail address not verified';
      if (!settings.emailEnabled) return 'alert e-mails are switched off (unsubscribed)';
      if (settings.emailPausedAt) return 'e-mail is paused after repeated failures';
      return null;
    }
    if (!this.telegram.configured) return 'Telegram is not set up on this server';
    if (!settings.telegramChatId) return 'no Telegram chat linked';
    if (settings.telegramPausedAt) return 'Telegram is paused after repeated failures';
    return null;
  }

  private async send(work: DeliveryWork, settings: ChannelSettings): Promise<void> {
    const env = this.config.env;
    const dashboardUrl = publicUrl(env, '/alerts');
    const unsubscribeUrl = publicUrl(env, `/api/v1/notifications/unsubscribe?u=${work.userId}&s=${unsubscribeSignature(this.config.jwtSecret, work.userId)}`);
    const items =
      work.kind === 'digest'
        ? (await this.deliveries.digestItems(work.id)).map((item) => ({
            title: item.title,
            message: item.message,
            triggeredAt: readableTime(new Date(item.triggeredAt), settings.timeZone),
          }))
        : [];
    const title = work.title ?? 'Alert';
    const message = work.message ?? '';
    const triggeredAt = work.triggeredAt ? readableTime(new Date(work.triggeredAt), settings.timeZone) : '';
    if (work.channel === 'email') {
      const rendered =
        work.kind === 'digest' ? digestMail(items, dashboardUrl, unsubscribeUrl) : alertMail({ title, message, triggeredAt, dashboardUrl, unsubscribeUrl });
      await this.mailer.send({
        to: settings.email,
        ...rendered,
        // RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs List-Unsubscribe=One-Click to the URL.
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      return;
    }
    const text =
      work.kind === 'digest'
        ? `${items.length} alert${items.length === 1 ? '' : 's'} held during quiet hours or past your hourly limit:\n${items.map((i) => `• ${i.triggeredAt} — ${i.title}: ${i.message}`).join('\n')}\n\n${dashboardUrl}`
        : `🔔 ${title}\n${message}\n${triggeredAt}\n\n${dashboardUrl}`;
    await this.telegram.sendMessage(settings.telegramChatId!, text.slice(0, 4000));
  }

  private async countFailure(userId: string, channel: ExternalChannel, at: Date): Promise<void> {
    const inARow = await this.settings.countFailure(userId, channel);
    if (inARow < this.config.env.NOTIFY_PAUSE_AFTER_FAILURES) return;
    if (!(await this.settings.pause(userId, channel, at))) return;
    const name = channel === 'email' ? 'E-mail' : 'Telegram';
    await this.inbox.insertNotice(
      userId,
      `${name} alerts paused`,
      `${inARow} ${name === 'E-mail' ? 'e-mails' : 'Telegram messages'} in a row could not be delivered, so Coincast stopped sending them. Check the address or chat in Settings → Notifications and resume.`,
      at,
    );
    this.logger.warn(`${channel} paused for user ${userId} after ${inARow} failed messages in a row`);
  }
}
