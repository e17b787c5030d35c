import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export interface Evidence {
  basis: 'live' | 'backtest';
  against: string;
  scored: number;
  effectiveN: number;
  ratio: number | null;
  statistic: number | null;
  /** Independent outcomes the rule needs (absent in events logged before it was recorded). */
  needed?: number;
  window?: { from: string; to: string };
}

/** A model_events row (ModelEventDto) with its free-form `details` narrowed to the evidence the page reads. */
export type LifecycleEvent = Omit<Schema<'ModelEventDto'>, 'details' | 'horizonGroup' | 'modelId'> & {
  modelId?: string | null;
  horizonGroup?: 'hourly' | 'daily' | null;
  details?: { evidence?: Evidence; [key: string]: unknown };
};

export interface HorizonBacktestFigures {
  scored: number;
  relPinball: number | null;
  coverage80: number | null;
  naiveCoverage80: number | null;
  terciles?: { coverage80: number; naiveCoverage80: number; origins: number }[];
}

export interface LiveFigures {
  n: number;
  relPinball: number | null;
  coverage80: number;
  naiveCoverage80?: number;
}

export type LiveDay = Schema<'LiveDayDto'>;

/** A model record (ModelDto) with its free-form `backtest` and `live` figures narrowed to what the page reads. */
export type ModelRecord = Omit<Schema<'ModelDto'>, 'backtest' | 'live'> & {
  backtest:
    | ({ horizons?: Record<string, HorizonBacktestFigures>; relPinball?: number | null; coverage80?: number | null; n?: number } & Record<string, unknown>)
    | null;
  live: Record<string, LiveFigures | null> | null;
  events?: LifecycleEvent[];
};

export interface ModelsView {
  models: ModelRecord[];
  events: LifecycleEvent[];
  liveByDay: LiveDay[];
}

/** The contract lists models plus lifecycle events; accept events per model or beside the list. */
export function normaliseModels(body: ModelRecord[] | { models: ModelRecord[]; events?: LifecycleEvent[]; liveByDay?: LiveDay[] }): ModelsView {
  const models = Array.isArray(body) ? body : body.models;
  const events = [
    ...(Array.isArray(body) ? [] : (body.events ?? [])),
    ...models.flatMap((model) => (model.events ?? []).map((event) => ({ ...event, modelId: event.modelId ?? model.id }))),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return { models, events, liveByDay: Array.isArray(body) ? [] : (body.liveByDay ?? []) };
}

export const modelsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['models'] as const, queryFn: async () => normaliseModels(await api.get<Parameters<typeof normaliseModels>[0]>('/models')) });

export const useModels = () => useQuery(modelsQueryOptions(useApi()));

export type ModelDiagnostics = Schema<'ModelDiagnosticsDto'>;

export const modelDiagnosticsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({
    queryKey: ['models', id, 'diagnostics'] as const,
    queryFn: () => api.get<ModelDiagnostics>(`/models/${id}/diagnostics`),
    // Stored at registration: they do not change.
    staleTime: Infinity,
  });

/** A model version's diagnostics, fetched once `enabled` (when its section is opened). */
export const useModelDiagnostics = (id: string, enabled: boolean) => useQuery({ ...modelDiagnosticsQueryOptions(useApi(), id), enabled });
