import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
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

export interface LifecycleEvent {
  at: string;
  kind: string;
  reason: string;
  modelId?: string | null;
  horizonGroup?: 'hourly' | 'daily' | null;
  details?: { evidence?: Evidence; [key: string]: unknown };
}

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

export interface LiveDay {
  group: 'hourly' | 'daily';
  day: string;
  scored: number;
  relPinball: number | null;
  coverage80: number;
}

export interface ModelRecord {
  id: string;
  version: string;
  type: string;
  status: 'champion' | 'challenger' | 'retired';
  horizonGroup: 'hourly' | 'daily';
  backtest: ({ horizons?: Record<string, HorizonBacktestFigures>; relPinball?: number | null; coverage80?: number | null; n?: number } & Record<string, unknown>) | null;
  backtestWindow?: { from: string; to: string; fittedUntil: string | null; outOfSample: boolean } | null;
  live: Record<string, LiveFigures | null> | null;
  trainedUntil?: string | null;
  createdAt: string;
  promotedAt?: string | null;
  retiredAt?: string | null;
  events?: LifecycleEvent[];
}

export interface ModelsView {
  models: ModelRecord[];
  events: LifecycleEvent[];
  liveByDay: LiveDay[];
}

/** The contract lists models plus lifecycle events; accept events per model or beside the list. */
export function normaliseModels(body: ModelRecord[] | { models: ModelRecord[]; events?: LifecycleEvent[]; liveByDay?: LiveDay[] }): ModelsView {
  const models = Array.isArray(body) ? body : body.models;
  const events = [
    ...(Array.isArray(body) ? [] : body.events ?? []),
    ...models.flatMap((model) => (model.events ?? []).map((event) => ({ ...event, modelId: event.modelId ?? model.id }))),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return { models, events, liveByDay: Array.isArray(body) ? [] : body.liveByDay ?? [] };
}

export const modelsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['models'] as const, queryFn: async () => normaliseModels(await api.get<Parameters<typeof normaliseModels>[0]>('/models')) });

export const useModels = () => useQuery(modelsQueryOptions(useApi()));
