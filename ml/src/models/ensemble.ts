/**
 * The default model: an ensemble of the GARCH+conformal volatility model, ridge regressions on the features and two
 * global neural quantile models (GRU, CNN). Members are weighted on a validation period before `until`:
 * the point forecast moves away from naive only by the shrink factor that validation MAE supports (0 when no
 * member shows skill), and neural quantiles are blended into the conformal quantiles only when that lowers the
 * validation pinball loss.
 */
import { createHash } from 'node:crypto';
import { closeAtTime, historyUntil } from '../data/candles';
import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { computeFeatures, FEATURE_LOOKBACK, FEATURE_NAMES } from '../features/features';
import { seededRandom } from '../math';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast, TrainProgress } from '../types';
import { ALL_HORIZONS, QUANTILE_LEVELS } from '../types';
import { empiricalReturnQuantiles, naiveWindow } from './baselines';
import { forecastFromLogReturns } from './context';
import { DEFAULT_GUARD, guardTest, naiveGuard, pinballLoss, type GuardSettings, type HorizonGuard, type LossPair } from './guard';
import {
  defaultNeuralConfig,
  NEURAL_STEPS,
  NEURAL_TAUS,
  predictNeural,
  predictNeuralSync,
  sequenceAt,
  SEQ_LEN,
  trainNeural,
  type NeuralDataset,
  type TrainedNeural,
} from './neural';
import { fitRidge, predictRidge, type RidgeModel } from './ridge';
import { fitVolParams, volLookback, volStates, type VolModelParams, type VolState } from './vol-model';
import { horizonVariance, volPath } from './volatility';

export const ENSEMBLE_TYPE = 'ensemble';
export const ENSEMBLE_VERSION = '1';

export type MemberName = 'ridge' | 'gru' | 'cnn';

export interface HorizonWeights {
  /** Relative weights of members in the (standardised) point forecast; they sum to 1 or are all 0. */
  point: Partial<Record<MemberName, number>>;
  /** Fraction of the combined member point forecast kept (0 = naive). */
  shrink: number;
  /** Neural member whose centred quantiles are blended into the conformal ones, and its weight. */
  quantileMember?: 'gru' | 'cnn';
  quantileBlend: number;
  validation: {
    origins: number;
    maeNaive: number;
    mae: Partial<Record<MemberName, number>>;
    pinballConformal: number;
    pinball: Partial<Record<'gru' | 'cnn', number>>;
  };
  /**
   * The statistical guard's decision (absent in artifacts saved before it existed: those serve the model's
   * interval and the shrunk point as before).
   */
  guard?: HorizonGuard;
}

export interface EnsembleState {
  vol: VolModelParams;
  ridge: Partial<Record<Horizon, RidgeModel>>;
  neural: Partial<Record<'gru' | 'cnn', TrainedNeural>>;
  weights: Partial<Record<Horizon, HorizonWeights>>;
  info: Record<string, unknown>;
}

export interface TrainOptions {
  until: number;
  seed?: number;
  onProgress?: (p: TrainProgress) => void;
  /**
   * Days before `until` used to weight members and run the guard, for every horizon (members are fitted on data
   * before that period). Default: per timeframe, see DEFAULT_VALIDATION.
   */
  validationDays?: number;
  /** Validation period and origin spacing per timeframe (overrides the defaults; validationDays overrides both). */
  validation?: Partial<Record<'hourly' | 'daily', ValidationWindow>>;
  /** Guard settings (critical value of the DM statistic, fewest non-overlapping outcomes). */
  guard?: GuardSettings;
  /** Years of hourly history used to fit members. */
  trainYears?: number;
  /** Cap on neural training samples (keeps retraining cheap). */
  maxNeuralSamples?: number;
  neuralEpochs?: number;
}

/** Spacing of training rows for the members (hourly). */
const MEMBER_SAMPLE_STEP_HOURS = 12;
const DAILY_SAMPLE_STEP_DAYS = 2;

export interface ValidationWindow {
  days: number;
  stepHours: number;
}

