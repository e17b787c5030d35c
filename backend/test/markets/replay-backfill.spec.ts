import { fitVolParams, volModel } from '@coincast/ml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/bootstrap';
import { ingestionOptions, modelLookbackHours, shortBackfillWarning } from '../../src/markets/markets.module';

const config = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', ...env } as NodeJS.ProcessEnv);

/** Issue 16: the replay default (90 days) was far below the model's lookback, so replay never served the real model. */
describe('hourly backfill depth and the forecasting model', () => {
  it("replay backfills at least the model's lookback plus its out-of-sample backtest by default", () => {
    const lookbackDays = Math.ceil(volModel(fitVolParams([], 0)).lookback.hourly / 24);
    expect(modelLookbackHours()).toBeGreaterThan(24 * 365); // ~10,524 hours today
    const days = ingestionOptions(config({ MARKET_SOURCE: 'replay' })).backfillDays['1h'];
    expect(days).toBeGreaterThanOrEqual(lookbackDays + 45);
    expect(ingestionOptions(config({ MARKET_SOURCE: 'ccxt' })).backfillDays['1h']).toBe(730);
  });

  it('a shorter BACKFILL_DAYS_1H is accepted with a warning that says what the forecasts lose', () => {
    expect(ingestionOptions(config({ MARKET_SOURCE: 'replay', BACKFILL_DAYS_1H: '90' })).backfillDays['1h']).toBe(90);
    const warning = shortBackfillWarning(90, 45)!;
    expect(warning).toMatch(/BACKFILL_DAYS_1H=90 is below the forecasting model's lookback \(4\d\d days of hourly candles/);
    expect(warning).toMatch(/naive baseline keeps serving/);
    expect(shortBackfillWarning(500, 45)).toBeUndefined();
  });
});
