import { Fragment, useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, FormError, Loading } from '../../../lib/ui';
import { useAlertAction, useAlertDeliveries, useAlertEvents, useAlertPortfolios, useAlerts, type AlertDelivery } from '../api/alerts';
import { AlertForm } from '../components/AlertForm';
import { describeRule, type AlertRule } from '../model/alert-form';

const CHANNEL_NAMES: Record<string, string> = { webhook: 'Webhook', email: 'E-mail', telegram: 'Telegram' };

/** One delivery line in words: where, what happened, and why when it did not go out. */
export function describeDelivery(d: Pick<AlertDelivery, 'channel' | 'status' | 'attempt' | 'succeeded' | 'error'>): string {
  const where = CHANNEL_NAMES[d.channel] ?? 'Delivery';
  const attempt = d.attempt > 1 ? ` (attempt ${d.attempt})` : '';
  if (d.succeeded) return `${where}: delivered${attempt}`;
  switch (d.status) {
    case 'held':
      return `${where}: held for the next summary${d.error?.startsWith('quiet') ? ' (quiet hours)' : ' (hourly limit reached)'}`;
    case 'digested':
      return `${where}: sent in a summary`;
    case 'skipped':
      return `${where}: not sent${d.error ? ` — ${d.error}` : ''}`;
    case 'pending':
    case 'sending':
      return d.attempt > 0 ? `${where}: attempt ${d.attempt} failed, trying again` : `${where}: on its way`;
    default:
      return `${where}: attempt ${d.attempt} failed${d.error ? ` — ${d.error}` : ''}`;
  }
}

function AlertHistory({ id }: { id: string }) {
  const locale = useLocale();
  const events = useAlertEvents(id);
  const deliveries = useAlertDeliveries(id);
  if (events.isPending) return <Loading />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => events.refetch()} />;
  if (events.data.length === 0) return <p className="muted">This alert has not fired yet.</p>;
  return (
    <ul>
      {events.data.map((event) => (
        <li key={event.id}>
          {formatDateTime(event.triggeredAt, locale)} — {event.message}
          {(deliveries.data ?? []).some((d) => d.eventId === event.id) && (
            <ul className="muted" aria-label="Deliveries">
              {(deliveries.data ?? [])
                .filter((d) => d.eventId === event.id)
                .map((d, i) => (
                  <li key={`${d.id}-${d.attempt}-${i}`}>
                    {formatDateTime(d.attemptedAt, locale)} — {describeDelivery(d)}
                  </li>
                ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AlertsPage() {
  const locale = useLocale();
  const alerts = useAlerts();
  const portfolios = useAlertPortfolios();
  const action = useAlertAction();
  const [editing, setEditing] = useState<AlertRule | undefined>();
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const portfolioName = (id?: string | null) => portfolios.data?.find((p) => p.id === id)?.name;

  return (
    <main className="page">
      <h1>Alerts</h1>
      <h2>{editing ? 'Edit alert' : 'New alert'}</h2>
      <AlertForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(undefined)} />
      <h2>Your alerts</h2>
      <FormError error={action.error} />
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => alerts.refetch()} />
      ) : alerts.data.length === 0 ? (
        <EmptyState title="No alerts yet">Create one above; you will get a notification here and in the bell when it fires.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table aria-label="Alerts">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Status</th>
                <th scope="col">Last fired</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.map((rule) => (
                <Fragment key={rule.id}>
                  <tr data-testid={`alert-${rule.id}`}>
                    <td>
                      {describeRule(rule, portfolioName(rule.portfolioId))}
                      {rule.note && <div className="muted">{rule.note}</div>}
                    </td>
                    <td>
                      <span className={`status-pill status-${rule.status}`}>{rule.status}</span>
                    </td>
                    <td>{rule.lastTriggeredAt ? formatDateTime(rule.lastTriggeredAt, locale) : 'never'}</td>
                    <td>
                      <button type="button" onClick={() => setHistoryOf(historyOf === rule.id ? null : rule.id)} aria-expanded={historyOf === rule.id}>
                        History
                      </button>{' '}
                      <button type="button" onClick={() => setEditing(rule)}>
                        Edit
                      </button>{' '}
                      {rule.status === 'paused' ? (
                        <button type="button" onClick={() => action.mutate({ id: rule.id, action: 'resume' })}>
                          Resume
                        </button>
                      ) : (
                        rule.status !== 'expired' && (
                          <button type="button" onClick={() => action.mutate({ id: rule.id, action: 'pause' })}>
                            Pause
                          </button>
                        )
                      )}{' '}
                      <button
                        type="button"
                        className="danger"
                        onClick={() => window.confirm('Delete this alert?') && action.mutate({ id: rule.id, action: 'delete' })}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                  {historyOf === rule.id && (
                    <tr>
                      <td colSpan={4}>
                        <AlertHistory id={rule.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
