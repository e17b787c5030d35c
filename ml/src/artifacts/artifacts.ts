/**
 * Portable model artifacts: `metadata.json` (type, version, hyperparameters, training range, data hash, metrics,
 * library versions) plus weight files as bytes. The backend stores these in its registry and loads them back.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftModel, etsModel, naiveModel } from '../models/baselines';
import { ENSEMBLE_TYPE, ensembleModel, type EnsembleState } from '../models/ensemble';
import { exportWeights, importWeights, type NeuralConfig } from '../models/neural';
import { VOL_MODEL_TYPE, volModel, type VolModelParams } from '../models/vol-model';
import type { ForecastModel } from '../types';
import { ensembleStates, registerEnsembleState } from './registry';

export const ARTIFACT_FORMAT = 'coincast-model/1';

export interface ModelArtifact {
  metadata: Record<string, unknown>;
  files: Record<string, Uint8Array>;
}


export function serializeModel(model: ForecastModel, extraMetadata: Record<string, unknown> = {}): ModelArtifact {
  const base = { format: ARTIFACT_FORMAT, type: model.type, version: model.version, savedAt: new Date().toISOString() };
  if (model.type === ENSEMBLE_TYPE) {
    const state = ensembleStates.get(model);
    if (!state) throw new Error('ensemble model has no serialisable state (create it with trainDefaultModel)');
    const files: Record<string, Uint8Array> = {};
    const neural: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(state.neural)) {
      const w = exportWeights(m!);
      files[`${k}.weights.bin`] = w.data;
      neural[k] = { config: m!.cfg, shapes: w.shapes, lossHistory: m!.lossHistory, backend: m!.backend };
    }
    return {
      metadata: { ...model.metadata, ...extraMetadata, ...base, state: { vol: state.vol, ridge: state.ridge, weights: state.weights, info: state.info, neural } },
      files,
    };
  }
  return { metadata: { ...model.metadata, ...extraMetadata, ...base }, files: {} };
}

export function deserializeModel(artifact: ModelArtifact): ForecastModel {
  const md = artifact.metadata;
  switch (md.type) {
    case 'naive':
      return naiveModel();
    case 'drift':
      return driftModel();
    case 'ets':
      return etsModel();
    case VOL_MODEL_TYPE:
      return volModel(md.params as VolModelParams);
    case ENSEMBLE_TYPE: {
      const st = md.state as {
        vol: VolModelParams;
        ridge: EnsembleState['ridge'];
        weights: EnsembleState['weights'];
        info: Record<string, unknown>;
        neural: Record<string, { config: NeuralConfig; shapes: number[][]; lossHistory: number[]; backend: string }>;
      };
      const neural: EnsembleState['neural'] = {};
      for (const [k, n] of Object.entries(st.neural)) {
        const bytes = artifact.files[`${k}.weights.bin`];
        if (!bytes) throw new Error(`artifact is missing ${k}.weights.bin`);
        neural[k as 'gru' | 'cnn'] = importWeights(n.config, n.shapes, bytes, n.lossHistory, n.backend);
      }
      const state: EnsembleState = { vol: st.vol, ridge: st.ridge, weights: st.weights, info: st.info, neural };
      return registerEnsembleState(ensembleModel(state), state);
    }
    default:
      throw new Error(`unknown model type ${String(md.type)}`);
  }
}

export function saveModelToDir(model: ForecastModel, dir: string, extraMetadata: Record<string, unknown> = {}): void {
  const a = serializeModel(model, extraMetadata);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(a.metadata, null, 2));
  for (const [name, bytes] of Object.entries(a.files)) writeFileSync(join(dir, name), bytes);
}

export function loadModelFromDir(dir: string): ForecastModel {
  const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<string, unknown>;
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) if (f !== 'metadata.json') files[f] = new Uint8Array(readFileSync(join(dir, f)));
  return deserializeModel({ metadata, files });
}
