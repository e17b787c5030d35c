import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type ExchangeAccount = Schema<'ExchangeAccountDto'>;
export type ExchangeSync = Schema<'ExchangeSyncDto'>;
export type ExchangeConflict = Schema<'ExchangeConflictDto'>;
export type SupportedExchange = Schema<'SupportedExchangeDto'>;
export type ConnectInput = Schema<'ConnectExchangeAccountDto'>;

export const exchangeAccountKeys = {
  all: ['exchange-accounts'] as const,
  exchanges: ['exchange-accounts', 'exchanges'] as const,
  portfolios: ['exchange-accounts', 'portfolios'] as const,
  syncs: (id: string) => ['exchange-accounts', id, 'syncs'] as const,
  conflicts: (id: string) => ['exchange-accounts', id, 'conflicts'] as const,
};

export const isSyncActive = (sync: ExchangeSync | null | undefined) => sync?.status === 'queued' || sync?.status === 'running';

export const exchangeAccountsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: exchangeAccountKeys.all,
    queryFn: () => api.get<ExchangeAccount[]>('/exchange-accounts'),
    // While a sync is queued or running, follow its progress.
    refetchInterval: (query) => ((query.state.data ?? []).some((account) => isSyncActive(account.lastSync)) ? 1_000 : false),
  });
export const useExchangeAccounts = () => useQuery(exchangeAccountsQueryOptions(useApi()));

export const supportedExchangesQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: exchangeAccountKeys.exchanges,
    queryFn: () => api.get<SupportedExchange[]>('/exchange-accounts/exchanges'),
    staleTime: 60 * 60_000,
  });
export const useSupportedExchanges = () => useQuery(supportedExchangesQueryOptions(useApi()));

/** The user's portfolios for the picker; fetched here so this feature does not depend on the portfolios feature. */
export const accountPortfoliosQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: exchangeAccountKeys.portfolios, queryFn: () => api.get<Array<{ id: string; name: string }>>('/portfolios') });
export const useAccountPortfolios = () => useQuery(accountPortfoliosQueryOptions(useApi()));

export const syncLogQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: exchangeAccountKeys.syncs(id), queryFn: () => api.get<ExchangeSync[]>(`/exchange-accounts/${id}/syncs`) });
export const useSyncLog = (id: string) => useQuery(syncLogQueryOptions(useApi(), id));

export const conflictsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: exchangeAccountKeys.conflicts(id), queryFn: () => api.get<ExchangeConflict[]>(`/exchange-accounts/${id}/conflicts`) });
export const useConflicts = (id: string, enabled: boolean) => useQuery({ ...conflictsQueryOptions(useApi(), id), enabled });

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: exchangeAccountKeys.all });
}

export function useConnectAccount() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: ConnectInput) => api.post<ExchangeAccount>('/exchange-accounts', input), onSuccess: invalidate });
}

export function useReplaceKey() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, apiKey, secret }: { id: string; apiKey: string; secret: string }) =>
      api.patch<ExchangeAccount>(`/exchange-accounts/${id}/key`, { apiKey, secret }),
    onSuccess: invalidate,
  });
}

export function useSyncNow() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<ExchangeSync>(`/exchange-accounts/${id}/sync`), onSuccess: invalidate });
}

export function useDisconnect() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete(`/exchange-accounts/${id}`), onSuccess: invalidate });
}

export function useResolveConflict() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ accountId, conflictId, action }: { accountId: string; conflictId: string; action: 'import' | 'keep-manual' }) =>
      api.post(`/exchange-accounts/${accountId}/conflicts/${conflictId}`, { action }),
    onSuccess: invalidate,
  });
}
