import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HorizonForecast } from './api/coin';
import { ForecastExplanation } from './components/ForecastExplanation';
import { describeExplanation, signedPercent, termLabel, weekendShare, type Explanation, type ExplanationTerm } from './model/explanation';

const term = (key: ExplanationTerm['key'], label: string, rangeEffect: number) => ({ key, label, rangeEffect, logVariance: 2 * Math.log1p(rangeEffect) });
const explanation = (over: Partial<Explanation> = {}): Explanation => ({
  scale: 'har',
  totalLogVariance: 2 * Math.log(1.3),
  rangeVsUsual: 0.3,
  sd: 0.039,
  usualSd: 0.03,
  usualDays: 365,
  usualDefinition: 'the geometric mean…',
  terms: [
    term('lastWeek', "last week's volatility", 0.25),
    term('calendar', 'time of day and week', -0.08),
    term('lastDay', "the last day's volatility", 0.12),
  ],
  intervalSource: 'model',
  ...over,
});
// A Saturday 00:00 UTC → Sunday 00:00 UTC window: all weekend.
const weekend = { originTime: '2026-12-05T00:00:00.000Z', targetTime: '2026-12-06T00:00:00.000Z' };
const weekday = { originTime: '2026-12-02T13:00:00.000Z', targetTime: '2026-12-03T13:00:00.000Z' };

describe('forecast explanation words', () => {
  it('says how much wider than usual and why, naming the weekend lull', () => {
    expect(describeExplanation(explanation(), '24h', weekend)).toEqual([
      "The 24h range is 30 % wider than usual, mostly because of last week's volatility (+25 %) and the last day's volatility (+12 %); weekend lull −8 %.",
    ]);
  });

  it('says narrower, and names the time of day on weekdays', () => {
    const e = explanation({
      rangeVsUsual: -0.2,
      terms: [term('lastMonth', "the last month's volatility", -0.15), term('calendar', 'time of day and week', 0.04)],
    });
    expect(describeExplanation(e, '4h', weekday)[0]).toBe(
      "The 4h range is 20 % narrower than usual, mostly because of the last month's volatility (−15 %); busy trading hours +4 %.",
    );
  });

  it("is honest when the served range is naive's or a blend", () => {
    const naive = describeExplanation(explanation({ intervalSource: 'naive' }), '24h', weekday);
    expect(naive[0]).toBe(
      "This range is not the model's: it is the spread of this coin's actual moves over the last 90 days, because in testing the model's range did not beat it.",
    );
    expect(naive[1]).toMatch(/^The model's own 24h range would be 30 % wider than usual/);
    expect(describeExplanation(explanation({ intervalSource: 'blend' }), '24h', weekday)[1]).toMatch(/average of the model's range and the spread/);
    expect(describeExplanation(explanation({ scale: 'none', terms: [], intervalSource: 'naive' }), '7d', weekday)).toEqual([
      "No trained model makes this 7d range yet: it is the spread of this coin's actual moves over the last year, with no change as the best guess.",
    ]);
  });

  it('helpers', () => {
    expect(signedPercent(0.304)).toBe('+30 %');
    expect(signedPercent(-0.081)).toBe('−8 %');
    expect(weekendShare(weekend.originTime, weekend.targetTime)).toBe(1);
    expect(weekendShare(weekday.originTime, weekday.targetTime)).toBe(0);
    expect(termLabel({ key: 'lastWeek', label: "last week's volatility", rangeEffect: 0.2 }, weekend)).toBe("last week's volatility");
  });

  it('renders the sentence and one bar per reason, 24h first', () => {
    const h = (horizon: string, e: Explanation | null) =>
      ({ horizon, originTime: weekend.originTime, targetTime: weekend.targetTime, explanation: e }) as unknown as HorizonForecast;
    render(<ForecastExplanation horizons={[h('1h', explanation({ rangeVsUsual: 0.01, terms: [] })), h('24h', explanation()), h('7d', null)]} />);
    expect(screen.getByTestId('explanation')).toHaveTextContent(/24h range is 30 % wider than usual/);
    expect(screen.getByTestId('explanation-bars').querySelectorAll('li')).toHaveLength(3);
    expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByRole('button', { name: '7d' })).not.toBeInTheDocument();
    expect(screen.getByText(/over the past year/)).toBeInTheDocument();
  });
});