/**
 * Validation periods, sized for the number of independent outcomes: a year of hourly origins every 6 h for
 * 1h/4h/24h (1,460 origin times, ~365 non-overlapping 24h outcomes), three years of daily origins for 7d/30d
 * (~156 non-overlapping weekly and ~36 monthly outcomes: at 30d the guard can rarely leave naive, by design).
 */
export const DEFAULT_VALIDATION: Record<'hourly' | 'daily', ValidationWindow> = {
  hourly: { days: 365, stepHours: 6 },
  daily: { days: 3 * 365, stepHours: 24 },
};

/** Realised standardised h-step return at origin j of a path, or undefined if the target is not in the data. */
function realisedZ(
  closes: ArrayLike<number>,
  path: ReturnType<typeof volPath>,
  cfg: VolModelParams['hourly'],
  j: number,
  steps: number,
  lastIndex: number,
): number | undefined {
  if (j + steps > lastIndex) return undefined;
  return Math.log(closes[j + steps]! / closes[j]!) / Math.sqrt(horizonVariance(path, cfg, j, steps));
}

interface MemberSamples {
  hourlyX: number[][];
  hourlyY: number[][]; // per NEURAL_STEPS
  seq: NeuralDataset;
  dailyX: number[][];
  dailyY: number[][]; // [7d, 30d]
}

/** Builds training rows from candles strictly before `end` (targets included). */
function buildSamples(histories: CoinHistory[], vol: VolModelParams, end: number, trainYears: number, dailyEnd = end): MemberSamples {
  const s: MemberSamples = { hourlyX: [], hourlyY: [], seq: { x: [], y: [] }, dailyX: [], dailyY: [] };
  for (const h of histories) {
    const known = historyUntil(h, end);
    const knownDaily = historyUntil(h, dailyEnd).daily;
    const hourly = known.hourly.slice(Math.max(0, known.hourly.length - trainYears * 365 * 24));
    if (hourly.length > 1000) {
      const path = volPath(hourly, vol.hourly);
      const closes = hourly.map((c) => c.close);
      for (let j = 400; j < hourly.length - 24; j += MEMBER_SAMPLE_STEP_HOURS) {
        const ys = NEURAL_STEPS.map((st) => realisedZ(closes, path, vol.hourly, j, st, hourly.length - 1));
        if (ys.some((y) => y === undefined || !Number.isFinite(y))) continue;
        const y = ys as number[];
        const f = computeFeatures(hourly.slice(j + 1 - FEATURE_LOOKBACK, j + 1), Math.sqrt(path.vNext[j]!));
        const q = sequenceAt(path, j);
        if (!f || !q) continue;
        s.hourlyX.push(f);
        s.hourlyY.push(y);
        s.seq.x.push(q);
        s.seq.y.push(y.map((v) => Math.max(-8, Math.min(8, v))));
      }
    }
    const daily = knownDaily.slice(Math.max(0, knownDaily.length - 5 * 365));
    if (daily.length > 400) {
      const path = volPath(daily, vol.daily);
      const closes = daily.map((c) => c.close);
      for (let j = 200; j < daily.length - 30; j += DAILY_SAMPLE_STEP_DAYS) {
        const y7 = realisedZ(closes, path, vol.daily, j, 7, daily.length - 1);
        const y30 = realisedZ(closes, path, vol.daily, j, 30, daily.length - 1);
        const f = computeFeatures(daily.slice(j + 1 - FEATURE_LOOKBACK, j + 1), Math.sqrt(path.vNext[j]!));
        if (y7 === undefined || y30 === undefined || !f) continue;
        s.dailyX.push(f);
        s.dailyY.push([y7, y30]);
      }
    }
  }
  return s;
}

function subsample(n: number, max: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return idx;
  const rnd = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(rnd() * (i + 1));
    [idx[i], idx[k]] = [idx[k]!, idx[i]!];
  }
  return idx.slice(0, max).sort((a, b) => a - b);
}

/** Member outputs at one origin for one horizon, in standardised-return units. */
interface MemberOutputs {
  point: Partial<Record<MemberName, number>>;
  quantiles: Partial<Record<'gru' | 'cnn', number[]>>; // taus 0.1/0.5/0.9
}

const NEURAL_INDEX: Partial<Record<Horizon, number>> = { '1h': 0, '4h': 1, '24h': 2 };

