import { Module } from '@nestjs/common';
import { StreamPublisher } from '../stream/stream-publisher';
import { USER_PUSH } from './alert-ports';
import { AlertEngineService } from './alert-engine.service';
import { AlertFiringRepository } from './alert-firing.repository';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { KnownSymbols } from './known-symbols';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { FetchWebhookTransport, WEBHOOK_TRANSPORT } from './webhooks/webhook-transport';

/**
 * Alerts: rules API (api role), engine and webhook worker (worker role; both in `all`).
 * USER_PUSH is the stream domain's StreamPublisher. Optional providers from other domains, not yet
 * wired: PORTFOLIO_VALUER (portfolios), FORECAST_READER (forecasts) — see alert-ports.ts.
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
    // In-app push: the stream domain's publisher (global module) emits to room user:<id> from any process.
    { provide: USER_PUSH, useExisting: StreamPublisher },
  ],
  exports: [AlertEngineService, AlertsService],
})
export class AlertsModule {}
