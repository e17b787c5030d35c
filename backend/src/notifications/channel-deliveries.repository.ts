import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ExternalChannel } from './notification-settings.repository';
import { rowsOf } from './sql-rows';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'digested' | 'skipped';

/** A delivery as one attempt needs it: the row, its alert event (null for a digest) and the rule's note. */
export interface DeliveryWork {
  id: string;
  userId: string;
  ruleId: string | null;
  eventId: string | null;
  channel: ExternalChannel;
  kind: 'alert' | 'digest';
  attempts: number;
  title: string | null;
  message: string | null;
  triggeredAt: Date | null;
}

export interface DigestItemRow {
  title: string;
  message: string;
  triggeredAt: Date;
}

export interface DeliveryHistoryRow {
  id: string;
  eventId: string | null;
  channel: ExternalChannel;
  status: DeliveryStatus;
  reason: string | null;
  attempt: number | null;
  succeeded: boolean | null;
  error: string | null;
  durationMs: number | null;
  at: Date;
}

/**
 * SQL of channel_deliveries (one row per alert event and channel: UNIQUE (event_id, channel) is what makes a message
 * go out at most once per channel, whichever worker and however many times the job runs) and its attempt log.
 */
@Injectable()
export class ChannelDeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts the event's deliveries (in the firing transaction); a row that exists already is kept. Returns pending ids. */
  async insertForEvent(
    manager: EntityManager,
    event: { id: string; ruleId: string; userId: string },
    rows: { channel: ExternalChannel; skipReason: string | null }[],
  ): Promise<string[]> {
    const pending: string[] = [];
    for (const row of rows) {
      const inserted = (await manager.query(
        `INSERT INTO channel_deliveries (user_id, rule_id, event_id, channel, status, reason) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, channel) DO NOTHING RETURNING id`,
        [event.userId, event.ruleId, event.id, row.channel, row.skipReason ? 'skipped' : 'pending', row.skipReason],
      )) as { id: string }[];
      if (inserted[0] && !row.skipReason) pending.push(inserted[0].id);
    }
    return pending;
  }

  /**
   * Claims the delivery for one attempt: only a pending row, or one whose previous attempt's lease ran out (its worker
   * died), is claimed. Of two workers running the same delivery at once, exactly one gets it.
   */
  async claim(id: string, now: Date, leaseMs: number): Promise<DeliveryWork | undefined> {
    const [claimed] = rowsOf<{ id: string }>(
      await this.db.query(
        `UPDATE channel_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2::timestamptz + make_interval(secs => $3)
          WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND lease_until < $2)) RETURNING id`,
        [id, now.toISOString(), leaseMs / 1000],
      ),
    );
    if (!claimed) return undefined;
    const [work] = (await this.db.query(
      `SELECT d.id, d.user_id AS "userId", d.rule_id AS "ruleId", d.event_id AS "eventId", d.channel, d.kind, d.attempts,
              n.title, COALESCE(n.body, e.message) AS message, e.triggered_at AS "triggeredAt"
         FROM channel_deliveries d
         LEFT JOIN alert_events e ON e.id = d.event_id
         LEFT JOIN LATERAL (SELECT title, body FROM notifications WHERE event_id = d.event_id ORDER BY created_at LIMIT 1) n ON true
        WHERE d.id = $1`,
      [id],
    )) as DeliveryWork[];
    return work;
  }

  async recordAttempt(attempt: { deliveryId: string; attempt: number; error: string | null; durationMs: number; at: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO channel_delivery_attempts (delivery_id, attempt, succeeded, error, duration_ms, attempted_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [attempt.deliveryId, attempt.attempt, attempt.error === null, attempt.error, attempt.durationMs, attempt.at.toISOString()],
    );
  }

  /** Ends the claimed attempt: sent, failed, held, skipped, or back to pending for the next attempt. */
  async finish(id: string, status: DeliveryStatus, reason: string | null, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE channel_deliveries SET status = $2, reason = COALESCE($3, reason), lease_until = NULL,
              sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz ELSE sent_at END
        WHERE id = $1 AND status = 'sending'`,
      [id, status, reason, now.toISOString()],
    );
  }

  /**
   * The hourly cap, atomically: under the user's settings-row lock, counts messages of the channel that went out (or
   * are going out) since `since`; below `cap`, admits this one (stamps sent_at, which counts it for the next caller).
   */
  async admitUnderCap(id: string, userId: string, channel: ExternalChannel, since: Date, cap: number, now: Date): Promise<boolean> {
    await this.db.query(`INSERT INTO notification_settings (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM notification_settings WHERE user_id = $1 FOR UPDATE`, [userId]);
      const [row] = (await manager.query(
        `SELECT count(*)::int AS n FROM channel_deliveries
          WHERE user_id = $1 AND channel = $2 AND status IN ('sent', 'sending') AND sent_at >= $3 AND id <> $4`,
        [userId, channel, since.toISOString(), id],
      )) as { n: number }[];
      if ((row?.n ?? 0) >= cap) return false;
      await manager.query(`UPDATE channel_deliveries SET sent_at = $2 WHERE id = $1`, [id, now.toISOString()]);
      return true;
    });
  }

  /** (user, channel) pairs with held messages, and when their last digest went out. */
  async heldGroups(): Promise<{ userId: string; channel: ExternalChannel; lastDigestAt: Date | null }[]> {
    return (await this.db.query(
      `SELECT h.user_id AS "userId", h.channel,
              (SELECT max(d.sent_at) FROM channel_deliveries d WHERE d.user_id = h.user_id AND d.channel = h.channel AND d.kind = 'digest') AS "lastDigestAt"
         FROM channel_deliveries h WHERE h.status = 'held' GROUP BY h.user_id, h.channel LIMIT 500`,
    )) as { userId: string; channel: ExternalChannel; lastDigestAt: Date | null }[];
  }

  /** One digest per (user, channel, slot): UNIQUE makes a second worker's attempt a no-op. Returns its id when created. */
  async createDigest(userId: string, channel: ExternalChannel, slot: number): Promise<string | undefined> {
    return this.db.transaction(async (manager) => {
      const [digest] = (await manager.query(
        `INSERT INTO channel_deliveries (user_id, channel, kind, status, digest_slot) VALUES ($1, $2, 'digest', 'pending', $3)
         ON CONFLICT (user_id, channel, digest_slot) DO NOTHING RETURNING id`,
        [userId, channel, slot],
      )) as { id: string }[];
      if (!digest) return undefined;
      const moved = rowsOf<{ id: string }>(
        await manager.query(
          `UPDATE channel_deliveries SET status = 'digested', digest_id = $3 WHERE user_id = $1 AND channel = $2 AND status = 'held' RETURNING id`,
          [userId, channel, digest.id],
        ),
      );
      if (moved.length === 0) {
        await manager.query(`DELETE FROM channel_deliveries WHERE id = $1`, [digest.id]);
        return undefined;
      }
      return digest.id;
    });
  }

  async digestItems(digestId: string): Promise<DigestItemRow[]> {
    return (await this.db.query(
      `SELECT COALESCE(n.title, 'Alert') AS title, COALESCE(n.body, e.message) AS message, e.triggered_at AS "triggeredAt"
         FROM channel_deliveries d JOIN alert_events e ON e.id = d.event_id
         LEFT JOIN LATERAL (SELECT title, body FROM notifications WHERE event_id = d.event_id ORDER BY created_at LIMIT 1) n ON true
        WHERE d.digest_id = $1 ORDER BY e.triggered_at LIMIT 200`,
      [digestId],
    )) as DigestItemRow[];
  }

  /** Pending deliveries older than `cutoff` with no attempt since, and claimed ones whose lease ran out (re-enqueued by the sweep). */
  async stale(cutoff: Date, now: Date, limit = 200): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT d.id FROM channel_deliveries d
        WHERE ((d.status = 'pending' AND d.created_at < $1) OR (d.status = 'sending' AND d.lease_until < $2))
          AND NOT EXISTS (SELECT 1 FROM channel_delivery_attempts a WHERE a.delivery_id = d.id AND a.attempted_at >= $1)
        ORDER BY d.created_at LIMIT $3`,
      [cutoff.toISOString(), now.toISOString(), limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** A rule's e-mail/Telegram history: one line per attempt, plus one per delivery that had none (held, skipped, waiting). */
  async ruleHistory(userId: string, ruleId: string, limit: number): Promise<DeliveryHistoryRow[]> {
    return (await this.db.query(
      `SELECT d.id, d.event_id AS "eventId", d.channel, d.status, d.reason, a.attempt, a.succeeded, a.error, a.duration_ms AS "durationMs",
              COALESCE(a.attempted_at, d.created_at) AS at
         FROM channel_deliveries d LEFT JOIN channel_delivery_attempts a ON a.delivery_id = d.id
        WHERE d.user_id = $1 AND d.rule_id = $2
        ORDER BY at DESC, a.attempt DESC NULLS LAST LIMIT $3`,
      [userId, ruleId, limit],
    )) as DeliveryHistoryRow[];
  }
}
