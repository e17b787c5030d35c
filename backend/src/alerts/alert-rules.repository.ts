import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { lockUserRow } from '../database/user-lock';
import { AlertEvent } from './alert-event.entity';
import { AlertRule } from './alert-rule.entity';
import type { AlertRuleSnapshot } from './alert-types';
import { loadArmedRules } from './armed-rules.repository';
import type { RuleSpec } from './rule-validation';
import { WebhookDelivery } from './webhook-delivery.entity';

/** Rows a rule's history lists show at most. */
const HISTORY_LIMIT = 200;

/** The columns of a rule that a user controls (everything the engine writes is left alone). */
export type RuleUpdate = Omit<RuleSpec, 'type'> & { webhookSecret: string | null };

/**
 * Data access for alert_rules and the read side of a rule's history (alert_events, webhook_deliveries) as the
 * rules API needs it. The engine's writes live in AlertFiringRepository.
 */
@Injectable()
export class AlertRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every armed rule, in batches (see loadArmedRules). */
  armedRules(batchSize?: number): AsyncGenerator<AlertRuleSnapshot[]> {
    return loadArmedRules(this.db, batchSize);
  }

  listOwned(userId: string): Promise<AlertRule[]> {
    return this.db.getRepository(AlertRule).find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  findOwned(userId: string, id: string): Promise<AlertRule | null> {
    return this.db.getRepository(AlertRule).findOne({ where: { id, userId } });
  }

  countOwned(userId: string, manager: EntityManager = this.db.manager): Promise<number> {
    return manager.count(AlertRule, { where: { userId } });
  }

  /** Runs `work` in a transaction holding the user's row lock (serialises one user's creates). */
  withUserLocked<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      await lockUserRow(manager, userId);
      return work(manager);
    });
  }

  insert(manager: EntityManager, values: Partial<AlertRule>): Promise<AlertRule> {
    return manager.save(manager.create(AlertRule, values));
  }

  async setWebhookSecret(userId: string, id: string, webhookSecret: string): Promise<void> {
    await this.db.getRepository(AlertRule).update({ id, userId }, { webhookSecret });
  }

  /**
   * Writes only the columns a user controls, never read-modify-write of the whole row: the engine may fire the
   * rule meanwhile, and its fire_count / cooldown must not be overwritten. A rule that already fired or expired is
   * armed again, from a clean cooldown (CASE reads the old status).
   */
  async updateUserColumns(userId: string, id: string, values: RuleUpdate): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(AlertRule)
      .set({
        symbol: values.symbol,
        threshold: values.threshold,
        pct: values.pct,
        windowMinutes: values.windowMinutes,
        portfolioId: values.portfolioId,
        direction: values.direction,
        horizon: values.horizon,
        probability: values.probability,
        mode: values.mode,
        cooldownMinutes: values.cooldownMinutes,
        expiresAt: values.expiresAt,
        note: values.note,
        webhookUrl: values.webhookUrl,
        webhookSecret: values.webhookSecret,
        channels: values.channels,
        status: () => `CASE WHEN status IN ('triggered', 'expired') THEN 'armed' ELSE status END`,
        cooldownUntil: () => `CASE WHEN status IN ('triggered', 'expired') THEN NULL ELSE cooldown_until END`,
      })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
  }

  /** Deletes the user's rule; false when there was none. */
  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const result = await this.db.getRepository(AlertRule).delete({ id, userId });
    return !!result.affected;
  }

  /** Sets the status only if it is still `from` (a pause never overwrites a trigger that happened meanwhile). */
  async changeStatus(id: string, from: AlertRule['status'], to: AlertRule['status']): Promise<boolean> {
    const result = await this.db.getRepository(AlertRule).update({ id, status: from }, { status: to });
    return !!result.affected;
  }

  events(userId: string, ruleId: string): Promise<AlertEvent[]> {
    return this.db.getRepository(AlertEvent).find({ where: { ruleId, userId }, order: { triggeredAt: 'DESC', triggerSeq: 'DESC' }, take: HISTORY_LIMIT });
  }

  deliveries(userId: string, ruleId: string): Promise<WebhookDelivery[]> {
    return this.db.getRepository(WebhookDelivery).find({ where: { ruleId, userId }, order: { attemptedAt: 'DESC', attempt: 'DESC' }, take: HISTORY_LIMIT });
  }
}
