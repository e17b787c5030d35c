import { Module } from '@nestjs/common';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { MarketsModule } from '../markets/markets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ChannelDeliveryService } from '../notifications/channel-delivery.service';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { StreamModule } from '../stream/stream.module';
import { StreamPublisher } from '../stream/stream-publisher';
import { ALERT_CHANNELS, PORTFOLIO_VALUER, USER_PUSH } from './alert-ports';
import { AlertEngineService } from './alert-engine.service';
import { AlertFiringRepository } from './alert-firing.repository';
import { AlertRulesRepository } from './alert-rules.repository';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { KnownSymbols } from './known-symbols';
import { PortfoliosValuerAdapter } from './portfolio-valuer.adapter';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { AppConfig } from '../config/app-config';
import { PinnedWebhookTransport, WEBHOOK_TRANSPORT } from './webhooks/webhook-transport';

/**
 * Alerts: rules API (api role), engine and webhook worker (worker role; both in `all`).
 * Other domains behind alert-ports.ts, all required: USER_PUSH = StreamPublisher, PORTFOLIO_VALUER = the
 * portfolios domain (adapter here), FORECAST_READER = exported by the forecasts module.
 */
@Module({
  imports: [PortfoliosModule, ForecastsModule, MarketsModule, StreamModule, MetricsModule, NotificationsModule],
  controllers: [AlertsController],
  providers: [
    AlertsService,
    KnownSymbols,
    AlertFiringRepository,
    AlertRulesRepository,
    AlertEngineService,
    WebhookDeliveryService,
    WebhookDeliveriesRepository,
    { provide: WEBHOOK_TRANSPORT, inject: [AppConfig], useFactory: (config: AppConfig) => new PinnedWebhookTransport(config.env.ALERTS_WEBHOOK_ALLOW_PRIVATE) },
    // In-app push: the stream domain's publisher emits to room user:<id> from any process.
    { provide: USER_PUSH, useExisting: StreamPublisher },
    { provide: PORTFOLIO_VALUER, useClass: PortfoliosValuerAdapter },
    // E-mail and Telegram: the notifications domain's delivery service.
    { provide: ALERT_CHANNELS, useExisting: ChannelDeliveryService },
  ],
  exports: [AlertEngineService, AlertsService],
})
export class AlertsModule {}
