import { Injectable } from '@nestjs/common';
import { InvalidError, NotFoundError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { Mailer } from '../mail/mailer';
import { NotificationSettingsDto, UpdateNotificationSettingsDto } from './notification-settings.dto';
import { NotificationSettingsRepository, type ChannelSettings } from './notification-settings.repository';
import { isValidTimeZone } from './quiet-hours';
import { TelegramLinkService } from './telegram-link.service';
import { verifyUnsubscribe } from './unsubscribe-token';

/** The user's channel settings: defaults, quiet hours, hourly cap, resume, and the one-click unsubscribe. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly rows: NotificationSettingsRepository,
    private readonly telegram: TelegramLinkService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async get(userId: string): Promise<NotificationSettingsDto> {
    return this.toDto(await this.found(userId));
  }

  async update(userId: string, body: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const current = await this.found(userId);
    const problems: { field: string; message: string }[] = [];
    if (body.timeZone !== undefined && !isValidTimeZone(body.timeZone))
      problems.push({ field: 'timeZone', message: `Unknown time zone ${body.timeZone}: use a name like Europe/Paris` });
    const channels = body.defaultChannels ? [...new Set(body.defaultChannels)] : undefined;
    if (channels?.includes('email') && !current.emailVerified)
      problems.push({ field: 'defaultChannels', message: 'Confirm your e-mail address first, then choose e-mail' });
    if (channels?.includes('telegram') && !current.telegramChatId)
      problems.push({ field: 'defaultChannels', message: 'Link your Telegram chat first, then choose Telegram' });
    const start = body.quietStart === undefined ? current.quietStart : body.quietStart;
    const end = body.quietEnd === undefined ? current.quietEnd : body.quietEnd;
    if ((start === null) !== (end === null)) problems.push({ field: 'quietEnd', message: 'Set both the start and the end of quiet hours (or clear both)' });
    if (problems.length > 0) throw InvalidError.list('Notification settings were not saved', problems);
    await this.rows.update(userId, {
      defaultChannels: channels,
      quietStart: body.quietStart,
      quietEnd: body.quietEnd,
      timeZone: body.timeZone,
      hourlyCap: body.hourlyCap,
      emailEnabled: body.emailEnabled,
    });
    for (const channel of new Set(body.resume ?? [])) await this.rows.resume(userId, channel);
    return this.get(userId);
  }

  /** RFC 8058 one-click unsubscribe: alert e-mails stop (account e-mails do not). False when the link is not genuine. */
  async unsubscribe(userId: string, signature: string): Promise<boolean> {
    if (!verifyUnsubscribe(this.config.jwtSecret, userId, signature)) return false;
    if (!(await this.rows.get(userId))) return false;
    await this.rows.update(userId, { emailEnabled: false });
    return true;
  }

  private async found(userId: string): Promise<ChannelSettings> {
    const settings = await this.rows.get(userId);
    if (!settings) throw new NotFoundError('Account not found');
    return settings;
  }

  private toDto(s: ChannelSettings): NotificationSettingsDto {
    return {
      email: { address: s.email, verified: s.emailVerified, enabled: s.emailEnabled, paused: !!s.emailPausedAt, sending: this.mailer.sending },
      telegram: { available: this.telegram.available, linked: !!s.telegramChatId, paused: !!s.telegramPausedAt },
      defaultChannels: s.defaultChannels,
      quietStart: s.quietStart,
      quietEnd: s.quietEnd,
      timeZone: s.timeZone,
      hourlyCap: s.hourlyCap ?? this.config.env.NOTIFY_HOURLY_CAP,
    };
  }
}
