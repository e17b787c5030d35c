import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type NotificationSettings = Schema<'NotificationSettingsDto'>;
export type NotificationSettingsInput = Schema<'UpdateNotificationSettingsDto'>;

export const notificationSettingsKey = ['notifications', 'settings'] as const;

export function notificationSettingsOptions(api: ApiClient) {
  return queryOptions({ queryKey: notificationSettingsKey, queryFn: () => api.get<NotificationSettings>('/notifications/settings') });
}

export function useNotificationSettings() {
  return useQuery(notificationSettingsOptions(useApi()));
}

export function useUpdateNotificationSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettingsInput) => api.patch<NotificationSettings>('/notifications/settings', body),
    onSuccess: (saved) => queryClient.setQueryData(notificationSettingsKey, saved),
  });
}

export function useSendVerification() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post<Schema<'AccountMailAnswerDto'>>('/auth/email/verification') });
}

export function useTelegramLink() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post<Schema<'TelegramLinkDto'>>('/notifications/telegram/link') });
}

export function useUnlinkTelegram() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/notifications/telegram'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKey }),
  });
}

/** Public: opened from the e-mailed link. */
export function useVerifyEmail() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.post<Schema<'VerifiedEmailDto'>>('/auth/email/verify', { token }, { auth: false }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKey }),
  });
}

export function useForgotPassword() {
  const api = useApi();
  return useMutation({ mutationFn: (email: string) => api.post<Schema<'AccountMailAnswerDto'>>('/auth/password/forgot', { email }, { auth: false }) });
}

export function useResetPassword() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => api.post<void>('/auth/password/reset', body, { auth: false }),
  });
}
