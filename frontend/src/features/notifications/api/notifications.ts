import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi, useLiveStream } from '../../../lib/services';

/** An inbox entry as GET /notifications returns it; live `notification` events (lib/live-stream NotificationEvent) have the same shape. */
export type Notification = Schema<'NotificationDto'>;
export type NotificationsResponse = Schema<'NotificationListDto'>;

export const notificationsQueryKey = ['notifications'] as const;

export const notificationsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: notificationsQueryKey, queryFn: () => api.get<NotificationsResponse>('/notifications') });

export const useNotifications = () => useQuery(notificationsQueryOptions(useApi()));

/** Pure: a live notification goes on top and bumps the unread count (ignoring duplicates). */
export function addNotification(current: NotificationsResponse | undefined, item: Notification): NotificationsResponse {
  const base = current ?? { unread: 0, items: [] };
  if (base.items.some((existing) => existing.id === item.id)) return base;
  return { unread: base.unread + (item.readAt ? 0 : 1), items: [item, ...base.items] };
}

export function markRead(current: NotificationsResponse | undefined, id: string | 'all', at: string): NotificationsResponse | undefined {
  if (!current) return current;
  const items = current.items.map((item) => (item.readAt || (id !== 'all' && item.id !== id) ? item : { ...item, readAt: at }));
  return { items, unread: items.filter((item) => !item.readAt).length };
}

/** Live notifications from the socket go into the cache: the bell and inbox update without reload. */
export function useLiveNotifications(onArrive?: (notification: Notification) => void) {
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!stream) return;
    return stream.on('notification', (notification) => {
      queryClient.setQueryData<NotificationsResponse>(notificationsQueryKey, (current) => addNotification(current, notification));
      onArrive?.(notification);
    });
  }, [stream, queryClient, onArrive]);
}

export function useMarkRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'all') => (id === 'all' ? api.post('/notifications/read-all') : api.post(`/notifications/${id}/read`)),
    onMutate: (id) => {
      queryClient.setQueryData<NotificationsResponse>(notificationsQueryKey, (current) => markRead(current, id, new Date().toISOString()));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}
