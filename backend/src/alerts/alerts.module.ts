import { Module } from '@nestjs/common';
import { AlertEngineService } from './alert-engine.service';
import { AlertFiringRepository } from './alert-firing.repository';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { KnownSymbols } from './known-symbols';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { FetchWebhookTransport, WEBHOOK_TRANSPORT } from './webhooks/webhook-transport';

/**
 * Alerts: rules API (api role), engine and webhook worker (worker role; both in `all`).
 * Optional providers from other domains: USER_PUSH (stream), PORTFOLIO_VALUER (portfolios),
 * FORECAST_READER (forecasts) — see alert-ports.ts.
 */
@Module({
  controllers: [AlertsController],
  providers: [
    AlertsService,
    KnownSymbols,
    AlertFiringRepository,
    AlertEngineService,
    WebhookDeliveryService,
    { provide: WEBHOOK_TRANSPORT, useClass: FetchWebhookTransport },
  ],
  exports: [AlertEngineService, AlertsService],
})
export class AlertsModule {}
