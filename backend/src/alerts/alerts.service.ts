import { randomBytes } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock, PUBSUB, PubSub } from '../infra/ports';
import { parseSymbol } from '../markets/symbols';
import { AlertEvent } from './alert-event.entity';
import { PORTFOLIO_VALUER, PortfolioValuer } from './alert-ports';
import { AlertRule } from './alert-rule.entity';
import { ALERT_RULES_CHANNEL, type AlertRuleChange, type AlertRuleSnapshot } from './alert-types';
import { AlertEventDto, AlertRuleDto, CreateAlertDto, UpdateAlertDto, WebhookDeliveryDto } from './alerts.dto';
import { KnownSymbols } from './known-symbols';
import { ruleProblems, type RuleSpec } from './rule-validation';
import { WebhookDelivery } from './webhook-delivery.entity';
import { trimTrailingZeros } from '../common/trim-zeros';

const DEFAULT_COOLDOWN_MINUTES = 60;

/** Rules CRUD. Every change is announced on `alerts:rules` so every engine's index follows. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly knownSymbols: KnownSymbols,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    @Optional() @Inject(PORTFOLIO_VALUER) private readonly portfolios?: PortfolioValuer,
  ) {}

  async list(userId: string): Promise<AlertRuleDto[]> {
    const rules = await this.db.getRepository(AlertRule).find({ where: { userId }, order: { createdAt: 'DESC' } });
    return rules.map((rule) => toDto(rule));
  }

  async get(userId: string, id: string): Promise<AlertRuleDto> {
    return toDto(await this.find(userId, id));
  }

  async create(userId: string, body: CreateAlertDto): Promise<AlertRuleDto> {
    const limit = this.config.env.ALERTS_MAX_RULES_PER_USER;
    const tooMany = (count: number) =>
      new BadRequestException(`You already have ${count} alert rules, the limit is ${limit}. Delete one first.`);
    const before = await this.db.getRepository(AlertRule).count({ where: { userId } });
    if (before >= limit) throw tooMany(before); // cheap early answer, before validation
    const spec = await this.checkedSpec(userId, mergeSpec(null, body));
    const saved = await this.db.transaction(async (manager) => {
      // The user's row lock serialises concurrent creates, so the limit holds under parallel requests.
      await manager.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const count = await manager.count(AlertRule, { where: { userId } });
      if (count >= limit) throw tooMany(count);
      return manager.save(
        manager.create(AlertRule, {
          ...spec,
          userId,
          webhookSecret: spec.webhookUrl ? newWebhookSecret() : null,
          status: 'armed',
          fireCount: 0,
          lastTriggeredAt: null,
          cooldownUntil: null,
          lastForecastId: null,
        }),
      );
    });
    await this.announce(saved);
    // The webhook secret is shown here once; later reads never include it (rotate it to get a new one).
    return toDto(saved, { revealSecret: true });
  }

  /** A new webhook signing secret, shown in this answer only; the old one stops signing at once. */
  async rotateWebhookSecret(userId: string, id: string): Promise<{ webhookSecret: string }> {
    const rule = await this.find(userId, id);
    if (!rule.webhookUrl) throw new BadRequestException('This alert has no webhook: set webhookUrl first');
    const webhookSecret = newWebhookSecret();
    await this.db.getRepository(AlertRule).update({ id, userId }, { webhookSecret });
    return { webhookSecret };
  }

  async update(userId: string, id: string, body: UpdateAlertDto): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (body.type !== undefined && body.type !== rule.type) {
      throw new BadRequestException('The type of an alert cannot be changed; create a new alert instead.');
    }
    const spec = await this.checkedSpec(userId, mergeSpec(rule, body));
    // Only the columns a user controls are written, never read-modify-write of the whole row: the
    // engine may fire the rule meanwhile, and its fire_count / cooldown must not be overwritten.
    // A rule that already fired or expired is armed again, from a clean cooldown (CASE reads the old status).
    await this.db
      .createQueryBuilder()
      .update(AlertRule)
      .set({
        symbol: spec.symbol,
        threshold: spec.threshold,
        pct: spec.pct,
        windowMinutes: spec.windowMinutes,
        portfolioId: spec.portfolioId,
        direction: spec.direction,
        horizon: spec.horizon,
        probability: spec.probability,
        mode: spec.mode,
        cooldownMinutes: spec.cooldownMinutes,
        expiresAt: spec.expiresAt,
        note: spec.note,
        webhookUrl: spec.webhookUrl,
        webhookSecret: spec.webhookUrl ? (rule.webhookSecret ?? newWebhookSecret()) : null,
        status: () => `CASE WHEN status IN ('triggered', 'expired') THEN 'armed' ELSE status END`,
        cooldownUntil: () => `CASE WHEN status IN ('triggered', 'expired') THEN NULL ELSE cooldown_until END`,
      })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    const saved = await this.find(userId, id);
    await this.announce(saved);
    // A webhook added by this update gets its first secret, shown once like at creation.
    return toDto(saved, { revealSecret: !rule.webhookSecret && !!saved.webhookSecret });
  }

  async remove(userId: string, id: string): Promise<void> {
    const result = await this.db.getRepository(AlertRule).delete({ id, userId });
    if (!result.affected) throw new NotFoundException('Alert not found');
    await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'remove', ruleId: id } satisfies AlertRuleChange);
  }

  async pause(userId: string, id: string): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (rule.status === 'paused') return toDto(rule);
    if (rule.status !== 'armed') throw new BadRequestException(`Only an armed alert can be paused; this one is ${rule.status}.`);
    return this.setStatus(rule, 'paused');
  }

  async resume(userId: string, id: string): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (rule.status === 'armed') return toDto(rule);
    if (rule.status !== 'paused') {
      throw new BadRequestException(`Only a paused alert can be resumed; this one is ${rule.status} (edit it to arm it again).`);
    }
    if (rule.expiresAt && rule.expiresAt.getTime() <= this.clock.now().getTime()) {
      return this.setStatus(rule, 'expired');
    }
    return this.setStatus(rule, 'armed');
  }

  async events(userId: string, id: string): Promise<AlertEventDto[]> {
    await this.find(userId, id);
    const events = await this.db
      .getRepository(AlertEvent)
      .find({ where: { ruleId: id, userId }, order: { triggeredAt: 'DESC', triggerSeq: 'DESC' }, take: 200 });
    return events.map((e) => ({ id: e.id, triggeredAt: e.triggeredAt.toISOString(), price: trimDecimal(e.price), message: e.message }));
  }

  async deliveries(userId: string, id: string): Promise<WebhookDeliveryDto[]> {
    await this.find(userId, id);
    const rows = await this.db
      .getRepository(WebhookDelivery)
      .find({ where: { ruleId: id, userId }, order: { attemptedAt: 'DESC', attempt: 'DESC' }, take: 200 });
    return rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      attempt: d.attempt,
      url: d.url,
      succeeded: d.succeeded,
      responseStatus: d.responseStatus,
      error: d.error,
      durationMs: d.durationMs,
      attemptedAt: d.attemptedAt.toISOString(),
    }));
  }

  private async setStatus(rule: AlertRule, status: AlertRule['status']): Promise<AlertRuleDto> {
    // Conditional on the status read, so a pause never overwrites a trigger that happened meanwhile.
    const result = await this.db
      .getRepository(AlertRule)
      .update({ id: rule.id, status: rule.status }, { status });
    if (!result.affected) throw new BadRequestException('The alert changed meanwhile (it may just have fired); reload and try again.');
    const saved = await this.find(rule.userId, rule.id);
    await this.announce(saved);
    return toDto(saved);
  }

  private async find(userId: string, id: string): Promise<AlertRule> {
    const rule = await this.db.getRepository(AlertRule).findOne({ where: { id, userId } });
    if (!rule) throw new NotFoundException('Alert not found');
    return rule;
  }

  /** Validates everything at once and throws one 400 listing every problem. */
  private async checkedSpec(userId: string, spec: RuleSpec): Promise<RuleSpec> {
    const problems = ruleProblems(spec, {
      maxWindowMinutes: this.config.env.ALERTS_MAX_WINDOW_MINUTES,
      allowPrivateWebhooks: this.config.env.ALERTS_WEBHOOK_ALLOW_PRIVATE,
      now: this.clock.now(),
    });
    if (spec.symbol !== null) {
      const unified = parseSymbol(spec.symbol);
      if (!unified) problems.push(`symbol '${spec.symbol}' is not a market symbol (expected e.g. BTC/USDT)`);
      else if (!(await this.knownSymbols.isKnown(unified))) problems.push(`unknown symbol '${unified}': no market data is tracked for it`);
      else spec.symbol = unified;
    }
    if (spec.portfolioId !== null && this.portfolios && !(await this.portfolios.belongsTo(spec.portfolioId, userId))) {
      problems.push('portfolioId: portfolio not found');
    }
    if (problems.length > 0) throw new BadRequestException({ message: `Invalid alert: ${problems.join('; ')}`, details: problems });
    return spec;
  }

  private async announce(rule: AlertRule): Promise<void> {
    await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'upsert', rule: toSnapshot(rule) } satisfies AlertRuleChange);
  }
}