/** Features and sequence at the origin of a volatility state (shared by validation and predict). */
function memberInputs(s: VolState, cfgVol: VolModelParams, horizon: Horizon) {
  const j = s.ctx.candles.length - 1;
  const tf = HORIZONS[horizon].timeframe;
  const sigmaStep = Math.sqrt(s.path.vNext[j]!);
  const feats = computeFeatures(s.ctx.candles.slice(Math.max(0, j + 1 - FEATURE_LOOKBACK)), sigmaStep);
  const seq = tf === 'hourly' ? sequenceAt(s.path, j) : undefined;
  void cfgVol;
  return { feats, seq };
}

function combine(w: HorizonWeights | undefined, s: VolState, out: MemberOutputs): { pointZ: number; z: Record<string, number> } {
  let pointZ = 0;
  if (w && w.shrink > 0 && !w.guard?.pointIsNaive) {
    for (const [m, wt] of Object.entries(w.point) as [MemberName, number][]) pointZ += wt * (out.point[m] ?? 0);
    pointZ *= w.shrink;
  }
  const z: Record<string, number> = { ...s.z };
  if (w?.quantileMember && w.quantileBlend > 0) {
    const nq = out.quantiles[w.quantileMember];
    if (nq) {
      // Blend only the tails at 0.1/0.9 (the levels the member was trained on), centred on its own median.
      const a = w.quantileBlend;
      z['0.1'] = (1 - a) * s.z['0.1']! + a * (nq[0]! - nq[1]!);
      z['0.9'] = (1 - a) * s.z['0.9']! + a * (nq[2]! - nq[1]!);
    }
  }
  return { pointZ, z };
}

function needsMembers(w: HorizonWeights | undefined): { point: boolean; neural: Set<'gru' | 'cnn'> } {
  const neural = new Set<'gru' | 'cnn'>();
  const point = !!w && w.shrink > 0 && !w.guard?.pointIsNaive && Object.values(w.point).some((x) => (x ?? 0) > 0);
  if (w && point) for (const m of ['gru', 'cnn'] as const) if ((w.point[m] ?? 0) > 0) neural.add(m);
  if (w?.quantileMember && w.quantileBlend > 0 && !w.guard?.intervalIsNaive) neural.add(w.quantileMember);
  return { point, neural };
}

/**
 * Log-return quantiles as served, given the point and the model's standardised quantiles: the model's, naive's
 * (empirical trailing h-step returns, exactly naiveModel's), or their average, as the guard decided. The median is
 * the point in every case.
 */
export function servedLogQuantiles(
  source: HorizonGuard['intervalSource'],
  pointLog: number,
  sigma: number,
  z: Record<string, number>,
  naiveQ: () => Record<string, number>,
): Record<string, number> {
  const q: Record<string, number> = {};
  const nq = source === 'model' ? undefined : naiveQ();
  for (const k of QUANTILE_LEVELS) {
    const mq = pointLog + sigma * z[k]!;
    q[k] = k === '0.5' ? pointLog : source === 'model' ? mq : source === 'naive' ? nq![k]! : 0.5 * (mq + nq![k]!);
  }
  return q;
}

/** An ensemble model carries its fitted state (what its artifact stores). */
export interface EnsembleModel extends ForecastModel {
  readonly type: typeof ENSEMBLE_TYPE;
  readonly state: EnsembleState;
}

/** The fitted state of an ensemble model; undefined for every other model. */
export function ensembleStateOf(model: ForecastModel): EnsembleState | undefined {
  return model.type === ENSEMBLE_TYPE && 'state' in model ? (model as EnsembleModel).state : undefined;
}

