import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../common/domain-errors';
import type { CoinForecastSource, CoinQuantiles, DailyCloseSource, ForecastHolding, PortfolioHoldingsSource } from './portfolio-forecast-ports';
import { PortfolioForecastService } from './portfolio-forecast.service';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T12:00:00Z');
const TODAY = Date.parse('2025-06-01T00:00:00Z');

function service(holdings: ForecastHolding[], served: Record<string, number>, history: Record<string, number[]>) {
  const calls: Array<{ from: Date; to: Date }> = [];
  const holdingsSource: PortfolioHoldingsSource = {
    holdingsOf: async (userId) => {
      if (userId !== 'owner') throw new NotFoundError('Portfolio not found');
      return { baseCurrency: 'USD', holdings };
    },
  };
  const forecasts: CoinForecastSource = {
    latest: async (assets) =>
      new Map(
        assets
          .filter((a) => served[a] !== undefined)
          .map((a) => {
            const sd = served[a]!;
            const q = (z: number) => 100 * Math.exp(z * sd);
            const quantiles = { '0.05': q(-1.645), '0.1': q(-1.28), '0.5': q(0), '0.9': q(1.28), '0.95': q(1.645) };
            const byHorizon = new Map<string, CoinQuantiles>(
              ['24h', '7d', '30d'].map((horizon) => [horizon, { horizon, originTime: NOW, lastPrice: 100, quantiles }]),
            );
            return [a, byHorizon];
          }),
      ),
  };
  const closes: DailyCloseSource = {
    dailyCloses: async (assets, from, to) => {
      calls.push({ from, to });
      return new Map(assets.map((a) => [a, new Map((history[a] ?? []).map((close, i, all) => [TODAY - (all.length - i) * DAY, close]))]));
    },
  };
  return { svc: new PortfolioForecastService(holdingsSource, forecasts, closes, { now: () => new Date(NOW) }), calls };
}

const walk = (n: number, seed: number) => {
  let s = seed;
  let p = 100;
  return Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    p *= Math.exp(0.05 * (s / 4294967296 - 0.5));
    return p;
  });
};

describe('PortfolioForecastService', () => {
  it('counts cash and stablecoins without risk, stands a coin without a forecast on its own history, and says what it left out', async () => {
    const { svc, calls } = service(
      [
        { asset: 'BTC', quantity: 1, value: 1000 },
        { asset: 'USDT', quantity: 500, value: 499.9 },
        { asset: 'EUR', quantity: 100, value: null },
        { asset: 'XTZ', quantity: 10, value: 200 },
        { asset: 'NOPRICE', quantity: 3, value: null },
        { asset: 'GONE', quantity: 0, value: 0 },
        { asset: 'NEW', quantity: 1, value: 50 },
        // The ledger's kind decides where it is given: a stablecoin unknown to the name list is still cash.
        { asset: 'RLUSD', kind: 'stablecoin', quantity: 10, value: 10 },
        { asset: 'USDC', kind: 'crypto', quantity: 0, value: 0 },
      ],
      { BTC: 0.05 },
      { BTC: walk(400, 1), XTZ: walk(400, 2), NEW: walk(10, 3) },
    );
    const f = await svc.forecast('owner', 'p1');
    expect(f.cash).toEqual([
      { asset: 'USDT', value: 499.9 },
      { asset: 'EUR', value: 100 },
      { asset: 'RLUSD', value: 10 },
    ]);
    expect(f.riskless).toBeCloseTo(609.9, 9);
    expect(f.value).toBeCloseTo(609.9 + 1000 + 200, 9);
    expect(f.excluded).toEqual([
      { asset: 'NOPRICE', value: null, reason: 'no price' },
      { asset: 'NEW', value: 50, reason: 'no forecast' },
    ]);
    for (const h of f.horizons) {
      expect(h.contributions.map((c) => [c.asset, c.basis])).toEqual([
        ['BTC', 'forecast'],
        ['XTZ', 'history'],
      ]);
      // Cash cannot be lost: the worst case keeps it.
      expect(h.low90).toBeGreaterThan(609.9);
      expect(h.valueAtRisk95).toBeLessThan(1200);
    }
    // Closed days only, about three years of them.
    expect(calls[0]!.to.getTime()).toBe(TODAY);
    expect(TODAY - calls[0]!.from.getTime()).toBeGreaterThan(1000 * DAY);
  });

  it('passes the not-found of a portfolio that is not the caller’s', async () => {
    const { svc } = service([], {}, {});
    await expect(svc.forecast('someone else', 'p1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
