/**
 * The default model: an ensemble of the GARCH+conformal volatility model, ridge regressions on the features and two
 * global neural quantile models (GRU, CNN). Members are weighted on a validation period before `until`:
 * the point forecast moves away from naive only by the shrink factor that validation MAE supports (0 when no
 * member shows skill), and neural quantiles are blended into the conformal quantiles only when that lowers the
 * validation pinball loss.
 */
import { createHash } from 'node:crypto';
import { registerEnsembleState } from '../artifacts/registry';
import { closeAtTime, historyUntil } from '../data/candles';
import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { computeFeatures, FEATURE_LOOKBACK, FEATURE_NAMES } from '../features/features';
import { seededRandom } from '../math';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast, TrainProgress } from '../types';
import { ALL_HORIZONS, QUANTILE_LEVELS } from '../types';
import { forecastFromLogReturns } from './context';
import { defaultNeuralConfig, NEURAL_STEPS, NEURAL_TAUS, predictNeural, predictNeuralSync, sequenceAt, SEQ_LEN, trainNeural, type NeuralDataset, type TrainedNeural } from './neural';
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
  /** Days before `until` used to weight members (members are fitted on data before that period). */
  validationDays?: number;
  /** Years of hourly history used to fit members. */
  trainYears?: number;
  /** Cap on neural training samples (keeps retraining cheap). */
  maxNeuralSamples?: number;
  neuralEpochs?: number;
}

/** Spacing of training rows for the members (hourly) and of validation origins. */
const MEMBER_SAMPLE_STEP_HOURS = 12;
const DAILY_SAMPLE_STEP_DAYS = 2;
const VALIDATION_STEP_HOURS = 6;

