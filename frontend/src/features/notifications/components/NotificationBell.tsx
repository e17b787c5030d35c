import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useLiveNotifications, useNotifications, type Notification } from '../api/notifications';

/** Header bell: live unread count, and a short-lived toast when a notification arrives. */
export function NotificationBell() {
  const notifications = useNotifications();
  const [toast, setToast] = useState<Notification | null>(null);
  const onArrive = useCallback((notification: Notification) => {
    setToast(notification);
    window.setTimeout(() => setToast((current) => (current?.id === notification.id ? null : current)), 8000);
  }, []);
  useLiveNotifications(onArrive);
  const unread = notifications.data?.unread ?? 0;
  return (
    <>
      <Link to="/notifications" className="bell" aria-label={`Notifications, ${unread} unread`}>
        <span aria-hidden="true">🔔</span>
        {unread > 0 && (
          <span className="badge" data-testid="unread-count">
            {unread}
          </span>
        )}
      </Link>
      {toast && (
        <div className="toast" role="status" aria-live="polite" data-testid="notification-toast">
          <strong>{toast.title}</strong>
          <p>{toast.body}</p>
          <button type="button" onClick={() => setToast(null)} aria-label="Dismiss notification">
            ×
          </button>
        </div>
      )}
    </>
  );
}