export function ensembleModel(state: EnsembleState): EnsembleModel {
  return {
    type: ENSEMBLE_TYPE,
    state,
    version: ENSEMBLE_VERSION,
    metadata: ensembleMetadata(state),
    lookback: ensembleLookback(state.vol),
    predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[] {
      return volStates(state.vol, history, horizons).map((s) => {
        const h = s.ctx.horizon;
        const w = state.weights[h];
        const need = needsMembers(w);
        const out: MemberOutputs = { point: {}, quantiles: {} };
        if (need.point || need.neural.size) {
          const { feats, seq } = memberInputs(s, state.vol, h);
          const ridge = state.ridge[h];
          if (need.point && ridge && feats) out.point.ridge = predictRidge(ridge, feats);
          const hi = NEURAL_INDEX[h];
          if (seq && hi !== undefined)
            for (const m of need.neural) {
              const net = state.neural[m];
              if (!net) continue;
              const q = predictNeuralSync(net, [seq])[0]![hi]!;
              out.quantiles[m] = q;
              out.point[m] = q[1]!;
            }
        }
        const { pointZ, z } = combine(w, s, out);
        const pointLog = pointZ * s.sigma;
        const q = servedLogQuantiles(w?.guard?.intervalSource ?? 'model', pointLog, s.sigma, z, () =>
          empiricalReturnQuantiles(s.ctx.logCloses, s.ctx.steps, naiveWindow(h)),
        );
        return forecastFromLogReturns(s.ctx, pointLog, q);
      });
    },
  };
}

function ensembleMetadata(state: EnsembleState): Record<string, unknown> {
  return {
    type: ENSEMBLE_TYPE,
    version: ENSEMBLE_VERSION,
    features: FEATURE_NAMES,
    quantileLevels: QUANTILE_LEVELS,
    members: ['garch-conformal', 'ridge', 'gru', 'cnn'],
    weights: state.weights,
    guard: guardDecisionsOf(state),
    volatility: state.vol,
    neural: Object.fromEntries(Object.entries(state.neural).map(([k, m]) => [k, { config: m!.cfg, lossHistory: m!.lossHistory, backend: m!.backend }])),
    ...state.info,
  };
}

/** The guard's decision per horizon (undefined for artifacts saved before the guard existed). */
export function guardDecisionsOf(state: EnsembleState): Partial<Record<Horizon, HorizonGuard>> | undefined {
  const out: Partial<Record<Horizon, HorizonGuard>> = {};
  for (const h of ALL_HORIZONS) {
    const g = state.weights[h]?.guard;
    if (g) out[h] = g;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The model's lookback (what predict trims to): validation passes exactly this much history, like serving. */
export function ensembleLookback(vol: VolModelParams): { hourly: number; daily: number } {
  const lb = volLookback(vol);
  return { hourly: Math.max(lb.hourly, FEATURE_LOOKBACK + SEQ_LEN), daily: Math.max(lb.daily, FEATURE_LOOKBACK) };
}

/** Stable hash of the candles used for training (what went in, for the artifact's metadata). */
export function dataHash(histories: CoinHistory[], until: number): string {
  const h = createHash('sha256');
  for (const c of histories) {
    const k = historyUntil(c, until);
    h.update(`${c.coin}|${k.hourly.length}|${k.daily.length}|`);
    for (const x of k.hourly) h.update(`${x.openTime},${x.close};`);
    for (const x of k.daily) h.update(`${x.openTime},${x.close};`);
  }
  return h.digest('hex').slice(0, 16);
}

function libraryVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version };
  for (const p of ['@tensorflow/tfjs', 'technicalindicators']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a package's own version, read at run time
      out[p] = (require(`${p}/package.json`) as { version: string }).version;
    } catch {
      out[p] = 'unknown';
    }
  }
  return out;
}

export async function trainDefaultModel(histories: CoinHistory[], opts: TrainOptions): Promise<ForecastModel> {
  return ensembleModel(await trainEnsembleState(histories, opts));
}

