import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseFlags, runCli } from '../src/cli/main';
import type { BacktestReport } from '../src/evaluate/backtest';
import type { Candle } from '../src/types';
import { syntheticHourly } from './synthetic';

function toCsv(candles: Candle[]): string {
  return `timestamp,open,high,low,close,volume\n${candles.map((c) => `${new Date(c.openTime).toISOString().replace('.000Z', 'Z')},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`;
}

describe('CLI smoke test on a small slice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coincast-cli-'));
  for (const [coin, seed] of [
    ['AAA', 41],
    ['BBB', 42],
  ] as const) {
    const h = syntheticHourly(coin, 420, seed, Date.UTC(2023, 0, 1));
    writeFileSync(join(dir, `${coin}USDT_1h.csv`), toCsv(h.hourly));
    writeFileSync(join(dir, `${coin}USDT_1d.csv`), toCsv(h.daily));
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  it('parses flags', () => {
    expect(parseFlags(['backtest', '--data', 'd', '--html', 'x.html', '--verbose'])).toEqual({
      command: 'backtest',
      flags: { data: 'd', html: 'x.html', verbose: true },
    });
  });

  it('backtest writes report.json with results and a median summary, and an HTML report with charts', async () => {
    const err = quiet();
    const out = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const code = await runCli([
      'backtest',
      '--data',
      dir,
      '--from',
      '2023-12-01',
      '--to',
      '2024-02-01',
      '--coins',
      'AAA,BBB',
      '--horizons',
      '1h,24h,7d',
      '--model',
      'garch',
      '--origin-step-hours',
      '12',
      '--out',
      out,
      '--html',
      html,
      '--save-model',
      join(dir, 'bt-model'),
    ]);
    const progress = err.mock.calls.map((c) => String(c[0])).join('');
    err.mockRestore();
    expect(code).toBe(0);
    expect(progress).toMatch(/origins \d+\/\d+ ETA/);
    const r = JSON.parse(readFileSync(out, 'utf8')) as BacktestReport;
    expect(r.results).toHaveLength(6);
    for (const x of r.results) {
      expect(x.origins).toBeGreaterThan(0);
      for (const k of ['mae', 'mape', 'coverage80', 'pinball'] as const) {
        expect(Number.isFinite(x.model[k])).toBe(true);
        expect(Number.isFinite(x.naive[k])).toBe(true);
      }
      expect(x.relMae).toBeCloseTo(x.model.mae / x.naive.mae, 12);
    }
    expect(r.summary.map((s) => s.horizon)).toEqual(['1h', '24h', '7d']);
    const saved = JSON.parse(readFileSync(join(dir, 'bt-model', 'metadata.json'), 'utf8'));
    expect(saved.type).toBe('garch-conformal');
    expect(saved.backtest.summary).toEqual(r.summary);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('Calibration');
    expect(page).toContain('Training loss');
  });

  it('train saves the default model and predict loads it and prints forecasts', async () => {
    const err = quiet();
    const modelDir = join(dir, 'model');
    expect(await runCli(['train', '--data', dir, '--until', '2024-01-15', '--out', modelDir])).toBe(0);
    const outChunks: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      outChunks.push(String(s));
      return true;
    });
    expect(await runCli(['predict', '--model', modelDir, '--data', dir, '--at', '2024-01-20', '--horizons', '1h,30d'])).toBe(0);
    out.mockRestore();
    err.mockRestore();
    const forecasts = JSON.parse(outChunks.join('')) as {
      coin: string;
      forecasts: { horizon: string; originTime: number; quantiles: Record<string, number> }[];
    }[];
    expect(forecasts.map((f) => f.coin)).toEqual(['AAA', 'BBB']);
    expect(forecasts[0]!.forecasts.map((f) => f.horizon)).toEqual(['1h', '30d']);
    expect(forecasts[0]!.forecasts[0]!.originTime).toBe(Date.UTC(2024, 0, 20));
  }, 120_000);

  it('fails with a clear message on a missing flag', async () => {
    await expect(runCli(['backtest', '--data', dir])).rejects.toThrow(/missing --from/);
  });
});
