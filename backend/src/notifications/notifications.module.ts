import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { ChannelDeliveriesRepository } from './channel-deliveries.repository';
import { ChannelDeliveryService } from './channel-delivery.service';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsRepository } from './notification-settings.repository';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { HttpTelegramApi, TELEGRAM_API } from './telegram-client';
import { TelegramLinkService } from './telegram-link.service';
import { TelegramPollStateRepository } from './telegram-poll-state.repository';

/**
 * Notifications: the in-app inbox, and delivery by e-mail and Telegram (channel settings, Telegram linking, the
 * delivery worker). Alerts reach ChannelDeliveryService through its ALERT_CHANNELS port.
 */
@Module({
  imports: [MailModule, UsersModule],
  controllers: [NotificationsController, NotificationSettingsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    NotificationSettingsRepository,
    NotificationSettingsService,
    ChannelDeliveriesRepository,
    ChannelDeliveryService,
    TelegramLinkService,
    TelegramPollStateRepository,
    {
      provide: TELEGRAM_API,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new HttpTelegramApi(config.env.TELEGRAM_API_URL, config.env.TELEGRAM_BOT_TOKEN),
    },
  ],
  exports: [NotificationsService, ChannelDeliveryService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(private readonly http: HttpAdapterHost) {}

  /** RFC 8058 clients POST a form body (List-Unsubscribe=One-Click); accept it instead of answering 415. */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter?.getInstance?.() as
      | {
          hasContentTypeParser(type: string): boolean;
          addContentTypeParser(type: string, options: object, parser: (req: unknown, body: string, done: (e: Error | null, v?: unknown) => void) => void): void;
        }
      | undefined;
    if (!fastify || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body))),
    );
  }
}
