/**
 * A new model's registry backtest: forecasts over a window of origins, scored exactly like live forecasts (same
 * pure scoring), next to the naive baseline on the same origins. OUT OF SAMPLE: the caller passes a model fitted on
 * data before the window (ModelLifecycle trains a copy with `until` = the window start for this). It also yields the
 * per-horizon figures, a paired test against naive (paired-test.ts), coverage per volatility tercile (with ml's
 * helpers) and the daily error distribution. No framework imports.
 */
import * as ml from '@coincast/ml';
import { historyUntil, naiveModel, type CoinHistory, type ForecastModel, type Horizon, type QuantileForecast } from '@coincast/ml';
import { dailyMeanErrors, liveMetrics, meanAndStd, scoreForecast, type ScoredPair } from './forecast-scoring';
import { pairedTest, type LossDiff, type PairedTest } from './paired-test';
import { GROUP_HORIZONS, GROUP_STEP_MS, HORIZON_MS, type HorizonGroup } from './slots';

export interface HorizonBacktest {
  scored: number;
  relPinball: number | null;
  coverage80: number | null;
  naiveCoverage80: number | null;
  test: PairedTest;
  /** Coverage of the 80 % interval per volatility tercile (calm, middle, volatile), mean over coins; absent without ml's helpers. */
  terciles?: Array<{ coverage80: number; naiveCoverage80: number; origins: number }>;
}

/** Nominal vs observed coverage of the central 50 / 80 / 90 % intervals, the model's and naive's on the same outcomes. */
export interface CalibrationPoint {
  nominal: number;
  observed: number;
  naive: number;
}

/** What the Models page draws per horizon and per coin (stored as the model version's diagnostics, not in `backtest`). */
export interface BacktestDiagnostics {
  horizons: Partial<Record<Horizon, { scored: number; relMae: number | null; relPinball: number | null; calibration: CalibrationPoint[] }>>;
  /** Per coin, over the group's horizons: error relative to naive's on the same outcomes and 80 % coverage. */
  perCoin: Array<{ coin: string; scored: number; relMae: number | null; relPinball: number | null; coverage80: number | null; naiveCoverage80: number | null }>;
}

/** Central intervals scored for calibration: [lower, upper] quantile levels and the nominal coverage. */
const CALIBRATION_LEVELS = [
  { nominal: 0.5, lo: '0.25', hi: '0.75' },
  { nominal: 0.8, lo: '0.1', hi: '0.9' },
  { nominal: 0.9, lo: '0.05', hi: '0.95' },
] as const;

const inside = (f: QuantileForecast, actual: number): boolean[] => CALIBRATION_LEVELS.map((l) => actual >= f.quantiles[l.lo] && actual <= f.quantiles[l.hi]);

