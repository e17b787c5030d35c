import type { Problem } from '../common/domain-errors';
import type { AlertCondition, AlertType } from './alert-types';
import { webhookUrlProblem } from './webhooks/webhook-url';

/** A rule as the user asked for it, after merging an update into the stored rule. Pure data. */
export interface RuleSpec extends AlertCondition {
  expiresAt: Date | null;
  note: string | null;
  webhookUrl: string | null;
  /** E-mail/Telegram channels of this rule; null = the user's defaults. */
  channels: ('email' | 'telegram')[] | null;
}

export interface RuleLimits {
  maxWindowMinutes: number;
  allowPrivateWebhooks: boolean;
  now: Date;
}

type Field = 'symbol' | 'threshold' | 'pct' | 'windowMinutes' | 'portfolioId' | 'direction' | 'horizon' | 'probability';

const ALL_FIELDS: Field[] = ['symbol', 'threshold', 'pct', 'windowMinutes', 'portfolioId', 'direction', 'horizon', 'probability'];

/** Which fields each rule type requires and which it accepts at all. */
const FIELDS: Record<AlertType, { required: Field[]; optional: Field[] }> = {
  price_above: { required: ['symbol', 'threshold'], optional: [] },
  price_below: { required: ['symbol', 'threshold'], optional: [] },
  crosses_up: { required: ['symbol', 'threshold'], optional: [] },
  crosses_down: { required: ['symbol', 'threshold'], optional: [] },
  pct_change: { required: ['symbol', 'pct', 'windowMinutes'], optional: ['direction'] },
  portfolio_value: { required: ['portfolioId', 'threshold', 'direction'], optional: [] },
  forecast_move: { required: ['symbol', 'horizon', 'pct', 'probability'], optional: ['direction'] },
};

/** Every problem with the rule, as sentences a person can act on; empty when valid. */
export function ruleProblems(spec: RuleSpec, limits: RuleLimits): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const { required, optional } = FIELDS[spec.type];
  for (const field of required) {
    if (spec[field] === null || spec[field] === undefined) problem(field, `${field} is required for ${spec.type} rules`);
  }
  const allowed = new Set<Field>([...required, ...optional]);
  for (const field of ALL_FIELDS) {
    if (!allowed.has(field) && spec[field] !== null && spec[field] !== undefined) problem(field, `${field} does not apply to ${spec.type} rules`);
  }
  if (spec.threshold !== null && allowed.has('threshold')) {
    const value = Number(spec.threshold);
    if (value < 0) problem('threshold', `threshold must not be negative (got ${spec.threshold})`);
    else if (value === 0) problem('threshold', 'threshold must be greater than 0');
  }
  if (spec.pct !== null && allowed.has('pct') && !(spec.pct > 0 && spec.pct <= 1000)) {
    problem('pct', `pct must be greater than 0 and at most 1000 (got ${spec.pct})`);
  }
  if (spec.windowMinutes !== null && allowed.has('windowMinutes')) {
    if (spec.windowMinutes < 1) problem('windowMinutes', 'windowMinutes must be at least 1');
    else if (spec.windowMinutes > limits.maxWindowMinutes) {
      problem(
        'windowMinutes',
        `windowMinutes is too long: at most ${limits.maxWindowMinutes} minutes (${formatMinutes(limits.maxWindowMinutes)}) is allowed, got ${spec.windowMinutes}`,
      );
    }
  }
  // A percentage, like pct. Values below 1 are refused rather than read as 0.7%: they are almost
  // always a fraction (0.7 meant as 70%), and such a rule would fire on nearly every forecast.
  if (spec.probability !== null && allowed.has('probability') && !(spec.probability >= 1 && spec.probability <= 100)) {
    problem('probability', `probability is a percentage between 1 and 100, e.g. 70 for 70% (got ${spec.probability})`);
  }
  if (spec.mode === 'every' && spec.cooldownMinutes < 1) problem('cooldownMinutes', 'cooldownMinutes must be at least 1 for every-time rules');
  if (spec.expiresAt !== null && spec.expiresAt.getTime() <= limits.now.getTime()) problem('expiresAt', 'expiresAt must be in the future');
  if (spec.webhookUrl !== null) {
    const urlProblem = webhookUrlProblem(spec.webhookUrl, limits.allowPrivateWebhooks);
    if (urlProblem) problem('webhookUrl', urlProblem);
  }
  return problems;
}

function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
