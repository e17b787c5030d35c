import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type ApiKey = Schema<'ApiKeyDto'>;
export type ApiKeyScope = ApiKey['scope'];
/** With `key`, the full secret: the server shows it exactly once. */
export type CreatedApiKey = Schema<'CreatedApiKeyDto'>;

export const apiKeysQueryKey = ['api-keys'] as const;

export const apiKeysQueryOptions = (api: ApiClient) => queryOptions({ queryKey: apiKeysQueryKey, queryFn: () => api.get<ApiKey[]>('/api-keys') });

export const useApiKeys = () => useQuery(apiKeysQueryOptions(useApi()));

export function useCreateApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scope: ApiKeyScope }) => api.post<CreatedApiKey>('/api-keys', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}

export function useRevokeApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}