export interface GroupBacktest {
  [key: string]: unknown;
  /** First and last origin of the window (ISO). Targets are scored only up to `to`. */
  from: string;
  to: string;
  n: number;
  mae: number | null;
  relMae: number | null;
  relPinball: number | null;
  coverage80: number | null;
  naiveCoverage80: number | null;
  /** Paired test of the model against naive over the whole group (longest horizon sets the overlap). */
  test: PairedTest;
  horizons: Partial<Record<Horizon, HorizonBacktest>>;
  /** Mean and σ of the daily mean scaled absolute error. */
  dailyErrorMean: number | null;
  dailyErrorStd: number | null;
  days: number;
  /** Calibration and error by horizon, the per-coin table: moved into the model's diagnostics by the caller. */
  diagnostics: BacktestDiagnostics;
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

type TercileFn = (items: { forecast: QuantileForecast; actual: number; vol: number }[]) => Array<{ coverage80: number; origins: number }>;
type VolFn = (hourly: CoinHistory['hourly'], originTime: number) => number | undefined;

/**
 * Backtest of `model` on origins in [until - days, until] (hourly: every `originStepHours`; daily: every UTC
 * midnight), forecasts scored when their target is at or before `until`.
 */
export function backtestGroup(
  model: ForecastModel,
  histories: CoinHistory[],
  group: HorizonGroup,
  until: number,
  days: number,
  originStepHours: number,
): GroupBacktest {
  const horizons: Horizon[] = GROUP_HORIZONS[group];
  const step = GROUP_STEP_MS[group];
  const originStep = group === 'hourly' ? originStepHours * 3_600_000 : step;
  const naive = naiveModel();
  const pairs: ScoredPair[] = [];
  const byHorizon = new Map<Horizon, { pairs: ScoredPair[]; naiveHits: number; diffs: LossDiff[] }>();
  const calibration = new Map<Horizon, { n: number; model: number[]; naive: number[] }>();
  const byCoin = new Map<string, { pairs: ScoredPair[]; naiveHits: number }>();
  const groupDiffs: LossDiff[] = [];
  const daily: { targetTime: number; error: number }[] = [];
  const volTerciles = (ml as unknown as { volTercileMetrics?: TercileFn }).volTercileMetrics;
  const trailingVol = (ml as unknown as { trailingRealisedVol?: VolFn }).trailingRealisedVol;
  const tercileItems = new Map<
    string,
    { model: { forecast: QuantileForecast; actual: number; vol: number }[]; naive: { forecast: QuantileForecast; actual: number; vol: number }[] }
  >();
  let naiveHits = 0;
  const lastOrigin = Math.floor(until / step) * step;
  const firstOrigin = Math.ceil((lastOrigin - days * 86_400_000) / originStep) * originStep;
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
      const vol = volTerciles && trailingVol ? trailingVol(known.hourly, origin) : undefined;
      for (const f of ours) {
        if (f.targetTime > until) continue;
        const b = base.find((x) => x.horizon === f.horizon);
        const fullSeries = group === 'hourly' ? history.hourly : history.daily;
        const actual = closeAt(fullSeries, step, f.targetTime) ?? closeAt(history.hourly, 3_600_000, f.targetTime);
        if (!b || actual === undefined) continue;
        const s = scoreForecast(f, actual);
        const sb = scoreForecast(b, actual);
        const pair = { absError: s.scaledAbsError, pinball: s.scaledPinball, hit80: s.hit80, naiveAbsError: sb.scaledAbsError, naivePinball: sb.scaledPinball };
        pairs.push(pair);
        if (sb.hit80) naiveHits++;
        const diff = { time: f.originTime, diff: s.scaledPinball - sb.scaledPinball, loss: s.scaledPinball, referenceLoss: sb.scaledPinball };
        groupDiffs.push(diff);
        const h = byHorizon.get(f.horizon) ?? { pairs: [], naiveHits: 0, diffs: [] };
        h.pairs.push(pair);
        h.diffs.push(diff);
        if (sb.hit80) h.naiveHits++;
        byHorizon.set(f.horizon, h);
        const cal = calibration.get(f.horizon) ?? { n: 0, model: CALIBRATION_LEVELS.map(() => 0), naive: CALIBRATION_LEVELS.map(() => 0) };
        cal.n++;
        inside(f, actual).forEach((hit, i) => (cal.model[i]! += hit ? 1 : 0));
        inside(b, actual).forEach((hit, i) => (cal.naive[i]! += hit ? 1 : 0));
        calibration.set(f.horizon, cal);
        const coin = byCoin.get(history.coin) ?? { pairs: [], naiveHits: 0 };
        coin.pairs.push(pair);
        if (sb.hit80) coin.naiveHits++;
        byCoin.set(history.coin, coin);
        daily.push({ targetTime: f.targetTime, error: s.scaledAbsError });
        if (vol !== undefined) {
          const key = `${history.coin}|${f.horizon}`;
          const items = tercileItems.get(key) ?? { model: [], naive: [] };
          items.model.push({ forecast: f, actual, vol });
          items.naive.push({ forecast: b, actual, vol });
          tercileItems.set(key, items);
        }
      }
    }
  }
  const metrics = liveMetrics(pairs);
  const perDay = dailyMeanErrors(daily).map((d) => d.error);
  const dist = meanAndStd(perDay);
  const longest = Math.max(...horizons.map((h) => HORIZON_MS[h]));
  const perHorizon: Partial<Record<Horizon, HorizonBacktest>> = {};
  const diagnostics: BacktestDiagnostics = { horizons: {}, perCoin: [] };
  for (const h of horizons) {
    const entry = byHorizon.get(h);
    if (!entry) continue;
    const m = liveMetrics(entry.pairs);
    const result: HorizonBacktest = {
      scored: entry.pairs.length,
      relPinball: m?.relPinball ?? null,
      coverage80: m?.coverage80 ?? null,
      naiveCoverage80: entry.pairs.length > 0 ? entry.naiveHits / entry.pairs.length : null,
      test: pairedTest(entry.diffs, HORIZON_MS[h], originStep),
    };
    if (volTerciles) {
      const coins = [...tercileItems.entries()].filter(([k]) => k.endsWith(`|${h}`)).map(([, v]) => v);
      const perCoin = coins.filter((c) => c.model.length >= 9).map((c) => ({ model: volTerciles(c.model), naive: volTerciles(c.naive) }));
      if (perCoin.length > 0) {
        result.terciles = [0, 1, 2].map((i) => ({
          coverage80: perCoin.reduce((a, c) => a + c.model[i]!.coverage80, 0) / perCoin.length,
          naiveCoverage80: perCoin.reduce((a, c) => a + c.naive[i]!.coverage80, 0) / perCoin.length,
          origins: perCoin.reduce((a, c) => a + c.model[i]!.origins, 0),
        }));
      }
    }
    perHorizon[h] = result;
    const cal = calibration.get(h);
    diagnostics.horizons[h] = {
      scored: entry.pairs.length,
      relMae: m?.relMae ?? null,
      relPinball: m?.relPinball ?? null,
      calibration: cal ? CALIBRATION_LEVELS.map((l, i) => ({ nominal: l.nominal, observed: cal.model[i]! / cal.n, naive: cal.naive[i]! / cal.n })) : [],
    };
  }
  for (const [coin, c] of [...byCoin.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const m = liveMetrics(c.pairs);
    diagnostics.perCoin.push({
      coin,
      scored: c.pairs.length,
      relMae: m?.relMae ?? null,
      relPinball: m?.relPinball ?? null,
      coverage80: m?.coverage80 ?? null,
      naiveCoverage80: c.pairs.length > 0 ? c.naiveHits / c.pairs.length : null,
    });
  }
  return {
    from: new Date(firstOrigin).toISOString(),
    to: new Date(until).toISOString(),
    n: pairs.length,
    mae: metrics?.mae ?? null,
    relMae: metrics?.relMae ?? null,
    relPinball: metrics?.relPinball ?? null,
    coverage80: metrics?.coverage80 ?? null,
    naiveCoverage80: pairs.length > 0 ? naiveHits / pairs.length : null,
    test: pairedTest(groupDiffs, longest, originStep),
    horizons: perHorizon,
    dailyErrorMean: perDay.length >= 2 ? dist.mean : null,
    dailyErrorStd: perDay.length >= 2 ? dist.std : null,
    days: perDay.length,
    diagnostics,
  };
}