function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`;
}

/** Applies a create/update body over the stored rule (null = nothing stored yet). */
function mergeSpec(rule: AlertRule | null, body: UpdateAlertDto): RuleSpec {
  const pick = <K extends keyof RuleSpec>(key: K, stored: RuleSpec[K]): RuleSpec[K] => {
    const given = (body as Record<string, unknown>)[key];
    return (given === undefined ? stored : given) as RuleSpec[K];
  };
  const type = rule?.type ?? body.type!;
  const mode = pick('mode', rule?.mode ?? 'once');
  const expires = body.expiresAt === undefined ? (rule?.expiresAt ?? null) : body.expiresAt === null ? null : new Date(body.expiresAt);
  return {
    type,
    symbol: pick('symbol', rule?.symbol ?? null),
    threshold: pick('threshold', rule?.threshold ?? null),
    pct: pick('pct', rule?.pct ?? null),
    windowMinutes: pick('windowMinutes', rule?.windowMinutes ?? null),
    portfolioId: pick('portfolioId', rule?.portfolioId ?? null),
    direction: pick('direction', rule?.direction ?? null),
    horizon: pick('horizon', rule?.horizon ?? null),
    probability: pick('probability', rule?.probability ?? null),
    mode,
    cooldownMinutes: mode === 'every' ? pick('cooldownMinutes', rule?.cooldownMinutes || DEFAULT_COOLDOWN_MINUTES) : 0,
    expiresAt: expires,
    note: pick('note', rule?.note ?? null),
    webhookUrl: pick('webhookUrl', rule?.webhookUrl ?? null),
  };
}

/** "65000.000000000000000000" → "65000"; keeps significant decimals. */
export function trimDecimal(value: string | null): string | null {
  if (value === null) return null;
  return trimTrailingZeros(value);
}

export function toSnapshot(rule: AlertRule): AlertRuleSnapshot {
  return {
    id: rule.id,
    userId: rule.userId,
    type: rule.type,
    symbol: rule.symbol,
    threshold: trimDecimal(rule.threshold),
    pct: rule.pct,
    windowMinutes: rule.windowMinutes,
    portfolioId: rule.portfolioId,
    direction: rule.direction,
    horizon: rule.horizon,
    probability: rule.probability,
    mode: rule.mode,
    cooldownMinutes: rule.cooldownMinutes,
    expiresAt: rule.expiresAt?.toISOString() ?? null,
    status: rule.status,
    cooldownUntil: rule.cooldownUntil?.toISOString() ?? null,
  };
}

export function toDto(rule: AlertRule, options: { revealSecret?: boolean } = {}): AlertRuleDto {
  // The API shape is the engine's snapshot without the owner id, plus the user-facing fields.
  const { userId: _owner, ...snapshot } = toSnapshot(rule);
  return {
    ...snapshot,
    note: rule.note,
    webhookUrl: rule.webhookUrl,
    webhookSecret: options.revealSecret ? rule.webhookSecret : null,
    hasWebhookSecret: !!rule.webhookSecret,
    lastTriggeredAt: rule.lastTriggeredAt?.toISOString() ?? null,
    triggerCount: rule.fireCount,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