export async function trainEnsembleState(histories: CoinHistory[], opts: TrainOptions): Promise<EnsembleState> {
  const started = Date.now();
  const seed = opts.seed ?? 42;
  const say = (stage: string, message: string, fraction?: number) => opts.onProgress?.({ stage, message, fraction });
  const trainYears = opts.trainYears ?? 2;
  const guardSettings = opts.guard ?? DEFAULT_GUARD;
  const win = (tf: 'hourly' | 'daily'): ValidationWindow =>
    opts.validationDays !== undefined
      ? { days: opts.validationDays, stepHours: DEFAULT_VALIDATION[tf].stepHours }
      : { ...DEFAULT_VALIDATION[tf], ...opts.validation?.[tf] };
  const wh = win('hourly');
  const wd = win('daily');
  const valStartH = Math.floor((opts.until - wh.days * DAY_MS) / HOUR_MS) * HOUR_MS;
  const valStartD = Math.floor((opts.until - wd.days * DAY_MS) / DAY_MS) * DAY_MS;

  say('volatility', 'fitting seasonality and GARCH parameters', 0);
  const volValH = fitVolParams(histories, valStartH, trainYears);
  const volValD = valStartD === valStartH ? volValH : fitVolParams(histories, valStartD, trainYears);
  // Validation sees the hourly parameters fitted before the hourly period and the daily ones before the daily period.
  const volVal: VolModelParams = { ...volValH, daily: volValD.daily };
  const volFinal = fitVolParams(histories, opts.until, trainYears);

  say('samples', 'building feature rows', 0.05);
  const samples = buildSamples(histories, volVal, valStartH, trainYears, valStartD);

  say('ridge', `fitting ridge on ${samples.hourlyX.length} hourly / ${samples.dailyX.length} daily rows`, 0.15);
  const ridge: EnsembleState['ridge'] = {};
  const lambda = 1;
  if (samples.hourlyX.length > 50)
    (['1h', '4h', '24h'] as const).forEach(
      (h, i) =>
        (ridge[h] = fitRidge(
          samples.hourlyX,
          samples.hourlyY.map((y) => y[i]!),
          lambda,
        )),
    );
  if (samples.dailyX.length > 50)
    (['7d', '30d'] as const).forEach(
      (h, i) =>
        (ridge[h] = fitRidge(
          samples.dailyX,
          samples.dailyY.map((y) => y[i]!),
          lambda,
        )),
    );

  const neural: EnsembleState['neural'] = {};
  const keep = subsample(samples.seq.x.length, opts.maxNeuralSamples ?? 12_000, seed);
  const ds: NeuralDataset = { x: keep.map((i) => samples.seq.x[i]!), y: keep.map((i) => samples.seq.y[i]!) };
  if (ds.x.length >= 64) {
    for (const kind of ['gru', 'cnn'] as const) {
      say('neural', `training ${kind} on ${ds.x.length} sequences`, kind === 'gru' ? 0.25 : 0.5);
      const cfg = { ...defaultNeuralConfig(kind, seed), epochs: opts.neuralEpochs ?? defaultNeuralConfig(kind).epochs };
      neural[kind] = await trainNeural(cfg, ds);
    }
  }

  say(
    'validation',
    `guard: ${wh.days} days of hourly origins, ${wd.days} days of daily origins before ${new Date(opts.until).toISOString().slice(0, 10)}`,
    0.75,
  );
  const weights = await validateMembers(
    histories,
    volVal,
    ridge,
    neural,
    { hourly: { start: valStartH, stepMs: wh.stepHours * HOUR_MS }, daily: { start: valStartD, stepMs: Math.max(1, Math.round(wd.stepHours / 24)) * DAY_MS } },
    opts.until,
    // Validation forecasts see exactly the history the served model trims to (ensembleLookback of the final params;
    // the calibration windows are the same for both, so the lengths agree).
    ensembleLookback(volFinal),
    guardSettings,
  );

  say('done', `trained in ${((Date.now() - started) / 1000).toFixed(1)} s`, 1);
  return {
    vol: volFinal,
    ridge,
    neural,
    weights,
    info: {
      seed,
      trainingRange: { from: new Date(opts.until - trainYears * 365 * DAY_MS).toISOString(), until: new Date(opts.until).toISOString() },
      validationRange: {
        hourly: { from: new Date(valStartH).toISOString(), until: new Date(opts.until).toISOString(), originStepHours: wh.stepHours },
        daily: { from: new Date(valStartD).toISOString(), until: new Date(opts.until).toISOString(), originStepHours: 24 },
      },
      coins: histories.map((h) => h.coin),
      dataHash: dataHash(histories, opts.until),
      samples: { hourly: samples.hourlyX.length, daily: samples.dailyX.length, neural: ds.x.length },
      hyperparameters: {
        ridgeLambda: lambda,
        trainYears,
        validationDays: { hourly: wh.days, daily: wd.days },
        memberSampleStepHours: MEMBER_SAMPLE_STEP_HOURS,
        guard: { test: 'diebold-mariano-newey-west', ...guardSettings },
      },
      trainSeconds: (Date.now() - started) / 1000,
      libraries: libraryVersions(),
    },
  };
}

