/**
 * The model registry: every model kind by name, with how to train it, how to save and load its artifact, and a
 * description. The CLI (`--model`), the artifact loader (`metadata.type`) and the backend (FORECAST_MODEL, the
 * training thread) all go through it, so a name means the same model everywhere.
 *
 * A kind's `name` is what its models report as `type` and what artifacts store in `metadata.type`; `aliases` are the
 * other spellings accepted where a user picks a model (CLI `--model default|garch`, backend FORECAST_MODEL=vol).
 */
import { INTRADAY_NAIVE_TYPE, naiveIntradayModel } from '../intraday/naive';
import { INTRADAY_TYPE, intradayModel, isIntradayModel, trainIntradayModel, type IntradayParams } from '../intraday/model';
import type { CoinHistory, ForecastModel, IntradayForecastModel, IntradayHorizon, TrainProgress } from '../types';
import { driftModel, etsModel, naiveModel } from './baselines';
import { ENSEMBLE_TYPE, ensembleModel, ensembleStateOf, trainDefaultModel, type EnsembleState } from './ensemble';
import { exportWeights, importWeights, type NeuralConfig } from './neural';
import { fitVolParams, VOL_MODEL_TYPE, volModel, type VolModelParams } from './vol-model';

/** A model as stored: `metadata.json` (with `type`) plus weight files as bytes. */
export interface ModelArtifact {
  metadata: Record<string, unknown>;
  files: Record<string, Uint8Array>;
}

export interface TrainContext {
  /** Only candles strictly before this epoch ms are used. */
  until: number;
  seed?: number;
  onProgress?: (p: TrainProgress) => void;
  /** Sub-hour kinds only: the horizons to fit and validate (default all four). */
  intradayHorizons?: readonly IntradayHorizon[];
}

/** What a kind adds to the common artifact metadata (format, type, version, savedAt), and its weight files. */
export interface SavedState {
  metadata?: Record<string, unknown>;
  files?: Record<string, Uint8Array>;
}

export interface ModelKind {
  readonly name: ModelName;
  /**
   * Which horizons its models serve: 'hourly-daily' = Horizon (1h … 30d, a ForecastModel); 'intraday' =
   * IntradayHorizon (1m … 30m, an IntradayForecastModel: the kind's train/load return one, typed through
   * trainIntradayModelByName / deserializeIntradayModel).
   */
  readonly horizons: 'hourly-daily' | 'intraday';
  readonly aliases: readonly string[];
  readonly description: string;
  train(histories: CoinHistory[], ctx: TrainContext): Promise<ForecastModel>;
  save(model: ForecastModel): SavedState;
  /** Rebuilds a model from its artifact (every artifact this kind ever saved still loads). */
  load(artifact: ModelArtifact): ForecastModel;
}

export const MODEL_NAMES = [ENSEMBLE_TYPE, VOL_MODEL_TYPE, 'naive', 'drift', 'ets', INTRADAY_TYPE, INTRADAY_NAIVE_TYPE] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** The kinds that serve the sub-hour horizons (IntradayForecastModel). */
export const INTRADAY_MODEL_NAMES = [INTRADAY_TYPE, INTRADAY_NAIVE_TYPE] as const;
export type IntradayModelName = (typeof INTRADAY_MODEL_NAMES)[number];

type StoredNeural = Record<string, { config: NeuralConfig; shapes: number[][]; lossHistory: number[]; backend: string }>;

const stateless = (name: ModelName, description: string, make: () => ForecastModel): ModelKind => ({
  name,
  horizons: 'hourly-daily',
  aliases: [],
  description,
  train: async () => make(),
  save: () => ({}),
  load: () => make(),
});

