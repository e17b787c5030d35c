import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertIndex, type IndexedCondition, type IndexedRule } from '../../src/alerts/engine/alert-index';

const MIN = 60_000;
const S = 'BTC/USDT';

function feed(index: AlertIndex, values: number[], series = S, startMs = 0, stepMs = 1000): string[][] {
  return values.map((v, i) => index.onValue(series, v, startMs + i * stepMs).map((m) => m.ruleId));
}

function rule(id: string, condition: IndexedCondition, seriesKey = S): IndexedRule {
  return { id, seriesKey, condition };
}

describe('AlertIndex — level rules (price_above / price_below)', () => {
  it('price_above fires on the first tick strictly above the threshold, not at equality', () => {
    const index = new AlertIndex();
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 100 }));
    expect(feed(index, [90, 99.99, 100, 100.01])).toEqual([[], [], [], ['a']]);
  });

  it('price_above armed while the price is already above fires on the next tick', () => {
    const index = new AlertIndex();
    index.onValue(S, 150, 0);
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 100 }));
    expect(index.onValue(S, 151, 1000).map((m) => m.ruleId)).toEqual(['a']);
  });

  it('price_below fires strictly below, and only for its own symbol', () => {
    const index = new AlertIndex();
    index.upsert(rule('b', { kind: 'level', direction: 'below', threshold: 50 }));
    expect(index.onValue('ETH/USDT', 10, 0)).toEqual([]);
    expect(feed(index, [60, 50, 49.5])).toEqual([[], [], ['b']]);
  });

  it('a matched rule is in flight and does not match again until the engine decides', () => {
    const index = new AlertIndex();
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 100 }));
    expect(feed(index, [101, 102])).toEqual([['a'], []]);
    expect(index.has('a')).toBe(true);
    index.remove('a');
    expect(index.has('a')).toBe(false);
    expect(feed(index, [103])).toEqual([[]]);
  });

  it('sleep keeps an every-rule quiet until its cooldown ends, then it fires again', () => {
    const index = new AlertIndex();
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 100 }));
    expect(index.onValue(S, 101, 0).length).toBe(1);
    index.sleep('a', 5 * MIN);
    expect(index.onValue(S, 102, 4 * MIN).length).toBe(0);
    expect(index.onValue(S, 102, 5 * MIN).map((m) => m.ruleId)).toEqual(['a']);
  });

  it('a rule upserted with sleepUntilMs (cooldown loaded from the database) waits for it', () => {
    const index = new AlertIndex();
    index.upsert({ ...rule('a', { kind: 'level', direction: 'above', threshold: 100 }), sleepUntilMs: 10_000 });
    expect(feed(index, [101, 102], S, 0, 5000)).toEqual([[], []]);
    expect(index.onValue(S, 103, 10_000).map((m) => m.ruleId)).toEqual(['a']);
  });

  it('returns matches in ascending threshold order with value and previous', () => {
    const index = new AlertIndex();
    for (const t of [105, 101, 103]) index.upsert(rule(`r${t}`, { kind: 'level', direction: 'above', threshold: t }));
    index.onValue(S, 100, 0);
    const matches = index.onValue(S, 104, 1);
    expect(matches.map((m) => m.ruleId)).toEqual(['r101', 'r103']);
    expect(matches[0]).toMatchObject({ value: 104, previous: 100, seriesKey: S });
  });
});

