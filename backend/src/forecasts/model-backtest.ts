/**
 * A new model's backtest, recorded in the registry: forecasts over the last days before its training cutoff,
 * scored exactly like live forecasts (same pure scoring), next to the naive baseline. It also yields the daily
 * error distribution (mean, σ) that the rollback rule compares live errors with. No framework imports.
 */
import { historyUntil, naiveModel, type CoinHistory, type ForecastModel, type Horizon } from '@coincast/ml';
import { dailyMeanErrors, liveMetrics, meanAndStd, scoreForecast, type ScoredPair } from './forecast-scoring';
import { GROUP_HORIZONS, GROUP_STEP_MS, type HorizonGroup } from './slots';

export interface GroupBacktest {
  [key: string]: unknown;
  from: string;
  to: string;
  n: number;
  mae: number | null;
  relMae: number | null;
  relPinball: number | null;
  coverage80: number | null;
  /** Mean and σ of the daily mean scaled absolute error (the rollback baseline). */
  dailyErrorMean: number | null;
  dailyErrorStd: number | null;
  days: number;
}

const closeAt = (candles: CoinHistory['hourly'], step: number, t: number): number | undefined => {
  // Candles are ascending; the one closing at t opens at t - step.
  let lo = 0;
  let hi = candles.length - 1;
  const open = t - step;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = candles[mid]!;
    if (c.openTime === open) return c.close;
    if (c.openTime < open) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
};

export function backtestGroup(model: ForecastModel, histories: CoinHistory[], group: HorizonGroup, until: number, days: number, originStepHours: number): GroupBacktest {
  const horizons: Horizon[] = GROUP_HORIZONS[group];
  const step = GROUP_STEP_MS[group];
  const originStep = group === 'hourly' ? originStepHours * 3_600_000 : step;
  const naive = naiveModel();
  const pairs: ScoredPair[] = [];
  const daily: { targetTime: number; error: number }[] = [];
  const lastOrigin = Math.floor(until / step) * step;
  const firstOrigin = lastOrigin - days * 86_400_000;
  for (const history of histories) {
    for (let origin = firstOrigin; origin <= lastOrigin; origin += originStep) {
      const known = historyUntil(history, origin);
      const series = group === 'hourly' ? known.hourly : known.daily;
      if (series.length < 30 || series.at(-1)!.openTime + step !== origin) continue;
      let ours;
      let base;
      try {
        ours = model.predict(known, horizons);
        base = naive.predict(known, horizons);
      } catch {
        continue;
      }
      for (const f of ours) {
        if (f.targetTime > until) continue;
        const b = base.find((x) => x.horizon === f.horizon);
        const fullSeries = group === 'hourly' ? history.hourly : history.daily;
        const actual = closeAt(fullSeries, step, f.targetTime) ?? closeAt(history.hourly, 3_600_000, f.targetTime);
        if (!b || actual === undefined) continue;
        const s = scoreForecast(f, actual);
        const sb = scoreForecast(b, actual);
        pairs.push({ absError: s.scaledAbsError, pinball: s.scaledPinball, hit80: s.hit80, naiveAbsError: sb.scaledAbsError, naivePinball: sb.scaledPinball });
        daily.push({ targetTime: f.targetTime, error: s.scaledAbsError });
      }
    }
  }
  const metrics = liveMetrics(pairs);
  const perDay = dailyMeanErrors(daily).map((d) => d.error);
  const dist = meanAndStd(perDay);
  return {
    from: new Date(firstOrigin).toISOString(),
    to: new Date(until).toISOString(),
    n: pairs.length,
    mae: metrics?.mae ?? null,
    relMae: metrics?.relMae ?? null,
    relPinball: metrics?.relPinball ?? null,
    coverage80: metrics?.coverage80 ?? null,
    dailyErrorMean: perDay.length >= 2 ? dist.mean : null,
    dailyErrorStd: perDay.length >= 2 ? dist.std : null,
    days: perDay.length,
  };
}
