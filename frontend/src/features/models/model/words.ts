// The Models page in words an investor reads: model names, group names, lifecycle events and figures without
// internal keys, version strings or ISO timestamps. Pure, unit-tested.
import { formatDate, formatDateTime } from '../../../lib/format';
import type { Evidence, LifecycleEvent, ModelRecord } from '../api/models';

export const GROUP_LABELS: Record<ModelRecord['horizonGroup'], { title: string; horizons: string[] }> = {
  hourly: { title: 'Next hour to next day', horizons: ['1h', '4h', '24h'] },
  daily: { title: 'Next week and next month', horizons: ['7d', '30d'] },
  intraday: { title: 'Next minutes', horizons: ['1m', '5m', '15m', '30m'] },
};

const HORIZON_WORDS: Record<string, string> = {
  '1m': '1 minute',
  '5m': '5 minutes',
  '15m': '15 minutes',
  '30m': '30 minutes',
  '1h': '1 hour',
  '4h': '4 hours',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};
export const horizonWords = (h: string) => HORIZON_WORDS[h] ?? h;

const TYPE_LABELS: Record<string, string> = {
  naive: 'No-change baseline',
  ensemble: 'Ensemble model',
  'garch-conformal': 'Volatility model',
  vol: 'Volatility model',
  ridge: 'Regression model',
  gru: 'Neural network',
  cnn: 'Neural network',
  lstm: 'Neural network',
};

export const STATUS_LABELS: Record<ModelRecord['status'], string> = { champion: 'Serving now', challenger: 'On trial', retired: 'Retired' };

/** "Volatility model trained to 2 Dec 2026, 13:00" — never the raw version string. */
export function modelName(model: Pick<ModelRecord, 'type' | 'trainedUntil' | 'createdAt'>, locale?: string): string {
  const label = TYPE_LABELS[model.type] ?? `${model.type.charAt(0).toUpperCase()}${model.type.slice(1)} model`;
  if (model.type === 'naive') return label;
  return `${label} trained to ${formatDateTime(model.trainedUntil ?? model.createdAt, locale)}`;
}

const EVENT_LABELS: Record<string, string> = {
  baseline_serving: 'Baseline serving',
  training_started: 'Training started',
  registered: 'New model ready',
  promoted: 'Started serving',
  retired: 'Retired',
  rolled_back: 'Rolled back',
  retrain_requested: 'Retraining asked for',
  drift_detected: 'Market behaviour changed',
  training_failed: 'Training failed',
  evaluated: 'Checked, no change',
};
export const eventLabel = (kind: string) => EVENT_LABELS[kind] ?? kind.replace(/_/g, ' ');

const percent = (x: number, locale?: string) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);

/** "scored 4.1 % better than the no-change baseline" from a loss ratio. */
export function versusBaseline(ratio: number | null | undefined, locale?: string): string {
  if (ratio === null || ratio === undefined) return 'not comparable with the baseline yet';
  const change = 1 - ratio;
  if (Math.abs(change) < 0.005) return 'about as good as the no-change baseline';
  return change > 0 ? `${percent(change, locale)} better than the no-change baseline` : `${percent(-change, locale)} worse than the no-change baseline`;
}

/** The figures behind a decision in one sentence. */
export function describeEvidence(e: Evidence, names: (version: string) => string, locale?: string): string {
  const where =
    e.basis === 'backtest'
      ? `in a test on ${e.window ? `${formatDate(e.window.from, locale)} – ${formatDate(e.window.to, locale)}` : 'past data'} it had not been trained on`
      : `on ${e.scored.toLocaleString(locale)} live forecasts`;
  const against = e.against === 'naive' ? '' : ` (compared with ${names(e.against)})`;
  const verdict =
    e.ratio === null
      ? 'no comparison possible'
      : versusBaseline(e.ratio, locale).replace('the no-change baseline', e.against === 'naive' ? 'the no-change baseline' : 'it');
  // Below the outcomes the rule needs, the test statistic means nothing yet: say so rather than judge it.
  const strength =
    e.needed !== undefined && e.effectiveN < e.needed
      ? `, too few to judge yet (the rule needs ${e.needed.toLocaleString(locale)})`
      : e.statistic === null
        ? ''
        : Math.abs(e.statistic) >= 1.645
          ? ', a difference too large to be luck'
          : ', a difference that could be luck';
  // Sixteen forecasts of one day are one outcome, not sixteen: below one, "about 0 outcomes" would read as a bug.
  const outcomes =
    e.effectiveN < 1
      ? 'on less than one independent outcome'
      : `over about ${Math.round(e.effectiveN).toLocaleString(locale)} independent outcome${Math.round(e.effectiveN) === 1 ? '' : 's'}`;
  return `${where}${against}: ${verdict}, ${outcomes}${strength}.`;
}

/**
 * Why a lifecycle event happened, readable: version strings become model names, ISO dates local dates, and the
 * statistics plain words. The evidence sentence (from the figures logged with it) comes first when there is one.
 */
export function explainEvent(event: LifecycleEvent, models: ModelRecord[], locale?: string): string {
  const byVersion = new Map(models.map((m) => [m.version, m]));
  const names = (version: string) =>
    version === 'naive' ? 'the no-change baseline' : byVersion.has(version) ? modelName(byVersion.get(version)!, locale) : 'an earlier model';
  const evidence = event.details?.evidence;
  if (evidence) {
    const lead =
      event.kind === 'promoted'
        ? 'It now serves the forecasts because'
        : event.kind === 'rolled_back'
          ? 'Taken out of service because'
          : event.kind === 'retired'
            ? 'Retired after its trial because'
            : 'Nothing changed because';
    const outcome =
      event.kind === 'evaluated' && /naive baseline keeps serving/.test(event.reason)
        ? ' The no-change baseline keeps serving until a model beats it clearly.'
        : event.kind === 'evaluated' && /waiting for evidence|stays challenger/.test(event.reason)
          ? ' It stays on trial until there is enough evidence.'
          : '';
    return `${lead}, ${describeEvidence(evidence, names, locale)}${outcome}`;
  }
  let text = event.reason;
  for (const m of [...models].sort((a, b) => b.version.length - a.version.length)) {
    if (m.version !== 'naive') text = text.split(m.version).join(modelName(m, locale));
  }
  text = text
    .replace(/\bnaive baseline\b/g, 'no-change baseline')
    .replace(/the registry has no trained model/g, 'no model has been trained yet')
    .replace(/no champion in the registry/gi, 'no model serves yet')
    .replace(/\bchampions?\b/g, 'serving model')
    .replace(/\bchallengers?\b/g, 'model on trial')
    .replace(/\bby [^\s@]+@[^\s@]+\b/g, 'by an administrator')
    .replace(/\bby admin [0-9a-f-]{4,}\b/gi, 'by an administrator')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z/g, (iso) => formatDateTime(iso, locale))
    .replace(/\b\d{4}-\d\d-\d\d\b/g, (day) => formatDate(`${day}T00:00:00Z`, locale))
    .replace(/mean KS statistic ([\d.]+)/g, 'a change score of $1')
    .replace(/(\d+\.\d{4,})/g, (n) => Number(n).toFixed(3));
  return text.charAt(0).toUpperCase() + text.slice(1);
}
