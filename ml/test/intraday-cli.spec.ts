import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main';
import type { IntradayBacktestReport } from '../src/intraday/backtest';
import { loadIntradayModelFromDir } from '../src/intraday/artifacts';
import { plantedSeasonal, syntheticIntraday } from './intraday-synthetic';

describe('CLI: backtest --horizons 5m,15m,30m', () => {
  it('runs the sub-hour backtest beside naive on gzip 5m files, writes report.json and saves the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intraday-cli-'));
    const h = syntheticIntraday('SYN', 90, 7, { seasonal: plantedSeasonal, garch: true });
    const csv = [
      'timestamp,open,high,low,close,volume',
      ...h.fiveMinute!.map((c) => `${new Date(c.openTime).toISOString().replace('.000Z', 'Z')},${c.open},${c.high},${c.low},${c.close},${c.volume}`),
    ];
    writeFileSync(join(dir, 'SYNUSDT_5m.csv.gz'), gzipSync(csv.join('\n')));
    const out = join(dir, 'report.json');
    const code = await runCli([
      'backtest',
      '--data',
      dir,
      '--from',
      '2024-03-21',
      '--to',
      '2024-03-25',
      '--horizons',
      '5m,15m,30m',
      '--out',
      out,
      '--save-model',
      join(dir, 'model'),
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as IntradayBacktestReport;
    expect(report.model.type).toBe('intraday');
    expect(report.summary.map((s) => s.horizon)).toEqual(['5m', '15m', '30m']);
    for (const s of report.summary) {
      expect(s.coins).toBe(1);
      expect(s.origins).toBeGreaterThan(80);
      expect(s.relMae).toBe(1);
      expect(Number.isFinite(s.relPinball)).toBe(true);
    }
    expect(existsSync(join(dir, 'model', 'metadata.json'))).toBe(true);
    expect(loadIntradayModelFromDir(join(dir, 'model')).type).toBe('intraday');
    await expect(
      runCli(['backtest', '--data', dir, '--from', '2024-03-21', '--to', '2024-03-25', '--horizons', '5m', '--model', 'naive', '--out', out]),
    ).rejects.toThrow(/does not serve sub-hour horizons/);
  }, 120_000);
});
