import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../lib/format';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useMarkRead, useNotifications } from '../api/notifications';

export function InboxPage() {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  return (
    <main className="page">
      <div className="page-head">
        <h1>Notifications</h1>
        {notifications.data && notifications.data.unread > 0 && (
          <button type="button" onClick={() => markRead.mutate('all')}>
            Mark all as read
          </button>
        )}
      </div>
      {notifications.isPending ? (
        <Loading />
      ) : notifications.isError ? (
        <ErrorState error={notifications.error} onRetry={() => notifications.refetch()} />
      ) : notifications.data.items.length === 0 ? (
        <EmptyState title="No notifications yet">
          <p>
            Notifications appear here when an alert fires. <Link to="/alerts">Create an alert</Link> to get one.
          </p>
        </EmptyState>
      ) : (
        <ul className="inbox">
          {notifications.data.items.map((item) => (
            <li key={item.id} className={item.readAt ? 'read' : 'unread'}>
              <div>
                <strong>{item.title}</strong>
                <p>{item.body}</p>
                <small className="muted">{formatDateTime(item.createdAt)}</small>
              </div>
              {!item.readAt && (
                <button type="button" onClick={() => markRead.mutate(item.id)} aria-label={`Mark "${item.title}" as read`}>
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
