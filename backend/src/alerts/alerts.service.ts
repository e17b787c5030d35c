import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidError, LimitReachedError, NotFoundError } from '../common/domain-errors';
import { trimDecimal } from '../common/trim-zeros';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock, PUBSUB, PubSub } from '../infra/ports';
import { marketIdsOf } from '../markets/exchanges-config';
import type { MarketIds } from '../markets/market-id';
import { ALERT_CHANNELS, PORTFOLIO_VALUER, type AlertChannels, PortfolioValuer } from './alert-ports';
import { AlertRule } from './alert-rule.entity';
import { AlertRulesRepository } from './alert-rules.repository';
import { ALERT_RULES_CHANNEL, type AlertRuleChange, type AlertRuleSnapshot } from './alert-types';
import { AlertEventDto, AlertRuleDto, CreateAlertDto, UpdateAlertDto, WebhookDeliveryDto } from './alerts.dto';
import { KnownSymbols } from './known-symbols';
import { ruleProblems, type RuleSpec } from './rule-validation';

const DEFAULT_COOLDOWN_MINUTES = 60;

/** Rules CRUD. Every change is announced on `alerts:rules` so every engine's index follows. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly config: AppConfig,
    private readonly knownSymbols: KnownSymbols,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    @Inject(PORTFOLIO_VALUER) private readonly portfolios: PortfolioValuer,
    @Inject(ALERT_CHANNELS) private readonly channels: AlertChannels,
  ) {
    this.ids = marketIdsOf(config.env);
  }

  /** Market ids of this install (alert rules name `BTC/USDT@kraken` off the home exchange). */
  private readonly ids: MarketIds;

  async list(userId: string): Promise<AlertRuleDto[]> {
    const rules = await this.rules.listOwned(userId);
    return rules.map((rule) => toDto(rule, this.ids));
  }

  async get(userId: string, id: string): Promise<AlertRuleDto> {
    return toDto(await this.find(userId, id), this.ids);
  }

  async create(userId: string, body: CreateAlertDto): Promise<AlertRuleDto> {
    const limit = this.config.env.ALERTS_MAX_RULES_PER_USER;
    const tooMany = (count: number) => new LimitReachedError(`You already have ${count} alert rules, the limit is ${limit}. Delete one first.`);
    const before = await this.rules.countOwned(userId);
    if (before >= limit) throw tooMany(before); // cheap early answer, before validation
    const spec = await this.checkedSpec(userId, mergeSpec(null, body));
    // The user's row lock serialises concurrent creates, so the limit holds under parallel requests.
    const saved = await this.rules.withUserLocked(userId, async (manager) => {
      const count = await this.rules.countOwned(userId, manager);
      if (count >= limit) throw tooMany(count);
      return this.rules.insert(manager, {
        ...spec,
        userId,
        webhookSecret: spec.webhookUrl ? newWebhookSecret() : null,
        status: 'armed',
        fireCount: 0,
        lastTriggeredAt: null,
        cooldownUntil: null,
        lastForecastId: null,
      });
    });
    await this.announce(saved);
    // The webhook secret is shown here once; later reads never include it (rotate it to get a new one).
    return toDto(saved, this.ids, { revealSecret: true });
  }

  /** A new webhook signing secret, shown in this answer only; the old one stops signing at once. */
  async rotateWebhookSecret(userId: string, id: string): Promise<{ webhookSecret: string }> {
    const rule = await this.find(userId, id);
    if (!rule.webhookUrl) throw new InvalidError('This alert has no webhook: set webhookUrl first');
    const webhookSecret = newWebhookSecret();
    await this.rules.setWebhookSecret(userId, id, webhookSecret);
    return { webhookSecret };
  }

  async update(userId: string, id: string, body: UpdateAlertDto): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (body.type !== undefined && body.type !== rule.type) {
      throw new InvalidError('The type of an alert cannot be changed; create a new alert instead.');
    }
    const spec = await this.checkedSpec(userId, mergeSpec(rule, body));
    // A fired or expired rule is armed again; the engine's own columns are never overwritten.
    await this.rules.updateUserColumns(userId, id, { ...spec, webhookSecret: spec.webhookUrl ? (rule.webhookSecret ?? newWebhookSecret()) : null });
    const saved = await this.find(userId, id);
    await this.announce(saved);
    // A webhook added by this update gets its first secret, shown once like at creation.
    return toDto(saved, this.ids, { revealSecret: !rule.webhookSecret && !!saved.webhookSecret });
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.rules.deleteOwned(userId, id))) throw new NotFoundError('Alert not found');
    await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'remove', ruleId: id } satisfies AlertRuleChange);
  }

  async pause(userId: string, id: string): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (rule.status === 'paused') return toDto(rule, this.ids);
    if (rule.status !== 'armed') throw new InvalidError(`Only an armed alert can be paused; this one is ${rule.status}.`);
    return this.setStatus(rule, 'paused');
  }

  async resume(userId: string, id: string): Promise<AlertRuleDto> {
    const rule = await this.find(userId, id);
    if (rule.status === 'armed') return toDto(rule, this.ids);
    if (rule.status !== 'paused') {
      throw new InvalidError(`Only a paused alert can be resumed; this one is ${rule.status} (edit it to arm it again).`);
    }
    if (rule.expiresAt && rule.expiresAt.getTime() <= this.clock.now().getTime()) {
      return this.setStatus(rule, 'expired');
    }
    if (rule.symbol !== null && !(await this.knownSymbols.isKnown(rule.symbol))) {
      throw new InvalidError(
        `${rule.symbol} is no longer tracked here, so this alert cannot watch it; resume it once the market is tracked again, or delete it.`,
      );
    }
    return this.setStatus(rule, 'armed');
  }

  async events(userId: string, id: string): Promise<AlertEventDto[]> {
    await this.find(userId, id);
    const events = await this.rules.events(userId, id);
    return events.map((e) => ({ id: e.id, triggeredAt: e.triggeredAt.toISOString(), price: trimDecimal(e.price), message: e.message }));
  }

  async deliveries(userId: string, id: string): Promise<WebhookDeliveryDto[]> {
    await this.find(userId, id);
    const [rows, channelRows] = await Promise.all([this.rules.deliveries(userId, id), this.channels.history(userId, id)]);
    const webhook: WebhookDeliveryDto[] = rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      channel: 'webhook',
      status: d.succeeded ? 'sent' : 'failed',
      attempt: d.attempt,
      url: d.url,
      succeeded: d.succeeded,
      responseStatus: d.responseStatus,
      error: d.error,
      durationMs: d.durationMs,
      attemptedAt: d.attemptedAt.toISOString(),
    }));
    const channels: WebhookDeliveryDto[] = channelRows.map((d) => ({
      id: d.id,
      eventId: d.eventId ?? '',
      channel: d.channel,
      status: d.status,
      attempt: d.attempt,
      url: d.channel === 'email' ? 'e-mail' : 'Telegram',
      succeeded: d.succeeded,
      responseStatus: null,
      error: d.error,
      durationMs: d.durationMs,
      attemptedAt: d.at.toISOString(),
    }));
    // Newest first across channels (webhook attempts keep their order among themselves).
    return [...webhook, ...channels].sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt));
  }

  private async setStatus(rule: AlertRule, status: AlertRule['status']): Promise<AlertRuleDto> {
    // Conditional on the status read, so a pause never overwrites a trigger that happened meanwhile.
    if (!(await this.rules.changeStatus(rule.id, rule.status, status))) {
      throw new InvalidError('The alert changed meanwhile (it may just have fired); reload and try again.');
    }
    const saved = await this.find(rule.userId, rule.id);
    await this.announce(saved);
    return toDto(saved, this.ids);
  }

  private async find(userId: string, id: string): Promise<AlertRule> {
    const rule = await this.rules.findOwned(userId, id);
    if (!rule) throw new NotFoundError('Alert not found');
    return rule;
  }

  /** Validates everything at once and throws one InvalidError listing every problem. */
  private async checkedSpec(userId: string, spec: RuleSpec): Promise<RuleSpec> {
    const problems = ruleProblems(spec, {
      maxWindowMinutes: this.config.env.ALERTS_MAX_WINDOW_MINUTES,
      allowPrivateWebhooks: this.config.env.ALERTS_WEBHOOK_ALLOW_PRIVATE,
      now: this.clock.now(),
    });
    if (spec.symbol !== null) {
      const unified = this.ids.parse(spec.symbol);
      if (!unified) problems.push({ field: 'symbol', message: `symbol '${spec.symbol}' is not a market symbol (expected e.g. BTC/USDT)` });
      else if (!(await this.knownSymbols.isKnown(unified)))
        problems.push({ field: 'symbol', message: `unknown symbol '${unified}': no market data is tracked for it` });
      else spec.symbol = unified;
    }
    if (spec.portfolioId !== null && !(await this.portfolios.belongsTo(spec.portfolioId, userId))) {
      problems.push({ field: 'portfolioId', message: 'portfolioId: portfolio not found' });
    }
    if (spec.channels !== null) {
      spec.channels = [...new Set(spec.channels)];
      const problem = spec.channels.length > 0 ? await this.channels.channelProblem(userId, spec.channels) : null;
      if (problem) problems.push({ field: 'channels', message: problem });
    }
    if (problems.length > 0) throw InvalidError.list('Invalid alert', problems);
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
    channels: pick('channels', rule?.channels ?? null),
  };
}

export { trimDecimal } from '../common/trim-zeros';

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

export function toDto(rule: AlertRule, ids: MarketIds, options: { revealSecret?: boolean } = {}): AlertRuleDto {
  // The API shape is the engine's snapshot without the owner id, plus the user-facing fields.
  const { userId: _owner, ...snapshot } = toSnapshot(rule);
  return {
    ...snapshot,
    exchange: rule.symbol ? ids.exchangeOf(rule.symbol) : null,
    note: rule.note,
    webhookUrl: rule.webhookUrl,
    channels: rule.channels,
    webhookSecret: options.revealSecret ? rule.webhookSecret : null,
    hasWebhookSecret: !!rule.webhookSecret,
    lastTriggeredAt: rule.lastTriggeredAt?.toISOString() ?? null,
    triggerCount: rule.fireCount,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
