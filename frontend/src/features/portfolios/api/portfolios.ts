import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi, useLiveStream } from '../../../lib/services';

// Wire types generated from the backend's OpenAPI document (lib/api-types.ts).
export type Portfolio = Schema<'PortfolioDto'>;
export type BaseCurrency = Portfolio['baseCurrency'];
export type CostBasisMethod = Portfolio['costBasisMethod'];
/** Request body of POST /portfolios/:id/transactions. `price` left out: the API uses that day's market price (deposits, income) — "0" would mean zero cost. */
export type TransactionInput = Schema<'CreateTransactionDto'>;
export type TransactionType = TransactionInput['type'];
export type Transaction = Schema<'TransactionDto'>;
export type Holding = Schema<'HoldingDto'>;
export type HoldingsResponse = Schema<'HoldingsDto'>;
export type PerformanceResponse = Schema<'PerformanceDto'>;
export type ImportPreview = Schema<'ImportResultDto'>;

export type PerformanceRange = '1D' | '1W' | '1M' | 'YTD' | '1Y' | 'ALL';

export const portfolioKeys = {
  all: ['portfolios'] as const,
  detail: (id: string) => ['portfolios', id] as const,
  transactions: (id: string) => ['portfolios', id, 'transactions'] as const,
  holdings: (id: string) => ['portfolios', id, 'holdings'] as const,
  performance: (id: string, range: PerformanceRange) => ['portfolios', id, 'performance', range] as const,
};

export const portfoliosQueryOptions = (api: ApiClient) => queryOptions({ queryKey: portfolioKeys.all, queryFn: () => api.get<Portfolio[]>('/portfolios') });
export const usePortfolios = () => useQuery(portfoliosQueryOptions(useApi()));

export const portfolioQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: portfolioKeys.detail(id), queryFn: () => api.get<Portfolio>(`/portfolios/${id}`) });
export const usePortfolio = (id: string) => useQuery(portfolioQueryOptions(useApi(), id));

export const transactionsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: portfolioKeys.transactions(id), queryFn: () => api.get<Transaction[]>(`/portfolios/${id}/transactions`) });
export const useTransactions = (id: string) => useQuery(transactionsQueryOptions(useApi(), id));

export const holdingsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: portfolioKeys.holdings(id), queryFn: () => api.get<HoldingsResponse>(`/portfolios/${id}/holdings`), refetchInterval: 60_000 });
/** Holdings, with the total value kept live by the socket's `portfolio` events (no refetch). */
export function useHoldings(id: string) {
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!stream) return;
    return stream.on('portfolio', (event) => {
      if (event.portfolioId !== id) return;
      queryClient.setQueryData<HoldingsResponse>(portfolioKeys.holdings(id), (current) => (current ? applyPortfolioEvent(current, event) : current));
    });
  }, [stream, queryClient, id]);
  return useQuery(holdingsQueryOptions(useApi(), id));
}

/**
 * Pure: the server's `portfolio` event carries the whole holdings response (plus portfolioId);
 * older or slimmer payloads may carry only totalValue, which is merged alone.
 */
export function applyPortfolioEvent(current: HoldingsResponse, event: { totalValue: string | number; [key: string]: unknown }): HoldingsResponse {
  if (Array.isArray(event.holdings)) {
    const { portfolioId: _id, timestamp: _at, ...rest } = event as unknown as HoldingsResponse & { portfolioId: string; timestamp?: string };
    return { ...current, ...rest };
  }
  return { ...current, totalValue: String(event.totalValue) };
}

export const performanceQueryOptions = (api: ApiClient, id: string, range: PerformanceRange) =>
  queryOptions({
    queryKey: portfolioKeys.performance(id, range),
    queryFn: () => api.get<PerformanceResponse>(`/portfolios/${id}/performance`, { query: { range } }),
    placeholderData: keepPreviousData,
  });
export const usePerformance = (id: string, range: PerformanceRange) => useQuery(performanceQueryOptions(useApi(), id, range));

export function useCreatePortfolio() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreatePortfolioDto'>) => api.post<Portfolio>('/portfolios', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}

export function useUpdatePortfolio(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'UpdatePortfolioDto'>) => api.patch<Portfolio>(`/portfolios/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}

export function useDeletePortfolio() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/portfolios/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}

/** Any transaction change moves holdings and performance too. */
function useInvalidatePortfolio(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: portfolioKeys.detail(id) });
}

export function useSaveTransaction(portfolioId: string) {
  const api = useApi();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: TransactionInput }) =>
      id
        ? api.patch<Transaction>(`/portfolios/${portfolioId}/transactions/${id}`, input)
        : api.post<Transaction>(`/portfolios/${portfolioId}/transactions`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteTransaction(portfolioId: string) {
  const api = useApi();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/portfolios/${portfolioId}/transactions/${id}`),
    onSuccess: invalidate,
  });
}

export function useImportTransactions(portfolioId: string) {
  const api = useApi();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (body: { csv: string; preset: 'coincast' | 'binance'; dryRun: boolean }) => api.post<ImportPreview>(`/portfolios/${portfolioId}/import`, body),
    onSuccess: (_result, variables) => {
      if (!variables.dryRun) void invalidate();
    },
  });
}

/** Downloads an export through the authenticated client (a plain link would lack the bearer token). */
export async function downloadExport(api: ApiClient, portfolioId: string, format: 'csv' | 'json', what: 'transactions' | 'holdings') {
  const text = await api.get<string>(`/portfolios/${portfolioId}/export`, { query: { format, what }, responseType: 'text' });
  const blob = new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `portfolio-${what}.${format}`;
  link.click();
  URL.revokeObjectURL(url);
}

// ---------------------------------------------------------------- rebalancing

export type TargetWeight = Schema<'TargetWeightDto'>;
export type RebalancePlan = Schema<'RebalancePlanDto'>;
export type RebalanceTrade = Schema<'RebalanceTradeDto'>;

export const rebalanceKeys = {
  targets: (id: string) => ['portfolios', id, 'targets'] as const,
  plan: (id: string, feePct: string) => ['portfolios', id, 'rebalance', feePct] as const,
};

export const targetsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: rebalanceKeys.targets(id), queryFn: () => api.get<Schema<'TargetsDto'>>(`/portfolios/${id}/targets`) });
export const useTargets = (id: string, enabled = true) => useQuery({ ...targetsQueryOptions(useApi(), id), enabled });

export const rebalanceQueryOptions = (api: ApiClient, id: string, feePct: string) =>
  queryOptions({
    queryKey: rebalanceKeys.plan(id, feePct),
    queryFn: () => api.get<RebalancePlan>(`/portfolios/${id}/rebalance`, { query: { feePct } }),
    placeholderData: keepPreviousData,
  });
export const useRebalancePlan = (id: string, feePct: string, enabled: boolean) => useQuery({ ...rebalanceQueryOptions(useApi(), id, feePct), enabled });

export function useSaveTargets(portfolioId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targets: TargetWeight[]) => api.request<Schema<'TargetsDto'>>('PUT', `/portfolios/${portfolioId}/targets`, { body: { targets } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portfolioKeys.detail(portfolioId) }),
  });
}

/** Records the suggested trades as transactions; holdings, performance and the plan all move. */
export function useApplyRebalance(portfolioId: string) {
  const api = useApi();
  const invalidate = useInvalidatePortfolio(portfolioId);
  return useMutation({
    mutationFn: (trades: RebalanceTrade[]) => api.post<Schema<'AppliedRebalanceDto'>>(`/portfolios/${portfolioId}/rebalance`, { trades }),
    onSuccess: invalidate,
  });
}
