import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMinMax } from '../../src/alerts/engine/rolling-min-max';

describe('RollingMinMax', () => {
  it('equals a brute-force min/max over the last windowMs (window closed at both ends)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 200 }),
        (windowMs, steps) => {
          const rolling = new RollingMinMax(windowMs);
          const samples: { at: number; v: number }[] = [];
          let at = 0;
          for (const [dt, v] of steps) {
            at += dt;
            rolling.push(at, v);
            samples.push({ at, v });
            const inWindow = samples.filter((s) => s.at >= at - windowMs).map((s) => s.v);
            expect(rolling.min).toBe(Math.min(...inWindow));
            expect(rolling.max).toBe(Math.max(...inWindow));
          }
          // Monotonic deques never hold more than the samples in the window (twice: min and max side).
          expect(rolling.heldSamples).toBeLessThanOrEqual(2 * samples.filter((s) => s.at >= at - windowMs).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a steadily rising series keeps one sample on the min side per tick in the window and one on the max side', () => {
    const rolling = new RollingMinMax(10);
    for (let i = 0; i < 100; i++) rolling.push(i, i);
    expect(rolling.min).toBe(89);
    expect(rolling.max).toBe(99);
    expect(rolling.heldSamples).toBe(11 + 1);
  });

  it('rejects a non-positive window', () => {
    expect(() => new RollingMinMax(0)).toThrow(RangeError);
  });
});