/** One validation origin for one horizon and coin (exported for the guard's tests). */
export interface ValRow {
  coin: string;
  time: number;
  /** Realised log return and the model's scale. */
  r: number;
  sigma: number;
  zReal: number;
  conformal: Record<string, number>;
  /** Naive's log-return quantiles at the origin. */
  naiveQ: Record<string, number>;
  out: MemberOutputs;
}

export type { MemberOutputs };

const pinZ = pinballLoss;

/** Mean pinball over the six non-median levels (the interval), log-return units. */
function intervalLoss(q: Record<string, number>, r: number): number {
  let l = 0;
  for (const k of QUANTILE_LEVELS) if (k !== '0.5') l += pinballLoss(q[k]!, r, Number(k));
  return l / (QUANTILE_LEVELS.length - 1);
}

async function validateMembers(
  histories: CoinHistory[],
  vol: VolModelParams,
  ridge: EnsembleState['ridge'],
  neural: EnsembleState['neural'],
  windows: Record<'hourly' | 'daily', { start: number; stepMs: number }>,
  until: number,
  lookback: { hourly: number; daily: number },
  settings: GuardSettings,
): Promise<Partial<Record<Horizon, HorizonWeights>>> {
  const rows = new Map<Horizon, ValRow[]>();
  const pendingSeq: { rows: { h: Horizon; row: ValRow }[]; seq: Float32Array }[] = [];
  for (const tf of ['hourly', 'daily'] as const) {
    const hs = ALL_HORIZONS.filter((h) => HORIZONS[h].timeframe === tf);
    const { start, stepMs } = windows[tf];
    const interval = tf === 'hourly' ? HOUR_MS : DAY_MS;
    for (const hist of histories) {
      for (let t = start; t < until; t += stepMs) {
        const visible = historyUntil(hist, t, lookback);
        const states = volStates(vol, visible, hs);
        let feats: number[] | undefined;
        let seq: Float32Array | undefined;
        let inputsDone = false;
        const originRows: { h: Horizon; row: ValRow }[] = [];
        for (const s of states) {
          const h = s.ctx.horizon;
          if (s.ctx.originTime !== t || s.ctx.targetTime > until) continue;
          const series = tf === 'hourly' ? hist.hourly : hist.daily;
          const target = closeAtTime(series, s.ctx.targetTime, interval);
          if (target === undefined) continue;
          const r = Math.log(target / s.ctx.lastPrice);
          // Features and the sequence depend on the timeframe's path and origin only: once per origin.
          if (!inputsDone) {
            ({ feats, seq } = memberInputs(s, vol, h));
            inputsDone = true;
          }
          const row: ValRow = {
            coin: hist.coin,
            time: t,
            r,
            sigma: s.sigma,
            zReal: r / s.sigma,
            conformal: s.z,
            naiveQ: empiricalReturnQuantiles(s.ctx.logCloses, s.ctx.steps, naiveWindow(h)),
            out: { point: {}, quantiles: {} },
          };
          if (ridge[h] && feats) row.out.point.ridge = predictRidge(ridge[h]!, feats);
          if (seq && NEURAL_INDEX[h] !== undefined) originRows.push({ h, row });
          (rows.get(h) ?? rows.set(h, []).get(h)!).push(row);
        }
        if (seq && originRows.length) pendingSeq.push({ rows: originRows, seq });
      }
    }
  }
  for (const kind of ['gru', 'cnn'] as const) {
    const net = neural[kind];
    if (!net || pendingSeq.length === 0) continue;
    const preds = await predictNeural(
      net,
      pendingSeq.map((p) => p.seq),
    );
    pendingSeq.forEach((p, i) => {
      for (const { h, row } of p.rows) {
        const q = preds[i]![NEURAL_INDEX[h]!]!;
        row.out.quantiles[kind] = q;
        row.out.point[kind] = q[1]!;
      }
    });
  }

  const weights: Partial<Record<Horizon, HorizonWeights>> = {};
  for (const h of ALL_HORIZONS) {
    const tf = HORIZONS[h].timeframe;
    const spacing = windows[tf].stepMs;
    const validation = { from: new Date(windows[tf].start).toISOString(), to: new Date(until).toISOString(), originStepHours: spacing / HOUR_MS };
    weights[h] = decideHorizon(h, rows.get(h) ?? [], spacing, validation, settings);
  }
  return weights;
}