/** Realised standardised h-step return at origin j of a path, or undefined if the target is not in the data. */
function realisedZ(closes: ArrayLike<number>, path: ReturnType<typeof volPath>, cfg: VolModelParams['hourly'], j: number, steps: number, lastIndex: number): number | undefined {
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
function buildSamples(histories: CoinHistory[], vol: VolModelParams, end: number, trainYears: number): MemberSamples {
  const s: MemberSamples = { hourlyX: [], hourlyY: [], seq: { x: [], y: [] }, dailyX: [], dailyY: [] };
  for (const h of histories) {
    const known = historyUntil(h, end);
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
    const daily = known.daily.slice(Math.max(0, known.daily.length - 5 * 365));
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

function subsample<T>(n: number, max: number, seed: number): number[] {
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
  if (w && w.shrink > 0) {
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
  const point = !!w && w.shrink > 0 && Object.values(w.point).some((x) => (x ?? 0) > 0);
  if (w && point) for (const m of ['gru', 'cnn'] as const) if ((w.point[m] ?? 0) > 0) neural.add(m);
  if (w?.quantileMember && w.quantileBlend > 0) neural.add(w.quantileMember);
  return { point, neural };
}

export function ensembleModel(state: EnsembleState): ForecastModel {
  const lb = volLookback(state.vol);
  return {
    type: ENSEMBLE_TYPE,
    version: ENSEMBLE_VERSION,
    metadata: ensembleMetadata(state),
    lookback: { hourly: Math.max(lb.hourly, FEATURE_LOOKBACK + SEQ_LEN), daily: Math.max(lb.daily, FEATURE_LOOKBACK) },
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
        const q: Record<string, number> = {};
        for (const k of QUANTILE_LEVELS) q[k] = pointLog + s.sigma * z[k]!;
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
    volatility: state.vol,
    neural: Object.fromEntries(
      Object.entries(state.neural).map(([k, m]) => [k, { config: m!.cfg, lossHistory: m!.lossHistory, backend: m!.backend }]),
    ),
    ...state.info,
  };
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
      out[p] = (require(`${p}/package.json`) as { version: string }).version;
    } catch {
      out[p] = 'unknown';
    }
  }
  return out;
}

export async function trainDefaultModel(histories: CoinHistory[], opts: TrainOptions): Promise<ForecastModel> {
  const state = await trainEnsembleState(histories, opts);
  return registerEnsembleState(ensembleModel(state), state);
}

export async function trainEnsembleState(histories: CoinHistory[], opts: TrainOptions): Promise<EnsembleState> {
  const started = Date.now();
  const seed = opts.seed ?? 42;
  const say = (stage: string, message: string, fraction?: number) => opts.onProgress?.({ stage, message, fraction });
  const valDays = opts.validationDays ?? 60;
  const trainYears = opts.trainYears ?? 2;
  const valStart = opts.until - valDays * DAY_MS;

  say('volatility', 'fitting seasonality and GARCH parameters', 0);
  const volVal = fitVolParams(histories, valStart, trainYears);
  const volFinal = fitVolParams(histories, opts.until, trainYears);

  say('samples', 'building feature rows', 0.05);
  const samples = buildSamples(histories, volVal, valStart, trainYears);

  say('ridge', `fitting ridge on ${samples.hourlyX.length} hourly / ${samples.dailyX.length} daily rows`, 0.15);
  const ridge: EnsembleState['ridge'] = {};
  const lambda = 1;
  if (samples.hourlyX.length > 50)
    (['1h', '4h', '24h'] as const).forEach((h, i) => (ridge[h] = fitRidge(samples.hourlyX, samples.hourlyY.map((y) => y[i]!), lambda)));
  if (samples.dailyX.length > 50)
    (['7d', '30d'] as const).forEach((h, i) => (ridge[h] = fitRidge(samples.dailyX, samples.dailyY.map((y) => y[i]!), lambda)));

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

  say('validation', `weighting members on ${valDays} days before ${new Date(opts.until).toISOString().slice(0, 10)}`, 0.75);
  const weights = await validateMembers(histories, volVal, ridge, neural, valStart, opts.until);

  say('done', `trained in ${((Date.now() - started) / 1000).toFixed(1)} s`, 1);
  return {
    vol: volFinal,
    ridge,
    neural,
    weights,
    info: {
      seed,
      trainingRange: { from: new Date(opts.until - trainYears * 365 * DAY_MS).toISOString(), until: new Date(opts.until).toISOString() },
      validationRange: { from: new Date(valStart).toISOString(), until: new Date(opts.until).toISOString() },
      coins: histories.map((h) => h.coin),
      dataHash: dataHash(histories, opts.until),
      samples: { hourly: samples.hourlyX.length, daily: samples.dailyX.length, neural: ds.x.length },
      hyperparameters: { ridgeLambda: lambda, trainYears, validationDays: valDays, memberSampleStepHours: MEMBER_SAMPLE_STEP_HOURS },
      trainSeconds: (Date.now() - started) / 1000,
      libraries: libraryVersions(),
    },
  };
}

interface ValRow {
  zReal: number;
  conformal: Record<string, number>;
  out: MemberOutputs;
}

function pinZ(q: number, y: number, tau: number): number {
  const d = y - q;
  return d >= 0 ? tau * d : (tau - 1) * d;
}

async function validateMembers(
  histories: CoinHistory[],
  vol: VolModelParams,
  ridge: EnsembleState['ridge'],
  neural: EnsembleState['neural'],
  valStart: number,
  until: number,
): Promise<Partial<Record<Horizon, HorizonWeights>>> {
  const rows = new Map<Horizon, ValRow[]>();
  const pendingSeq: { h: Horizon; row: ValRow; seq: Float32Array }[] = [];
  for (const hist of histories) {
    for (let t = valStart; t < until; t += VALIDATION_STEP_HOURS * HOUR_MS) {
      const isDay = t % DAY_MS === 0;
      const hs = ALL_HORIZONS.filter((h) => HORIZONS[h].timeframe === 'hourly' || isDay);
      const visible = historyUntil(hist, t, { hourly: 6000, daily: 2000 });
      for (const s of volStates(vol, visible, hs)) {
        const h = s.ctx.horizon;
        if (s.ctx.originTime !== t || s.ctx.targetTime > until) continue;
        const spec = HORIZONS[h];
        const series = spec.timeframe === 'hourly' ? hist.hourly : hist.daily;
        const target = closeAtTime(series, s.ctx.targetTime, spec.timeframe === 'hourly' ? HOUR_MS : DAY_MS);
        if (target === undefined) continue;
        const zReal = Math.log(target / s.ctx.lastPrice) / s.sigma;
        const { feats, seq } = memberInputs(s, vol, h);
        const row: ValRow = { zReal, conformal: s.z, out: { point: {}, quantiles: {} } };
        if (ridge[h] && feats) row.out.point.ridge = predictRidge(ridge[h]!, feats);
        if (seq && NEURAL_INDEX[h] !== undefined) pendingSeq.push({ h, row, seq });
        (rows.get(h) ?? rows.set(h, []).get(h)!).push(row);
      }
    }
  }
  for (const kind of ['gru', 'cnn'] as const) {
    const net = neural[kind];
    if (!net || pendingSeq.length === 0) continue;
    const preds = await predictNeural(net, pendingSeq.map((p) => p.seq));
    pendingSeq.forEach((p, i) => {
      const q = preds[i]![NEURAL_INDEX[p.h]!]!;
      p.row.out.quantiles[kind] = q;
      p.row.out.point[kind] = q[1]!;
    });
  }

  const weights: Partial<Record<Horizon, HorizonWeights>> = {};
  for (const [h, rs] of rows) {
    const n = rs.length;
    const maeOf = (f: (r: ValRow) => number) => rs.reduce((a, r) => a + Math.abs(r.zReal - f(r)), 0) / n;
    const maeNaive = maeOf(() => 0);
    const mae: Partial<Record<MemberName, number>> = {};
    const skill: Partial<Record<MemberName, number>> = {};
    for (const m of ['ridge', 'gru', 'cnn'] as const) {
      if (!rs.every((r) => r.out.point[m] !== undefined)) continue;
      mae[m] = maeOf((r) => r.out.point[m]!);
      const sk = 1 - mae[m]! / maeNaive;
      if (sk > 0) skill[m] = sk;
    }
    const totalSkill = Object.values(skill).reduce((a, b) => a + b!, 0);
    const point: Partial<Record<MemberName, number>> = {};
    for (const [m, sk] of Object.entries(skill)) point[m as MemberName] = sk! / totalSkill;
    let shrink = 0;
    if (totalSkill > 0) {
      let best = maeNaive;
      for (const lam of [0.25, 0.5, 0.75, 1]) {
        const e = maeOf((r) => lam * Object.entries(point).reduce((a, [m, w]) => a + w! * r.out.point[m as MemberName]!, 0));
        // Require a 1% validation gain: a smaller one is within noise and would risk being worse than naive.
        if (e < best && e < 0.99 * maeNaive) {
          best = e;
          shrink = lam;
        }
      }
    }
    const pinOf = (lo: (r: ValRow) => number, hi: (r: ValRow) => number) =>
      rs.reduce((a, r) => a + (pinZ(lo(r), r.zReal, 0.1) + pinZ(0, r.zReal, 0.5) + pinZ(hi(r), r.zReal, 0.9)) / 3, 0) / n;
    const pinballConformal = pinOf((r) => r.conformal['0.1']!, (r) => r.conformal['0.9']!);
    const pinball: Partial<Record<'gru' | 'cnn', number>> = {};
    let quantileMember: 'gru' | 'cnn' | undefined;
    let quantileBlend = 0;
    let bestPin = pinballConformal;
    for (const m of ['gru', 'cnn'] as const) {
      if (!rs.every((r) => r.out.quantiles[m])) continue;
      pinball[m] = pinOf((r) => r.out.quantiles[m]![0]! - r.out.quantiles[m]![1]!, (r) => r.out.quantiles[m]![2]! - r.out.quantiles[m]![1]!);
      for (const a of [0.25, 0.5]) {
        const p = pinOf(
          (r) => (1 - a) * r.conformal['0.1']! + a * (r.out.quantiles[m]![0]! - r.out.quantiles[m]![1]!),
          (r) => (1 - a) * r.conformal['0.9']! + a * (r.out.quantiles[m]![2]! - r.out.quantiles[m]![1]!),
        );
        if (p < bestPin * 0.995) {
          bestPin = p;
          quantileMember = m;
          quantileBlend = a;
        }
      }
    }
    weights[h] = {
      point,
      shrink,
      ...(quantileMember ? { quantileMember } : {}),
      quantileBlend,
      validation: { origins: n, maeNaive, mae, pinballConformal, pinball },
    };
  }
  return weights;
}

export { NEURAL_TAUS };