describe('AlertIndex — crossing rules (documented touch semantics)', () => {
  const up = (t: number): IndexedCondition => ({ kind: 'cross', direction: 'up', threshold: t });
  const down = (t: number): IndexedCondition => ({ kind: 'cross', direction: 'down', threshold: t });

  it('crosses_up fires on below → above in one tick', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    expect(feed(index, [95, 99, 101])).toEqual([[], [], ['u']]);
  });

  it('crosses_up does not fire when the price only touches the threshold and falls back', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    expect(feed(index, [95, 100, 100, 98])).toEqual([[], [], [], []]);
  });

  it('crosses_up fires on below → touch → above, on the tick that goes above', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    expect(feed(index, [95, 100, 100, 100.5])).toEqual([[], [], [], ['u']]);
  });

  it('crosses_up does not fire on above → touch → above', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    expect(feed(index, [105, 100, 103])).toEqual([[], [], []]);
  });

  it('crosses_up needs a previous price: the first tick never fires, nor does staying above', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    expect(feed(index, [120, 130])).toEqual([[], []]);
  });

  it('crosses_down mirrors crosses_up', () => {
    const index = new AlertIndex();
    index.upsert(rule('d', down(100)));
    expect(feed(index, [105, 100, 104])).toEqual([[], [], []]);
    expect(feed(index, [100, 99], S, 10_000)).toEqual([[], ['d']]);
  });

  it('a big tick crosses every threshold strictly between the two prices, and no others', () => {
    const index = new AlertIndex();
    for (const t of [90, 100, 110, 120, 130]) index.upsert(rule(`u${t}`, up(t)));
    index.onValue(S, 100, 0);
    expect(index.onValue(S, 120, 1).map((m) => m.ruleId)).toEqual(['u110']);
  });

  it('primeValue sets the previous price without evaluating, and never overrides a seen one', () => {
    const index = new AlertIndex();
    index.upsert(rule('u', up(100)));
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 50 }));
    index.primeValue(S, 95);
    expect(index.lastValue(S)).toBe(95);
    index.primeValue(S, 120);
    expect(index.lastValue(S)).toBe(95);
    expect(
      index
        .onValue(S, 101, 0)
        .map((m) => m.ruleId)
        .sort(),
    ).toEqual(['a', 'u']);
  });

  it('matches the reference semantics on random tick sequences (property)', () => {
    // Reference: per rule, remember the last side (-1 below, +1 above) of the last price ≠ T.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 90, max: 110 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 92, max: 108 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (prices, specs) => {
          const index = new AlertIndex();
          const rules = specs.map(([t, isUp], i) => ({ id: `r${i}`, t, isUp, side: 0, fired: false }));
          for (const r of rules) index.upsert(rule(r.id, r.isUp ? up(r.t) : down(r.t)));
          prices.forEach((p, step) => {
            const got = new Set(index.onValue(S, p, step).map((m) => m.ruleId));
            for (const r of rules) {
              const side = p > r.t ? 1 : p < r.t ? -1 : 0;
              const expected = !r.fired && side !== 0 && r.side === -side && (r.isUp ? side === 1 : side === -1);
              expect(got.has(r.id)).toBe(expected);
              if (expected) r.fired = true;
              if (side !== 0) r.side = side;
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('AlertIndex — pct_change rolling window', () => {
  const pct = (p: number, windowMin: number, direction: 'up' | 'down' | 'either' = 'either'): IndexedCondition => ({
    kind: 'pct',
    pct: p,
    windowMs: windowMin * MIN,
    direction,
  });

  it('fires when the price rises ≥ P% above the window minimum, not before', () => {
    const index = new AlertIndex();
    index.upsert(rule('p', pct(5, 10)));
    expect(feed(index, [100, 102, 104.99], S, 0, MIN)).toEqual([[], [], []]);
    const [match] = index.onValue(S, 105, 3 * MIN);
    expect(match).toMatchObject({ ruleId: 'p', reference: 100 });
    expect(match!.movePct).toBeCloseTo(5, 9);
  });

  it('fires on a fall ≥ P% below the window maximum with a negative move', () => {
    const index = new AlertIndex();
    index.upsert(rule('p', pct(10, 60)));
    index.onValue(S, 200, 0);
    index.onValue(S, 190, MIN);
    const [match] = index.onValue(S, 180, 2 * MIN);
    expect(match!.movePct).toBeCloseTo(-10, 9);
    expect(match!.reference).toBe(200);
  });

  it('forgets prices older than the window', () => {
    const index = new AlertIndex();
    index.upsert(rule('p', pct(5, 10)));
    index.onValue(S, 100, 0);
    index.onValue(S, 104, 5 * MIN);
    // 11 minutes after 100: the window minimum is now 104, so 106 is only +1.9%.
    expect(index.onValue(S, 106, 11 * MIN)).toEqual([]);
    expect(index.onValue(S, 109.3, 12 * MIN).map((m) => m.ruleId)).toEqual(['p']);
  });

  it('directional pct rules ignore the other direction', () => {
    const index = new AlertIndex();
    index.upsert(rule('upOnly', pct(5, 10, 'up')));
    index.upsert(rule('downOnly', pct(5, 10, 'down')));
    index.onValue(S, 100, 0);
    expect(index.onValue(S, 94, MIN).map((m) => m.ruleId)).toEqual(['downOnly']);
    expect(index.onValue(S, 100, 2 * MIN).map((m) => m.ruleId)).toEqual(['upOnly']);
  });

  it('separate windows per length; the window survives while its rules are in flight', () => {
    const index = new AlertIndex();
    index.upsert(rule('short', pct(3, 1)));
    index.upsert(rule('long', pct(3, 30)));
    index.onValue(S, 100, 0);
    index.onValue(S, 101, 2 * MIN);
    expect(index.onValue(S, 103.5, 3 * MIN).map((m) => m.ruleId)).toEqual(['long']);
  });
});

describe('AlertIndex — maintenance', () => {
  it('upsert replaces a rule (threshold update) and remove forgets it', () => {
    const index = new AlertIndex();
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 100 }));
    index.upsert(rule('a', { kind: 'level', direction: 'above', threshold: 200 }));
    expect(index.size).toBe(1);
    expect(feed(index, [150, 201])).toEqual([[], ['a']]);
    index.upsert(rule('b', { kind: 'level', direction: 'above', threshold: 10 }));
    index.sleep('b', 1e12);
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.size).toBe(1);
  });

  it('many rules at one threshold all fire and can be removed individually', () => {
    const index = new AlertIndex();
    for (let i = 0; i < 5; i++) index.upsert(rule(`r${i}`, { kind: 'level', direction: 'below', threshold: 10 }));
    index.remove('r2');
    expect(
      index
        .onValue(S, 9, 0)
        .map((m) => m.ruleId)
        .sort(),
    ).toEqual(['r0', 'r1', 'r3', 'r4']);
  });

  it('portfolio series are independent of market symbols', () => {
    const index = new AlertIndex();
    index.upsert(rule('pv', { kind: 'level', direction: 'above', threshold: 10_000 }, 'portfolio:p1'));
    expect(index.onValue(S, 20_000, 0)).toEqual([]);
    expect(index.onValue('portfolio:p1', 10_500, 0).map((m) => m.ruleId)).toEqual(['pv']);
  });

  it('rejects non-finite thresholds and non-positive pct windows', () => {
    const index = new AlertIndex();
    expect(() => index.upsert(rule('x', { kind: 'level', direction: 'above', threshold: Number.NaN }))).toThrow();
    expect(() => index.upsert(rule('y', { kind: 'pct', direction: 'up', pct: 0, windowMs: MIN }))).toThrow();
  });
});
