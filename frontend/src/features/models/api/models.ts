import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import { useApi } from '../../../lib/services';

export interface LifecycleEvent {
  at: string;
  kind: string;
  reason: string;
  modelId?: string;
}

export interface ModelRecord {
  id: string;
  version: string;
  type: string;
  status: 'champion' | 'challenger' | 'retired';
  horizonGroup: 'hourly' | 'daily';
  backtest: Record<string, unknown> | null;
  live: Record<string, unknown> | null;
  createdAt: string;
  events?: LifecycleEvent[];
}

export interface ModelsView {
  models: ModelRecord[];
  events: LifecycleEvent[];
}

/** The contract lists models plus lifecycle events; accept events per model or beside the list. */
export function normaliseModels(body: ModelRecord[] | { models: ModelRecord[]; events?: LifecycleEvent[] }): ModelsView {
  const models = Array.isArray(body) ? body : body.models;
  const events = [
    ...(Array.isArray(body) ? [] : body.events ?? []),
    ...models.flatMap((model) => (model.events ?? []).map((event) => ({ ...event, modelId: event.modelId ?? model.id }))),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return { models, events };
}

export const modelsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['models'] as const, queryFn: async () => normaliseModels(await api.get<Parameters<typeof normaliseModels>[0]>('/models')) });

export const useModels = () => useQuery(modelsQueryOptions(useApi()));
