import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/main';
import type { Candle } from '../src/types';
import { syntheticHourly } from './synthetic';

function toCsv(candles: Candle[]): string {
  return `timestamp,open,high,low,close,volume\n${candles.map((c) => `${new Date(c.openTime).toISOString().replace('.000Z', 'Z')},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`;
}

describe('cli strategy on a small synthetic slice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coincast-strategy-cli-'));
  for (const [coin, seed] of [
    ['AAA', 11],
    ['BBB', 12],
  ] as const) {
    const h = syntheticHourly(coin, 400, seed, Date.UTC(2023, 0, 1));
    writeFileSync(join(dir, `${coin}USDT_1h.csv`), toCsv(h.hourly));
    writeFileSync(join(dir, `${coin}USDT_1d.csv`), toCsv(h.daily));
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains before --from, runs the three strategies per coin and writes the median and portfolio figures', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = join(dir, 'strategy.json');
    const code = await runCli(['strategy', '--data', dir, '--from', '2023-12-01', '--to', '2024-01-31', '--model', 'garch', '--fee-bp', '20', '--out', out]);
    const printed = err.mock.calls.map((c) => String(c[0])).join('');
    err.mockRestore();
    expect(code).toBe(0);
    expect(printed).toMatch(/median {3}\| Buy and hold/);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.model.trainedBefore).toBe('2023-12-01T00:00:00.000Z');
    expect(r.costs).toEqual({ feeBp: 20, slippageBp: 5 });
    expect(r.coins.map((c: { coin: string }) => c.coin)).toEqual(['AAA', 'BBB']);
    for (const c of r.coins) {
      expect(c.results.map((x: { strategy: string }) => x.strategy)).toEqual(['vol-target', 'direction', 'buy-and-hold']);
      // 61 decision times, the last only closes the final period.
      expect(c.forecasts).toBe(61);
      const hold = c.results[2].metrics;
      expect(hold.periods).toBe(61);
      expect(hold.trades).toBe(1);
    }
    expect(r.portfolio).toHaveLength(3);
    expect(r.portfolioVerdicts.map((v: { strategy: string }) => v.strategy)).toEqual(['vol-target', 'direction']);
  });

  it('refuses a daily horizon with a clear message', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      runCli(['strategy', '--data', dir, '--from', '2023-12-01', '--to', '2024-01-31', '--horizon', '7d', '--out', join(dir, 'x.json')]),
    ).rejects.toThrow(/--horizon must be 1h, 4h or 24h/);
    err.mockRestore();
  });
});
