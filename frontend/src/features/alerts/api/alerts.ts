import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiClient } from '../../../lib/api-client';
import { useApi, useLiveStream } from '../../../lib/services';
import type { Schema } from '../../../lib/api-schemas';
import type { AlertInput, AlertRule } from '../model/alert-form';

export type AlertEvent = Schema<'AlertEventDto'>;
export type AlertDelivery = Schema<'WebhookDeliveryDto'>;

export const alertKeys = {
  all: ['alerts'] as const,
  events: (id: string) => ['alerts', id, 'events'] as const,
  deliveries: (id: string) => ['alerts', id, 'deliveries'] as const,
};

export const alertsQueryOptions = (api: ApiClient) => queryOptions({ queryKey: alertKeys.all, queryFn: () => api.get<AlertRule[]>('/alerts') });
export function useAlerts() {
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  // A notification means a rule fired: its status and last-fired time changed on the server.
  useEffect(() => {
    if (!stream) return;
    return stream.on('notification', (notification) => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      void queryClient.invalidateQueries({ queryKey: alertKeys.events(notification.alertId) });
    });
  }, [stream, queryClient]);
  return useQuery(alertsQueryOptions(useApi()));
}

export const alertEventsQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: alertKeys.events(id), queryFn: () => api.get<AlertEvent[]>(`/alerts/${id}/events`) });
export const useAlertEvents = (id: string) => useQuery(alertEventsQueryOptions(useApi(), id));

/** Every delivery attempt of the alert (webhook, e-mail, Telegram), newest first. */
export const alertDeliveriesQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({ queryKey: alertKeys.deliveries(id), queryFn: () => api.get<AlertDelivery[]>(`/alerts/${id}/deliveries`) });
export const useAlertDeliveries = (id: string) => useQuery(alertDeliveriesQueryOptions(useApi(), id));

/** Options for the form's pickers; fetched here so this feature does not depend on others. */
export const alertSymbolsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: ['alerts', 'symbols'] as const,
    queryFn: async () => (await api.get<{ markets: { symbol: string }[] }>('/markets')).markets.map((m) => m.symbol),
    staleTime: 10 * 60_000,
  });
export const useAlertSymbols = () => useQuery(alertSymbolsQueryOptions(useApi()));

export const alertPortfoliosQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['alerts', 'portfolios'] as const, queryFn: () => api.get<{ id: string; name: string }[]>('/portfolios'), retry: false });
export const useAlertPortfolios = () => useQuery(alertPortfoliosQueryOptions(useApi()));

function useInvalidateAlerts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: alertKeys.all });
}

export function useSaveAlert() {
  const api = useApi();
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: AlertInput }) =>
      id ? api.patch<AlertRule>(`/alerts/${id}`, input) : api.post<AlertRule>('/alerts', input),
    onSuccess: invalidate,
  });
}

export function useAlertAction() {
  const api = useApi();
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'delete' }) =>
      action === 'delete' ? api.delete(`/alerts/${id}`) : api.post(`/alerts/${id}/${action}`),
    onSuccess: invalidate,
  });
}
