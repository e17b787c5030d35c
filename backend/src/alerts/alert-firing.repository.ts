import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALERT_CHANNELS, type AlertChannels } from './alert-ports';
import type { AlertRuleSnapshot } from './alert-types';
import { alertMessage, alertTitle, type TriggerFacts } from './engine/alert-message';
import { RULE_SNAPSHOT_COLUMNS } from './armed-rules.repository';
import { trimDecimal } from '../common/trim-zeros';

export interface FiredEvent {
  id: string;
  ruleId: string;
  userId: string;
  triggerSeq: number;
  triggeredAt: Date;
  price: number | null;
  title: string;
  message: string;
  notificationId: string;
  notificationCreatedAt: Date;
  webhook: boolean;
  /** E-mail/Telegram deliveries recorded with the event, to enqueue after the commit. */
  channelDeliveries: string[];
}

export type FireOutcome = { fired: true; rule: AlertRuleSnapshot; event: FiredEvent } | { fired: false; rule: AlertRuleSnapshot | null };

type Row = AlertRuleSnapshot & { fireCount: number; note: string | null; webhookUrl: string | null; channels: string[] | null };

/**
 * The one place a rule fires. The conditional UPDATE (armed, not expired, out of cooldown — at least
 * one minute for every-rules —, not already fired for this forecast) and the event + notification
 * inserts share a transaction:
 * of two engines racing on the same trigger, the second one's UPDATE waits on the row lock, then
 * re-checks its WHERE against the committed row and matches nothing. UNIQUE (rule_id, trigger_seq)
 * backs this up at the schema level.
 */
