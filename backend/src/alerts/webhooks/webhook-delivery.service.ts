import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CLOCK, Clock, JOB_QUEUE, JobQueue, type JobHandlers, type JobOf } from '../../infra/ports';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';
import { coarseDeliveryError, WEBHOOK_TRANSPORT, WebhookTransport } from './webhook-transport';
import { trimDecimal } from '../../common/trim-zeros';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export const WEBHOOK_QUEUE = 'alert-webhooks';

/**
 * Signed webhook delivery through the JOB_QUEUE: one job per alert event (deterministic job id), the
 * queue retries a failed attempt with exponential backoff, and every attempt is a row of
 * webhook_deliveries. Delivery is at-least-once: receivers dedupe by X-Coincast-Event-Id.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly rows: WebhookDeliveriesRepository,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(WEBHOOK_TRANSPORT) private readonly transport: WebhookTransport,
  ) {}

  /** The alerts domain's job handler table (infra/jobs.ts). */
  readonly jobs: JobHandlers<typeof WEBHOOK_QUEUE> = { 'deliver-webhook': (job) => this.deliver(job) };

  onApplicationBootstrap(): void {
    if (this.config.runsWorker) this.queue.process(WEBHOOK_QUEUE, this.jobs, { concurrency: 4 });
  }

  async enqueue(eventId: string): Promise<void> {
    await this.queue.enqueue(
      WEBHOOK_QUEUE,
      'deliver-webhook',
      { eventId },
      {
        jobId: `webhook:${eventId}`,
        attempts: this.config.env.ALERTS_WEBHOOK_MAX_ATTEMPTS,
        backoffMs: this.config.env.ALERTS_WEBHOOK_BACKOFF_MS,
      },
    );
  }

  /** One attempt. Throws on failure so the queue schedules the next attempt. */
  async deliver(job: JobOf<'deliver-webhook'>): Promise<void> {
    const event = await this.rows.eventWithWebhook(job.data.eventId);
    // Deleted, already delivered, or the webhook was removed from the rule: nothing to do.
    if (!event || event.webhookStatus !== 'pending' || !event.webhookUrl || !event.webhookSecret) return;

    const body = JSON.stringify({
      id: event.id,
      type: 'alert.triggered',
      alert: { id: event.ruleId, type: event.type, symbol: event.symbol, threshold: trimDecimal(event.threshold), note: event.note },
      event: {
        id: event.id,
        sequence: event.triggerSeq,
        triggeredAt: new Date(event.triggeredAt).toISOString(),
        price: trimDecimal(event.price),
        message: event.message,
      },
    });
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Coincast-Webhooks/1',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signWebhook(event.webhookSecret, timestamp, body),
      [EVENT_ID_HEADER]: event.id,
    };
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      // The transport resolves, checks and pins the destination address (SSRF and DNS-rebinding safe).
      status = (await this.transport.post(event.webhookUrl, headers, body, this.config.env.ALERTS_WEBHOOK_TIMEOUT_MS)).status;
      if (status < 200 || status >= 300) error = `receiver answered HTTP ${status}`;
    } catch (caught) {
      // Users see a coarse reason (stored, shown in the deliveries list); the detail stays in the server log.
      error = coarseDeliveryError(caught);
      const detail = caught instanceof Error ? (caught.cause instanceof Error ? `${caught.message}: ${caught.cause.message}` : caught.message) : String(caught);
      this.logger.warn(`webhook attempt ${job.attempt} for event ${event.id} failed: ${detail}`);
    }
    const durationMs = Math.round(performance.now() - started);
    await this.rows.recordAttempt({
      userId: event.userId,
      ruleId: event.ruleId,
      eventId: event.id,
      url: event.webhookUrl,
      status,
      error,
      durationMs,
      at: this.clock.now(),
    });
    if (error === null) {
      await this.rows.markDelivered(event.id);
      return;
    }
    if (job.attempt >= this.config.env.ALERTS_WEBHOOK_MAX_ATTEMPTS) {
      await this.rows.markFailed(event.id);
      this.logger.warn(`webhook for event ${event.id} failed after ${job.attempt} attempts: ${error}`);
    }
    throw new Error(`webhook delivery failed (attempt ${job.attempt}): ${error}`);
  }

  /**
   * Re-enqueues events still pending long after they fired (the process died between the commit of
   * the event and the enqueue). Same job id, so a job that still exists is not duplicated.
   */
  async sweepPending(now: Date, olderThanMs = 10 * 60_000): Promise<number> {
    const eventIds = await this.rows.stalePending(new Date(now.getTime() - olderThanMs));
    for (const eventId of eventIds) await this.enqueue(eventId);
    return eventIds.length;
  }
}
