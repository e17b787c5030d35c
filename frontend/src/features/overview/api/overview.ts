import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type Overview = Schema<'OverviewDto'>;
export type Movers = Schema<'MoversDto'>;
export type Mover = Schema<'MoverDto'>;

export const overviewKeys = { all: ['overview'] as const };

export const overviewQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: overviewKeys.all,
    queryFn: () => api.get<Overview>('/overview'),
    staleTime: 60_000,
    refetchInterval: 2 * 60_000,
  });

export const useOverview = () => useQuery(overviewQueryOptions(useApi()));