/**
 * The guard's decisions for one horizon from its validation rows: which members enter the point (each must beat
 * naive's absolute error on a 5 % one-sided DM screen, the combination must pass the full guard), whether neural
 * tails are blended in (must beat the conformal interval significantly), and whether the model's interval (or its
 * average with naive's) is served instead of naive's (must beat naive's interval significantly).
 */
export function decideHorizon(
  h: Horizon,
  rs: ValRow[],
  spacing: number,
  validation: HorizonGuard['validation'],
  settings: GuardSettings = DEFAULT_GUARD,
): HorizonWeights {
  const hMs = HORIZONS[h].ms;
  {
    if (rs.length === 0) {
      return {
        point: {},
        shrink: 0,
        quantileBlend: 0,
        validation: { origins: 0, maeNaive: NaN, mae: {}, pinballConformal: NaN, pinball: {} },
        guard: naiveGuard(validation, settings),
      };
    }
    const n = rs.length;
    const test = (model: (r: ValRow) => number, base: (r: ValRow) => number, st: GuardSettings = settings) =>
      guardTest(
        rs.map((r): LossPair => ({ coin: r.coin, time: r.time, model: model(r), naive: base(r) })),
        hMs,
        spacing,
        st,
      );

    // 1. Point: each member must beat naive's absolute error significantly (a looser 5 % one-sided screen), the
    //    combination (weights ∝ skill, shrink chosen on validation) must then pass the full guard.
    const absNaive = (r: ValRow) => Math.abs(r.r);
    const maeOf = (f: (r: ValRow) => number) => rs.reduce((a, r) => a + Math.abs(r.zReal - f(r)), 0) / n;
    const maeNaive = maeOf(() => 0);
    const mae: Partial<Record<MemberName, number>> = {};
    const skill: Partial<Record<MemberName, number>> = {};
    for (const m of ['ridge', 'gru', 'cnn'] as const) {
      if (!rs.every((r) => r.out.point[m] !== undefined)) continue;
      mae[m] = maeOf((r) => r.out.point[m]!);
      const t = test((r) => Math.abs(r.r - r.sigma * r.out.point[m]!), absNaive, { ...settings, criticalValue: 1.645 });
      if (t.significant) skill[m] = -t.meanLossDiff;
    }
    const totalSkill = Object.values(skill).reduce((a, b) => a + b!, 0);
    const point: Partial<Record<MemberName, number>> = {};
    for (const [m, sk] of Object.entries(skill)) point[m as MemberName] = sk! / totalSkill;
    const combined = (r: ValRow) => Object.entries(point).reduce((a, [m, w]) => a + w! * r.out.point[m as MemberName]!, 0);
    let shrink = 0;
    let pointTest = test(absNaive, absNaive);
    if (totalSkill > 0) {
      let best = maeNaive;
      let bestLam = 0;
      for (const lam of [0.25, 0.5, 0.75, 1]) {
        const e = maeOf((r) => lam * combined(r));
        if (e < best) {
          best = e;
          bestLam = lam;
        }
      }
      if (bestLam > 0) {
        pointTest = test((r) => Math.abs(r.r - r.sigma * bestLam * combined(r)), absNaive);
        if (pointTest.significant) shrink = bestLam;
      }
    }
    const pointLog = (r: ValRow) => (shrink > 0 ? r.sigma * shrink * combined(r) : 0);

    // 2. Neural tails blended into the conformal ones: only if that beats the conformal interval significantly.
    const modelQ = (r: ValRow, z: Record<string, number>) => {
      const q: Record<string, number> = {};
      const p = pointLog(r);
      for (const k of QUANTILE_LEVELS) q[k] = p + r.sigma * z[k]!;
      return q;
    };
    const blendZ = (r: ValRow, m: 'gru' | 'cnn', a: number) => {
      const nq = r.out.quantiles[m]!;
      return { ...r.conformal, '0.1': (1 - a) * r.conformal['0.1']! + a * (nq[0]! - nq[1]!), '0.9': (1 - a) * r.conformal['0.9']! + a * (nq[2]! - nq[1]!) };
    };
    const pinOf = (lo: (r: ValRow) => number, hi: (r: ValRow) => number) =>
      rs.reduce((a, r) => a + (pinZ(lo(r), r.zReal, 0.1) + pinZ(0, r.zReal, 0.5) + pinZ(hi(r), r.zReal, 0.9)) / 3, 0) / n;
    const pinballConformal = pinOf(
      (r) => r.conformal['0.1']!,
      (r) => r.conformal['0.9']!,
    );
    const pinball: Partial<Record<'gru' | 'cnn', number>> = {};
    const confLoss = (r: ValRow) => intervalLoss(modelQ(r, r.conformal), r.r);
    let bestBlend: { m: 'gru' | 'cnn'; a: number; loss: number } | undefined;
    for (const m of ['gru', 'cnn'] as const) {
      if (!rs.every((r) => r.out.quantiles[m])) continue;
      pinball[m] = pinOf(
        (r) => r.out.quantiles[m]![0]! - r.out.quantiles[m]![1]!,
        (r) => r.out.quantiles[m]![2]! - r.out.quantiles[m]![1]!,
      );
      for (const a of [0.25, 0.5]) {
        const loss = rs.reduce((acc, r) => acc + intervalLoss(modelQ(r, blendZ(r, m, a)), r.r), 0) / n;
        if (!bestBlend || loss < bestBlend.loss) bestBlend = { m, a, loss };
      }
    }
    let quantileMember: 'gru' | 'cnn' | undefined;
    let quantileBlend = 0;
    if (bestBlend) {
      const b = bestBlend;
      if (test((r) => intervalLoss(modelQ(r, blendZ(r, b.m, b.a)), r.r), confLoss).significant) {
        quantileMember = b.m;
        quantileBlend = b.a;
      }
    }
    const servedZ = (r: ValRow) => (quantileMember ? blendZ(r, quantileMember, quantileBlend) : r.conformal);

    // 3. Interval: the model's (or its average with naive's) must beat naive's interval significantly.
    const naiveLoss = (r: ValRow) => intervalLoss(r.naiveQ, r.r);
    const candidates = (['model', 'blend'] as const).map((source) => ({
      source,
      t: test(
        (r) =>
          intervalLoss(
            servedLogQuantiles(source, pointLog(r), r.sigma, servedZ(r), () => r.naiveQ),
            r.r,
          ),
        naiveLoss,
      ),
    }));
    // Among the candidates that pass, the one with the larger gain (a blend sits closer to naive, so its differential
    // is less noisy and its statistic can be larger in size for a smaller gain).
    const passing = candidates.filter((c) => c.t.significant).sort((a, b) => a.t.meanLossDiff - b.t.meanLossDiff);
    const chosen: { source: HorizonGuard['intervalSource']; t: (typeof candidates)[number]['t'] } = passing[0] ?? {
      source: 'naive',
      t: candidates.find((c) => c.source === 'model')!.t,
    };
    const guard: HorizonGuard = {
      pointIsNaive: shrink === 0,
      intervalIsNaive: chosen.source === 'naive',
      intervalSource: chosen.source,
      point: pointTest,
      interval: chosen.t,
      intervalCandidates: Object.fromEntries(candidates.map((c) => [c.source, c.t])),
      statistic: chosen.t.statistic,
      n: chosen.t.n,
      validation,
      criticalValue: settings.criticalValue,
      minEffectiveN: settings.minEffectiveN,
      minRelativeGain: settings.minRelativeGain,
    };
    return {
      point: shrink > 0 ? point : {},
      shrink,
      ...(quantileMember && chosen.source !== 'naive' ? { quantileMember } : {}),
      quantileBlend: chosen.source !== 'naive' ? quantileBlend : 0,
      validation: { origins: n, maeNaive, mae, pinballConformal, pinball },
      guard,
    };
  }
}

export { NEURAL_TAUS };
