import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { CLOCK, Clock, JOB_QUEUE, JobQueue, type JobHandlers, type JobOf } from '../../infra/ports';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';
import { coarseDeliveryError, WEBHOOK_TRANSPORT, WebhookTransport } from './webhook-transport';
import { trimDecimal } from '../../common/trim-zeros';

export const WEBHOOK_QUEUE = 'alert-webhooks';

interface EventRow {
  id: string;
  ruleId: string;
  userId: string;
  triggerSeq: number;
  triggeredAt: Date | string;
  price: string | null;
  message: string;
  webhookStatus: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  type: string;
  symbol: string | null;
  threshold: string | null;
  note: string | null;
}

/**
 * Signed webhook delivery through the JOB_QUEUE: one job per alert event (deterministic job id), the
 * queue retries a failed attempt with exponential backoff, and every attempt is a row of
 * webhook_deliveries. Delivery is at-least-once: receivers dedupe by X-Coincast-Event-Id.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const [event] = (await this.db.query(
      `SELECT e.id, e.rule_id AS "ruleId", e.user_id AS "userId", e.trigger_seq AS "triggerSeq", e.triggered_at AS "triggeredAt",
              e.price::text AS price, e.message, e.webhook_status AS "webhookStatus",
              r.webhook_url AS "webhookUrl", r.webhook_secret AS "webhookSecret", r.type, r.symbol, r.threshold::text AS threshold, r.note
         FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id WHERE e.id = $1`,
      [job.data.eventId],
    )) as EventRow[];
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
    await this.db.query(
      `INSERT INTO webhook_deliveries (user_id, rule_id, event_id, attempt, url, succeeded, response_status, error, duration_ms, attempted_at)
       SELECT $1, $2, $3, COALESCE(MAX(attempt), 0) + 1, $4, $5, $6, $7, $8, $9 FROM webhook_deliveries WHERE event_id = $3
       ON CONFLICT (event_id, attempt) DO NOTHING`,
      [event.userId, event.ruleId, event.id, event.webhookUrl, error === null, status, error, durationMs, this.clock.now().toISOString()],
    );
    if (error === null) {
      await this.db.query(`UPDATE alert_events SET webhook_status = 'delivered' WHERE id = $1`, [event.id]);
      return;
    }
    if (job.attempt >= this.config.env.ALERTS_WEBHOOK_MAX_ATTEMPTS) {
      await this.db.query(`UPDATE alert_events SET webhook_status = 'failed' WHERE id = $1 AND webhook_status = 'pending'`, [event.id]);
      this.logger.warn(`webhook for event ${event.id} failed after ${job.attempt} attempts: ${error}`);
    }
    throw new Error(`webhook delivery failed (attempt ${job.attempt}): ${error}`);
  }

  /**
   * Re-enqueues events still pending long after they fired (the process died between the commit of
   * the event and the enqueue). Same job id, so a job that still exists is not duplicated.
   */
  async sweepPending(now: Date, olderThanMs = 10 * 60_000): Promise<number> {
    const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
    const rows = (await this.db.query(
      `SELECT e.id FROM alert_events e
        WHERE e.webhook_status = 'pending' AND e.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.attempted_at >= $1)
        ORDER BY e.created_at LIMIT 100`,
      [cutoff],
    )) as { id: string }[];
    for (const row of rows) await this.enqueue(row.id);
    return rows.length;
  }
}
