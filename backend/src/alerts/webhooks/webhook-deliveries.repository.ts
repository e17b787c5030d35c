import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An alert event joined to its rule's webhook, as one delivery attempt needs it. */
export interface WebhookEventRow {
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

/** One recorded attempt (a row of webhook_deliveries; its attempt number is assigned here). */
export interface WebhookAttempt {
  userId: string;
  ruleId: string;
  eventId: string;
  url: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** Data access for webhook delivery: alert_events.webhook_status and the webhook_deliveries attempt log. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async eventWithWebhook(eventId: string): Promise<WebhookEventRow | undefined> {
    const [event] = (await this.db.query(
      `SELECT e.id, e.rule_id AS "ruleId", e.user_id AS "userId", e.trigger_seq AS "triggerSeq", e.triggered_at AS "triggeredAt",
              e.price::text AS price, e.message, e.webhook_status AS "webhookStatus",
              r.webhook_url AS "webhookUrl", r.webhook_secret AS "webhookSecret", r.type, r.symbol, r.threshold::text AS threshold, r.note
         FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id WHERE e.id = $1`,
      [eventId],
    )) as WebhookEventRow[];
    return event;
  }

  /** Appends the attempt as the event's next attempt number; a concurrent duplicate of the same number is dropped. */
  async recordAttempt(attempt: WebhookAttempt): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries (user_id, rule_id, event_id, attempt, url, succeeded, response_status, error, duration_ms, attempted_at)
       SELECT $1, $2, $3, COALESCE(MAX(attempt), 0) + 1, $4, $5, $6, $7, $8, $9 FROM webhook_deliveries WHERE event_id = $3
       ON CONFLICT (event_id, attempt) DO NOTHING`,
      [
        attempt.userId,
        attempt.ruleId,
        attempt.eventId,
        attempt.url,
        attempt.error === null,
        attempt.status,
        attempt.error,
        attempt.durationMs,
        attempt.at.toISOString(),
      ],
    );
  }

  async markDelivered(eventId: string): Promise<void> {
    await this.db.query(`UPDATE alert_events SET webhook_status = 'delivered' WHERE id = $1`, [eventId]);
  }

  /** Only a still-pending event becomes failed (a late success is never overwritten). */
  async markFailed(eventId: string): Promise<void> {
    await this.db.query(`UPDATE alert_events SET webhook_status = 'failed' WHERE id = $1 AND webhook_status = 'pending'`, [eventId]);
  }

  /** Events still pending that fired before `cutoff` and saw no attempt since (oldest first, at most `limit`). */
  async stalePending(cutoff: Date, limit = 100): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT e.id FROM alert_events e
        WHERE e.webhook_status = 'pending' AND e.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.attempted_at >= $1)
        ORDER BY e.created_at LIMIT $2`,
      [cutoff.toISOString(), limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
