/**
 * The model registry: every model kind by name, with how to train it, how to save and load its artifact, and a
 * description. The CLI (`--model`), the artifact loader (`metadata.type`) and the backend (FORECAST_MODEL, the
 * training thread) all go through it, so a name means the same model everywhere.
 *
 * A kind's `name` is what its models report as `type` and what artifacts store in `metadata.type`; `aliases` are the
 * other spellings accepted where a user picks a model (CLI `--model default|garch`, backend FORECAST_MODEL=vol).
 */
import type { CoinHistory, ForecastModel, TrainProgress } from '../types';
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
}

/** What a kind adds to the common artifact metadata (format, type, version, savedAt), and its weight files. */
export interface SavedState {
  metadata?: Record<string, unknown>;
  files?: Record<string, Uint8Array>;
}

export interface ModelKind {
  readonly name: ModelName;
  readonly aliases: readonly string[];
  readonly description: string;
  train(histories: CoinHistory[], ctx: TrainContext): Promise<ForecastModel>;
  save(model: ForecastModel): SavedState;
  /** Rebuilds a model from its artifact (every artifact this kind ever saved still loads). */
  load(artifact: ModelArtifact): ForecastModel;
}

export const MODEL_NAMES = [ENSEMBLE_TYPE, VOL_MODEL_TYPE, 'naive', 'drift', 'ets'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

type StoredNeural = Record<string, { config: NeuralConfig; shapes: number[][]; lossHistory: number[]; backend: string }>;

const stateless = (name: ModelName, description: string, make: () => ForecastModel): ModelKind => ({
  name,
  aliases: [],
  description,
  train: async () => make(),
  save: () => ({}),
  load: () => make(),
});

const KINDS: Record<ModelName, ModelKind> = {
  [ENSEMBLE_TYPE]: {
    name: ENSEMBLE_TYPE,
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
};

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
export function trainModel(nameOrAlias: string, histories: CoinHistory[], ctx: TrainContext): Promise<ForecastModel> {
  return modelKind(nameOrAlias).train(histories, ctx);
}