const KINDS: Record<ModelName, ModelKind> = {
  [ENSEMBLE_TYPE]: {
    name: ENSEMBLE_TYPE,
    horizons: 'hourly-daily',
    aliases: ['default'],
    description: 'the default model: GARCH+conformal volatility, ridge regressions and GRU/CNN quantile nets, weighted on validation and guarded against naive',
    train: (histories, ctx) => trainDefaultModel(histories, { until: ctx.until, seed: ctx.seed, onProgress: ctx.onProgress }),
    save(model) {
      const state = ensembleStateOf(model);
      if (!state) throw new Error('ensemble model has no serialisable state (create it with trainDefaultModel or ensembleModel)');
      const files: Record<string, Uint8Array> = {};
      const neural: StoredNeural = {};
      for (const [k, m] of Object.entries(state.neural)) {
        const w = exportWeights(m!);
        files[`${k}.weights.bin`] = w.data;
        neural[k] = { config: m!.cfg, shapes: w.shapes, lossHistory: m!.lossHistory, backend: m!.backend };
      }
      return { metadata: { state: { vol: state.vol, ridge: state.ridge, weights: state.weights, info: state.info, neural } }, files };
    },
    load(artifact) {
      const st = artifact.metadata.state as Omit<EnsembleState, 'neural'> & { neural: StoredNeural };
      const neural: EnsembleState['neural'] = {};
      for (const [k, n] of Object.entries(st.neural)) {
        const bytes = artifact.files[`${k}.weights.bin`];
        if (!bytes) throw new Error(`artifact is missing ${k}.weights.bin`);
        neural[k as 'gru' | 'cnn'] = importWeights(n.config, n.shapes, bytes, n.lossHistory, n.backend);
      }
      return ensembleModel({ vol: st.vol, ridge: st.ridge, weights: st.weights, info: st.info, neural });
    },
  },
  [VOL_MODEL_TYPE]: {
    name: VOL_MODEL_TYPE,
    horizons: 'hourly-daily',
    aliases: ['garch', 'vol'],
    description: 'the volatility model alone: naive point, GARCH/HAR-scaled split-conformal intervals',
    train: async (histories, ctx) => volModel(fitVolParams(histories, ctx.until)),
    // Its parameters are in model.metadata.params already.
    save: () => ({}),
    load: (artifact) => volModel(artifact.metadata.params as VolModelParams),
  },
  naive: stateless('naive', 'baseline: the last close, with empirical return quantiles', naiveModel),
  drift: stateless('drift', 'baseline: the last close plus the recent drift', driftModel),
  ets: stateless('ets', 'baseline: exponential smoothing of log prices', etsModel),
  // Sub-hour kinds: their models are IntradayForecastModel; the registry's common signature holds ForecastModel,
  // so they pass through it as one (one cast each, here) and callers get them typed from the intraday helpers.
  [INTRADAY_TYPE]: intradayKind({
    name: INTRADAY_TYPE,
    horizons: 'intraday',
    aliases: ['intraday-default'],
    description: 'sub-hour horizons (1m/5m/15m/30m): naive point, HAR x intraday-seasonality x split-conformal interval, guarded against naive',
    train: (histories, ctx) => trainIntradayModel(histories, { until: ctx.until, onProgress: ctx.onProgress, horizons: ctx.intradayHorizons }),
    // Its parameters (seasonality, HAR, guard) are in model.metadata.params already.
    save: () => ({}),
    load: (artifact) => intradayModel(artifact.metadata.params as IntradayParams),
  }),
  [INTRADAY_NAIVE_TYPE]: intradayKind({
    name: INTRADAY_NAIVE_TYPE,
    horizons: 'intraday',
    aliases: [],
    description: 'sub-hour baseline: the last close, with empirical trailing 7-day h-step return quantiles',
    train: async () => naiveIntradayModel(),
    save: () => ({}),
    load: () => naiveIntradayModel(),
  }),
};

interface IntradayKindSpec extends Omit<ModelKind, 'train' | 'save' | 'load'> {
  train(histories: CoinHistory[], ctx: TrainContext): Promise<IntradayForecastModel>;
  save(model: IntradayForecastModel): SavedState;
  load(artifact: ModelArtifact): IntradayForecastModel;
}
function intradayKind(k: IntradayKindSpec): ModelKind {
  return k as unknown as ModelKind;
}

/** Every kind, canonical name first then aliases (for usage lines and error messages). */
export function describeModels(): Array<{ name: ModelName; aliases: readonly string[]; description: string }> {
  return MODEL_NAMES.map((n) => ({ name: n, aliases: KINDS[n].aliases, description: KINDS[n].description }));
}

/** The kind of a canonical name or alias; undefined when there is none. */
export function findModelKind(nameOrAlias: string): ModelKind | undefined {
  if ((MODEL_NAMES as readonly string[]).includes(nameOrAlias)) return KINDS[nameOrAlias as ModelName];
  return Object.values(KINDS).find((k) => k.aliases.includes(nameOrAlias));
}

/** The kind of a canonical name or alias; throws (listing the accepted names) when there is none. */
export function modelKind(nameOrAlias: string): ModelKind {
  const kind = findModelKind(nameOrAlias);
  if (!kind) throw new Error(`unknown model ${nameOrAlias} (expected one of ${acceptedModelNames().join(', ')})`);
  return kind;
}

export function acceptedModelNames(): string[] {
  return MODEL_NAMES.flatMap((n) => [...KINDS[n].aliases, n]);
}

/** Trains the named model on candles strictly before `ctx.until`. */
export function trainModel(nameOrAlias: IntradayModelName, histories: CoinHistory[], ctx: TrainContext): Promise<IntradayForecastModel>;
export function trainModel(nameOrAlias: string, histories: CoinHistory[], ctx: TrainContext): Promise<ForecastModel>;
export function trainModel(nameOrAlias: string, histories: CoinHistory[], ctx: TrainContext): Promise<ForecastModel | IntradayForecastModel> {
  return modelKind(nameOrAlias).train(histories, ctx);
}

/** Whether a name or alias is a sub-hour kind. */
export function isIntradayModelName(nameOrAlias: string): boolean {
  return findModelKind(nameOrAlias)?.horizons === 'intraday';
}

/** Trains a sub-hour kind by name or alias (throws for an hourly/daily kind), typed as an IntradayForecastModel. */
export async function trainIntradayModelByName(nameOrAlias: string, histories: CoinHistory[], ctx: TrainContext): Promise<IntradayForecastModel> {
  const kind = modelKind(nameOrAlias);
  if (kind.horizons !== 'intraday')
    throw new Error(`model ${nameOrAlias} does not serve the sub-hour horizons (expected one of ${INTRADAY_MODEL_NAMES.join(', ')})`);
  return (await kind.train(histories, ctx)) as unknown as IntradayForecastModel;
}

export { isIntradayModel };
