// A model version's diagnostics in words an investor reads: members, the guard's choices and the test figures,
// without internal member names or statistics jargon. Pure, unit-tested.
import type { Schema } from '../../../lib/api-schemas';

type Training = Schema<'HorizonTrainingDto'>;
type GuardStep = Schema<'GuardStepDto'>;

const MEMBER_WORDS: Record<string, string> = {
  ridge: 'regression on price indicators',
  gru: 'recurrent neural network',
  cnn: 'convolutional neural network',
  'garch-conformal': 'volatility model',
};
export const memberWords = (member: string) => MEMBER_WORDS[member] ?? 'another model';

const pct = (x: number, locale?: string) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);
const pct1 = (x: number, locale?: string) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);

/** Where the best guess comes from: "no change" or the members that entered it, with their shares. */
export function pointSource(t: Training, locale?: string): string {
  const used = t.members.filter((m) => m.weight > 0).sort((a, b) => b.weight - a.weight);
  if (t.point?.decision !== 'model' || t.shrink === 0 || used.length === 0) return 'No change: no model beat it clearly in validation';
  const mix = used.map((m) => (used.length > 1 ? `${memberWords(m.member)} ${pct(m.weight, locale)}` : memberWords(m.member))).join(', ');
  return `${mix}, moved ${pct(t.shrink, locale)} of the way from "no change"`;
}

/** Whose range is served. */
export function rangeSource(t: Training): string {
  const decision = t.interval?.decision ?? 'naive';
  const tails = t.tails ? ` (its outer edges partly from the ${memberWords(t.tails.member)})` : '';
  if (decision === 'model') return `The model's own range${tails}`;
  if (decision === 'blend') return `The average of the model's range${tails} and the baseline's`;
  return "The baseline's range: the model's did not beat it clearly";
}

/** The validation figures behind a decision, in one clause. */
export function guardEvidence(step: GuardStep | null | undefined, locale?: string): string {
  if (!step) return 'not tested';
  const gain = -step.meanLossDiff;
  const size =
    Math.abs(gain) < 0.0005
      ? 'the same error as the baseline'
      : gain > 0
        ? `${pct1(gain, locale)} lower error than the baseline`
        : `${pct1(-gain, locale)} higher error than the baseline`;
  const sure = step.significant ? 'too large to be luck' : 'could be luck';
  return `${size}, over about ${Math.round(step.effectiveN).toLocaleString(locale)} independent outcomes (${sure})`;
}

/** "12 % lower typical error than the baseline" from an error ratio (1 = the same). */
export function errorVersusBaseline(ratio: number | null | undefined, locale?: string): string {
  if (ratio === null || ratio === undefined) return '—';
  const change = 1 - ratio;
  if (Math.abs(change) < 0.005) return 'same';
  return change > 0 ? `${pct1(change, locale)} lower` : `${pct1(-change, locale)} higher`;
}
