import { describe, expect, it } from 'vitest';
import { trainingDiagnostics } from '../src/evaluate/diagnostics';
import { naiveGuard } from '../src/models/guard';

const test = (statistic: number | null, meanLossDiff: number, significant: boolean) => ({
  statistic,
  n: 1460,
  effectiveN: 365,
  lag: 6,
  meanLossDiff,
  significant,
});

describe('training diagnostics', () => {
  it('reads loss curves, member weights and the guard decisions from the metadata', () => {
    const guard = {
      ...naiveGuard({ from: '2024-01-01', to: '2025-01-01', originStepHours: 6 }),
      pointIsNaive: false,
      intervalIsNaive: false,
      intervalSource: 'blend' as const,
      point: test(-2.5, -0.02, true),
      interval: test(-3.1, -0.04, true),
    };
    const metadata = {
      neural: { gru: { lossHistory: [0.5, 0.4, 0.35] }, cnn: { lossHistory: [] } },
      weights: {
        '24h': {
          point: { ridge: 0.7, gru: 0.3 },
          shrink: 0.5,
          quantileMember: 'gru',
          quantileBlend: 0.25,
          validation: { origins: 1460, maeNaive: 0.8, mae: { ridge: 0.79, gru: 0.795, cnn: 0.81 } },
          guard,
        },
        '7d': {
          point: {},
          shrink: 0,
          quantileBlend: 0,
          validation: { origins: 1000, maeNaive: 0.8, mae: {} },
          guard: naiveGuard({ from: 'a', to: 'b', originStepHours: 24 }),
        },
      },
    };
    const d = trainingDiagnostics(metadata, ['1h', '24h']);
    expect(d.lossCurves).toEqual([{ member: 'gru', loss: [0.5, 0.4, 0.35] }]);
    expect(d.horizons).toHaveLength(1); // 1h has no weights; 7d not asked for
    const h = d.horizons[0]!;
    expect(h).toMatchObject({ horizon: '24h', validationOrigins: 1460, naiveMae: 0.8, shrink: 0.5, tails: { member: 'gru', weight: 0.25 } });
    expect(h.members).toEqual([
      { member: 'ridge', weight: 0.7, validationMae: 0.79 },
      { member: 'gru', weight: 0.3, validationMae: 0.795 },
      { member: 'cnn', weight: 0, validationMae: 0.81 },
    ]);
    expect(h.point).toMatchObject({ decision: 'model', statistic: -2.5, significant: true });
    expect(h.interval).toMatchObject({ decision: 'blend', meanLossDiff: -0.04 });
    const daily = trainingDiagnostics(metadata, ['7d']).horizons[0]!;
    expect(daily.point!.decision).toBe('naive');
    expect(daily.interval!.decision).toBe('naive');
    expect(daily.tails).toBeNull();
  });

  it('is empty for a model without training metadata (naive, garch-conformal)', () => {
    expect(trainingDiagnostics({ type: 'naive' })).toEqual({ lossCurves: [], horizons: [] });
  });
});
