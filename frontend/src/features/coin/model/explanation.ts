// Plain words for a forecast's explanation: why its range is wider or narrower than the coin's usual one.
import type { Schema } from '../../../lib/api-schemas';

export type Explanation = Schema<'ForecastExplanationDto'>;
export type ExplanationTerm = Schema<'ExplanationTermDto'>;

/** Effects smaller than this (1.5 %) are "about usual" and not named as a reason. */
const NOTABLE = 0.015;

const HOUR = 3_600_000;

/** Share of the hours between origin and target that fall on a Saturday or Sunday (UTC). */
export function weekendShare(originTime: string, targetTime: string): number {
  const from = Date.parse(originTime);
  const to = Date.parse(targetTime);
  let weekend = 0;
  let total = 0;
  for (let t = from; t < to; t += HOUR) {
    const day = new Date(t).getUTCDay();
    if (day === 0 || day === 6) weekend++;
    total++;
  }
  return total > 0 ? weekend / total : 0;
}

/** The label an investor reads for a term; the calendar term says which part of the week it is. */
export function termLabel(term: Pick<ExplanationTerm, 'key' | 'label' | 'rangeEffect'>, window: { originTime: string; targetTime: string }): string {
  if (term.key !== 'calendar') return term.label;
  const weekend = weekendShare(window.originTime, window.targetTime) >= 0.5;
  if (weekend) return term.rangeEffect < 0 ? 'weekend lull' : 'weekend trading';
  return term.rangeEffect < 0 ? 'quiet hours of the day' : 'busy trading hours';
}

/** "+30 %" / "−8 %" (rounded to whole percent, a real minus sign). */
export function signedPercent(ratio: number): string {
  const p = Math.round(ratio * 100);
  return p > 0 ? `+${p} %` : p < 0 ? `−${Math.abs(p)} %` : '0 %';
}

const magnitude = (ratio: number) => `${Math.abs(Math.round(ratio * 100))} %`;

/**
 * One or two sentences: how the range compares with usual and why, then whose range it is. E.g. "The 24h range is
 * 30 % wider than usual, mostly because of last week's volatility (+25 %); weekend lull −8 %."
 */
export function describeExplanation(e: Explanation, horizon: string, window: { originTime: string; targetTime: string }): string[] {
  const historical =
    horizon === '7d' || horizon === '30d'
      ? "the spread of this coin's actual moves over the last year"
      : "the spread of this coin's actual moves over the last 90 days";
  if (e.scale === 'none') {
    return [`No trained model makes this ${horizon} range yet: it is ${historical}, with no change as the best guess.`];
  }
  const lines: string[] = [];
  const total = e.rangeVsUsual;
  const named = e.terms.map((t) => ({ ...t, words: termLabel(t, window) }));
  const drivers = named.filter((t) => Math.sign(t.rangeEffect) === Math.sign(total) && Math.abs(t.rangeEffect) >= NOTABLE).slice(0, 2);
  const against = named.find((t) => Math.sign(t.rangeEffect) === -Math.sign(total) && Math.abs(t.rangeEffect) >= NOTABLE);
  const subject = e.intervalSource === 'naive' ? `The model's own ${horizon} range would be` : `The ${horizon} range is`;
  let sentence: string;
  if (Math.abs(total) < NOTABLE) {
    sentence = `${subject} about as wide as usual`;
    if (named[0] && Math.abs(named[0].rangeEffect) >= NOTABLE) sentence += `: ${named[0].words} ${signedPercent(named[0].rangeEffect)}`;
    if (named[1] && Math.abs(named[1].rangeEffect) >= NOTABLE) sentence += `, ${named[1].words} ${signedPercent(named[1].rangeEffect)}`;
    sentence += '.';
  } else {
    sentence = `${subject} ${magnitude(total)} ${total > 0 ? 'wider' : 'narrower'} than usual`;
    if (drivers.length > 0)
      sentence += `, mostly because of ${drivers.map((d, i) => `${i > 0 ? 'and ' : ''}${d.words} (${signedPercent(d.rangeEffect)})`).join(' ')}`;
    if (against) sentence += `; ${against.words} ${signedPercent(against.rangeEffect)}`;
    sentence += '.';
  }
  lines.push(sentence);
  if (e.intervalSource === 'naive') {
    lines.unshift(`This range is not the model's: it is ${historical}, because in testing the model's range did not beat it.`);
  } else if (e.intervalSource === 'blend') {
    lines.push(`The range shown is the average of the model's range and ${historical}: that combination tested best.`);
  }
  return lines;
}
