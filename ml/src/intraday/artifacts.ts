/**
 * Artifacts of the sub-hour kinds, typed: the same format and registry as every model (artifacts/artifacts.ts:
 * metadata.json with `type`, weight files as bytes; the intraday kinds have none), returning IntradayForecastModel.
 */
import { deserializeModel, loadModelFromDir, saveModelToDir, serializeModel, type ModelArtifact } from '../artifacts/artifacts';
import { findModelKind } from '../models/registry';
import type { ForecastModel, IntradayForecastModel } from '../types';

function asStored(model: IntradayForecastModel): ForecastModel {
  return model as unknown as ForecastModel;
}

function asIntraday(model: ForecastModel): IntradayForecastModel {
  if (findModelKind(model.type)?.horizons !== 'intraday') throw new Error(`model type ${model.type} does not serve the sub-hour horizons`);
  return model as unknown as IntradayForecastModel;
}

export function serializeIntradayModel(model: IntradayForecastModel, extraMetadata: Record<string, unknown> = {}): ModelArtifact {
  return serializeModel(asStored(model), extraMetadata);
}

/** Rebuilds a sub-hour model from its artifact; throws for an artifact of an hourly/daily kind. */
export function deserializeIntradayModel(artifact: ModelArtifact): IntradayForecastModel {
  return asIntraday(deserializeModel(artifact));
}

export function saveIntradayModelToDir(model: IntradayForecastModel, dir: string, extraMetadata: Record<string, unknown> = {}): void {
  saveModelToDir(asStored(model), dir, extraMetadata);
}

export function loadIntradayModelFromDir(dir: string): IntradayForecastModel {
  return asIntraday(loadModelFromDir(dir));
}