@Injectable()
export class AlertFiringRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ALERT_CHANNELS) private readonly channels: AlertChannels,
  ) {}

  async fire(ruleId: string, at: Date, facts: TriggerFacts, forecastId: string | null = null): Promise<FireOutcome> {
    const outcome = await this.db.transaction(async (manager) => {
      const updated = rowsOf<Row>(
        await manager.query(
          `UPDATE alert_rules SET
             fire_count = fire_count + 1,
             last_triggered_at = $2,
             status = CASE WHEN mode = 'once' THEN 'triggered' ELSE status END,
             cooldown_until = CASE WHEN mode = 'every' THEN $2::timestamptz + make_interval(mins => cooldown_minutes) ELSE NULL END,
             last_forecast_id = COALESCE($3, last_forecast_id),
             updated_at = now()
           WHERE id = $1 AND status = 'armed'
             AND (expires_at IS NULL OR expires_at > $2)
             AND (cooldown_until IS NULL OR cooldown_until <= $2)
             AND ($3::text IS NULL OR last_forecast_id IS DISTINCT FROM $3::text)
           RETURNING ${RULE_SNAPSHOT_COLUMNS}, fire_count AS "fireCount", note, webhook_url AS "webhookUrl", channels`,
          [ruleId, at.toISOString(), forecastId],
        ),
      );
      const row = updated[0];
      if (!row) return null;
      const rule = normalise(row);
      const title = alertTitle(rule);
      const message = alertMessage(rule, facts);
      const [event] = rowsOf<{ id: string }>(
        await manager.query(
          `INSERT INTO alert_events (rule_id, user_id, trigger_seq, triggered_at, price, message, details, webhook_status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            rule.id,
            rule.userId,
            row.fireCount,
            at.toISOString(),
            facts.value === null ? null : facts.value.toString(),
            message,
            JSON.stringify(facts),
            row.webhookUrl ? 'pending' : null,
          ],
        ),
      );
      const body = row.note ? `${message}\n${row.note}` : message;
      const [notification] = rowsOf<{ id: string; createdAt: Date | string }>(
        await manager.query(
          `INSERT INTO notifications (user_id, alert_id, event_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, created_at AS "createdAt"`,
          [rule.userId, rule.id, event!.id, title, body, at.toISOString()],
        ),
      );
      // The e-mail/Telegram outbox rows commit with the event: none is lost if the process dies before enqueueing.
      const channelDeliveries = await this.channels.recordForEvent(manager, { id: event!.id, ruleId: rule.id, userId: rule.userId, channels: row.channels });
      const fired: FiredEvent = {
        id: event!.id,
        ruleId: rule.id,
        userId: rule.userId,
        triggerSeq: row.fireCount,
        triggeredAt: at,
        price: facts.value,
        title,
        message: body,
        notificationId: notification!.id,
        notificationCreatedAt: new Date(notification!.createdAt),
        webhook: !!row.webhookUrl,
        channelDeliveries,
      };
      return { rule, event: fired };
    });
    if (outcome) return { fired: true, ...outcome };
    return { fired: false, rule: await this.snapshot(ruleId) };
  }

  async snapshot(ruleId: string): Promise<AlertRuleSnapshot | null> {
    const rows = rowsOf<Row>(await this.db.query(`SELECT ${RULE_SNAPSHOT_COLUMNS} FROM alert_rules WHERE id = $1`, [ruleId]));
    return rows[0] ? normalise(rows[0]) : null;
  }

  /** Symbols of armed rules that are not in `tracked`. */
  async armedSymbolsOutside(tracked: readonly string[]): Promise<string[]> {
    const rows = rowsOf<{ symbol: string }>(
      await this.db.query(`SELECT DISTINCT symbol FROM alert_rules WHERE status = 'armed' AND symbol IS NOT NULL AND NOT (symbol = ANY($1::text[]))`, [
        tracked,
      ]),
    );
    return rows.map((row) => row.symbol);
  }

  /**
   * Pauses every armed rule on `symbols` (markets no longer tracked) and leaves its owner an inbox notice, in one
   * statement (so with several workers each rule is paused, and noticed, once). Returns the notices written.
   */
  async pauseUntracked(symbols: readonly string[], at: Date): Promise<UntrackedPause[]> {
    if (symbols.length === 0) return [];
    const rows = rowsOf<UntrackedPause & { createdAt: Date | string }>(
      await this.db.query(
        `WITH paused AS (
           UPDATE alert_rules SET status = 'paused', updated_at = now()
            WHERE status = 'armed' AND symbol = ANY($1::text[])
            RETURNING id, user_id, symbol
         )
         INSERT INTO notifications (user_id, alert_id, title, body, created_at)
         SELECT user_id, id, 'Alert paused: ' || symbol || ' is no longer tracked',
                'Your alert on ' || symbol || ' is paused because this market is no longer tracked here, so no prices arrive for it. '
                || 'Resume it once the market is tracked again, or delete it.', $2
           FROM paused
         RETURNING id AS "notificationId", alert_id AS "ruleId", user_id AS "userId", title, body, created_at AS "createdAt"`,
        [symbols, at.toISOString()],
      ),
    );
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  /** Marks armed or paused rules whose expiry passed; returns their ids. */
  async expireDue(now: Date, ruleId?: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await this.db.query(
        `UPDATE alert_rules SET status = 'expired', updated_at = now()
          WHERE status IN ('armed', 'paused') AND expires_at IS NOT NULL AND expires_at <= $1 AND ($2::uuid IS NULL OR id = $2::uuid)
          RETURNING id`,
        [now.toISOString(), ruleId ?? null],
      ),
    );
    return rows.map((r) => r.id);
  }
}

/** A rule paused because its market stopped being tracked, and the inbox notice its owner got. */
export interface UntrackedPause {
  notificationId: string;
  ruleId: string;
  userId: string;
  title: string;
  body: string;
  createdAt: Date;
}

function normalise(row: Row): AlertRuleSnapshot {
  return {
    id: row.id,
    userId: row.userId,
    type: row.type,
    symbol: row.symbol,
    threshold: trimDecimal(row.threshold),
    pct: row.pct === null ? null : Number(row.pct),
    windowMinutes: row.windowMinutes,
    portfolioId: row.portfolioId,
    direction: row.direction,
    horizon: row.horizon,
    probability: row.probability === null ? null : Number(row.probability),
    mode: row.mode,
    cooldownMinutes: row.cooldownMinutes,
    expiresAt: row.expiresAt,
    status: row.status,
    cooldownUntil: row.cooldownUntil,
  };
}

/** TypeORM returns rows for SELECT but [rows, count] for UPDATE … RETURNING on PostgreSQL. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
