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
        {/* Inline SVG: emoji fonts are missing on many Linux desktops. */}
        <svg
          width="20"
          height="20"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="unread-count">
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
