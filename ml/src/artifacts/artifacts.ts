/**
 * Portable model artifacts: `metadata.json` (type, version, hyperparameters, training range, data hash, metrics,
 * library versions) plus weight files as bytes. The backend stores these in its registry and loads them back.
 * What each model kind stores, and how it is rebuilt, is the model registry's (models/registry.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModelKind, type ModelArtifact } from '../models/registry';
import type { ForecastModel } from '../types';

export type { ModelArtifact } from '../models/registry';

export const ARTIFACT_FORMAT = 'coincast-model/1';

export function serializeModel(model: ForecastModel, extraMetadata: Record<string, unknown> = {}): ModelArtifact {
  const base = { format: ARTIFACT_FORMAT, type: model.type, version: model.version, savedAt: new Date().toISOString() };
  // A model of a kind the registry does not know (a test double) is saved as its metadata alone, as before.
  const kind = findModelKind(model.type);
  const saved = kind && kind.name === model.type ? kind.save(model) : {};
  return { metadata: { ...model.metadata, ...extraMetadata, ...base, ...saved.metadata }, files: saved.files ?? {} };
}

export function deserializeModel(artifact: ModelArtifact): ForecastModel {
  const type = artifact.metadata.type;
  // Artifacts store the kind's canonical name (ensemble, garch-conformal, naive, drift, ets) since the first format.
  const kind = typeof type === 'string' ? findModelKind(type) : undefined;
  if (!kind || kind.name !== type) throw new Error(`unknown model type ${String(type)}`);
  return kind.load(artifact);
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
