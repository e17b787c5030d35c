import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient, AuthResponse, User } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export const meQueryKey = ['auth', 'me'] as const;

export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: meQueryKey,
    // No tokens → signed out without a request (cookie flow: unless the refresh cookie restores the session); a failed
    // refresh also ends as null.
    queryFn: async (): Promise<User | null> => {
      if (!api.tokens.get() && api.cookieSession) await api.refreshOnce();
      return api.tokens.get() ? api.get<User>('/auth/me') : null;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useMe() {
  const api = useApi();
  return useQuery(meQueryOptions(api));
}

/** The body of POST /auth/login and /auth/register (the same shape). */
export type Credentials = Schema<'LoginDto'> & Schema<'RegisterDto'>;

function useSessionStart(path: '/auth/login' | '/auth/register') {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => api.post<AuthResponse>(path, credentials, { auth: false }),
    onSuccess: (response) => {
      api.storeSession(response);
      queryClient.setQueryData(meQueryKey, response.user);
    },
  });
}

export const useSignIn = () => useSessionStart('/auth/login');
export const useRegister = () => useSessionStart('/auth/register');

/** Ends the session locally even when the server call fails (offline, token already revoked). */
export function useSignOut() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const tokens = api.tokens.get();
      // Cookie flow: the server revokes the cookie's sign-in and clears the cookie.
      if (api.cookieSession) await api.post('/auth/logout', {}, { auth: false }).catch(() => undefined);
      else if (tokens?.refreshToken) await api.post('/auth/logout', { refreshToken: tokens.refreshToken }, { auth: false }).catch(() => undefined);
    },
    onSettled: () => {
      api.tokens.clear();
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

export function useChangePassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      await api.post<unknown>('/auth/password', body);
      // The server ended every other session and set a fresh one here; the dashboard signs in again instead.
      if (api.cookieSession) await api.post('/auth/logout', {}, { auth: false }).catch(() => undefined);
    },
    // Every refresh token is revoked: the user signs in again with the new password.
    onSuccess: () => {
      api.tokens.clear();
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

/** Changes the sign-in address; like a password change, every session ends and the user signs in again. */
export function useChangeEmail() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { newEmail: string; currentPassword: string }) => {
      await api.post<unknown>('/auth/email', body);
      if (api.cookieSession) await api.post('/auth/logout', {}, { auth: false }).catch(() => undefined);
    },
    onSuccess: () => {
      api.tokens.clear();
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

export function useDeleteAccount() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/auth/me'),
    onSuccess: () => {
      api.tokens.clear();
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
