import { describe, expect, it } from 'vitest';
import { describeEvidence } from './words';

const names = (version: string) => (version === 'naive' ? 'the no-change baseline' : 'the serving model');
const evidence = {
  basis: 'backtest' as const,
  against: 'naive',
  scored: 400,
  ratio: 0.968,
  statistic: 2.4,
  window: { from: '2026-11-22T00:00:00Z', to: '2026-12-02T00:00:00Z' },
};

describe('describeEvidence', () => {
  it('does not call a difference "too large to be luck" on fewer independent outcomes than the rule needs', () => {
    const text = describeEvidence({ ...evidence, effectiveN: 11, needed: 20 }, names, 'en-GB');
    expect(text).toMatch(/3\.2% better than the no-change baseline, over about 11 independent outcomes, too few to judge yet \(the rule needs 20\)\.$/);
    expect(text).not.toMatch(/luck/);
  });

  it('judges the difference once there are enough outcomes, and for events logged before "needed" was recorded', () => {
    expect(describeEvidence({ ...evidence, effectiveN: 45, needed: 20 }, names, 'en-GB')).toMatch(
      /over about 45 independent outcomes, a difference too large to be luck\.$/,
    );
    expect(describeEvidence({ ...evidence, effectiveN: 45, statistic: 0.8 }, names, 'en-GB')).toMatch(/a difference that could be luck\.$/);
  });

  it('says "less than one" rather than "about 0" outcomes, and one outcome in the singular', () => {
    const live = { ...evidence, basis: 'live' as const, scored: 16 };
    expect(describeEvidence({ ...live, effectiveN: 0.3, needed: 20 }, names, 'en-GB')).toMatch(
      /on 16 live forecasts: 3\.2% better than the no-change baseline, on less than one independent outcome, too few to judge yet/,
    );
    expect(describeEvidence({ ...live, effectiveN: 1.2, needed: 20 }, names, 'en-GB')).toMatch(/over about 1 independent outcome, too few/);
  });
});
