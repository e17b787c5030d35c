import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { FakeLiveStream } from '../../lib/live-stream';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { channelsOf, choiceOf, describeRule, emptyAlertDraft, toAlertInput, validateAlert } from './model/alert-form';
import { describeDelivery } from './routes/AlertsPage';

function useAlertsBackend() {
  const rules: Record<string, unknown>[] = [];
  const posted: Record<string, unknown>[] = [];
  server.use(
    http.get(`${API}/alerts`, () => HttpResponse.json(rules)),
    http.get(`${API}/portfolios`, () => HttpResponse.json([{ id: 'p1', name: 'Long term', baseCurrency: 'USD', costBasisMethod: 'average' }])),
    http.post(`${API}/alerts`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      posted.push(body);
      const rule = { ...body, id: `a${rules.length + 1}`, status: 'armed', lastTriggeredAt: null };
      rules.push(rule);
      return HttpResponse.json(rule, { status: 201 });
    }),
    http.post(`${API}/alerts/:id/pause`, ({ params }) => {
      const rule = rules.find((r) => r.id === params.id)!;
      rule.status = 'paused';
      return HttpResponse.json(rule);
    }),
  );
  return { posted, rules };
}

describe('alert form', () => {
  it('explains the selected rule type and shows only its inputs', async () => {
    useAlertsBackend();
    renderApp({ path: '/alerts' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create alert' });
    expect(within(form).getByTestId('alert-explain')).toHaveTextContent(/moves from below your level to above it/);
    expect(within(form).getByLabelText('Price level')).toBeInTheDocument();
    await user.selectOptions(within(form).getByLabelText('Alert type'), 'pct_change');
    expect(within(form).getByTestId('alert-explain')).toHaveTextContent(/percentage within the time window/);
    expect(within(form).queryByLabelText('Price level')).not.toBeInTheDocument();
    expect(within(form).getByLabelText('Within (minutes)')).toBeInTheDocument();
    await user.selectOptions(within(form).getByLabelText('Alert type'), 'portfolio_value');
    expect(within(form).getByRole('option', { name: 'Long term' })).toBeInTheDocument();
  });

  it('creates a crossing alert and lists it as armed; pausing updates its status', async () => {
    const backend = useAlertsBackend();
    renderApp({ path: '/alerts' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create alert' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'ADA/USDT' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText('Coin'), 'ADA/USDT');
    await user.type(within(form).getByLabelText('Price level'), '0.5');
    await user.click(within(form).getByRole('button', { name: 'Create alert' }));
    const row = await screen.findByTestId('alert-a1');
    expect(row).toHaveTextContent('ADA/USDT crosses up through 0.5');
    expect(within(row).getByText('armed')).toBeInTheDocument();
    expect(backend.posted[0]).toEqual({ type: 'crosses_up', symbol: 'ADA/USDT', threshold: 0.5, mode: 'once', channels: null });
    await user.click(within(row).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(within(screen.getByTestId('alert-a1')).getByText('paused')).toBeInTheDocument());
    expect(within(screen.getByTestId('alert-a1')).getByRole('button', { name: 'Resume' })).toBeInTheDocument();
  });

  it('offers the sub-hour forecast horizons in words and sends the chosen one', async () => {
    const backend = useAlertsBackend();
    renderApp({ path: '/alerts' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create alert' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'ADA/USDT' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText('Coin'), 'ADA/USDT');
    await user.selectOptions(within(form).getByLabelText('Alert type'), 'forecast_move');
    const horizon = within(form).getByLabelText('Horizon');
    expect(
      within(horizon)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['next 5 minutes', 'next 15 minutes', 'next 30 minutes', 'next hour', 'next 4 hours', 'next 24 hours', 'next 7 days']);
    await user.selectOptions(horizon, 'next 15 minutes');
    await user.type(within(form).getByLabelText('Change (%)'), '0.5');
    await user.clear(within(form).getByLabelText('Minimum probability (%)'));
    await user.type(within(form).getByLabelText('Minimum probability (%)'), '60');
    await user.click(within(form).getByRole('button', { name: 'Create alert' }));
    await waitFor(() => expect(backend.posted).toHaveLength(1));
    expect(backend.posted[0]).toMatchObject({ type: 'forecast_move', horizon: '15m', pct: 0.5, probability: 60 });
  }, 20_000);

  it('validates before sending', async () => {
    const backend = useAlertsBackend();
    renderApp({ path: '/alerts' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create alert' });
    await user.click(within(form).getByRole('button', { name: 'Create alert' }));
    expect(await within(form).findByText('Enter a price level above zero.')).toBeInTheDocument();
    expect(backend.posted).toHaveLength(0);
  });
});

describe('alert rules (pure)', () => {
  it('sends only the fields of the chosen type, probability as a percentage like the API', () => {
    const input = toAlertInput({ ...emptyAlertDraft(), type: 'forecast_move', pct: '5', probability: '75', direction: 'below', threshold: '123' });
    expect(input).toEqual({
      type: 'forecast_move',
      symbol: 'BTC/USDT',
      horizon: '24h',
      direction: 'below',
      pct: 5,
      probability: 75,
      mode: 'once',
      channels: null,
    });
  });
  it('maps the channel choice to the API: defaults = null, in-app only = [], and back', () => {
    expect(channelsOf('default')).toBeNull();
    expect(channelsOf('app')).toEqual([]);
    expect(channelsOf('email+telegram')).toEqual(['email', 'telegram']);
    expect(choiceOf(null)).toBe('default');
    expect(choiceOf([])).toBe('app');
    expect(choiceOf(['telegram'])).toBe('telegram');
    expect(toAlertInput({ ...emptyAlertDraft(), symbol: 'BTC/USDT', threshold: '5', channels: 'email' }).channels).toEqual(['email']);
  });

  it('tells each delivery in words', () => {
    const base = { channel: 'email' as const, attempt: 1, succeeded: false, error: null, status: 'sent' };
    expect(describeDelivery({ ...base, succeeded: true, attempt: 2 })).toBe('E-mail: delivered (attempt 2)');
    expect(describeDelivery({ ...base, channel: 'telegram', status: 'held', attempt: 0, error: 'quiet hours: sent in the next digest' })).toBe(
      'Telegram: held for the next summary (quiet hours)',
    );
    expect(describeDelivery({ ...base, status: 'skipped', attempt: 0, error: 'e-mail address not verified' })).toBe(
      'E-mail: not sent — e-mail address not verified',
    );
    expect(describeDelivery({ ...base, channel: 'webhook', status: 'failed', error: 'receiver answered HTTP 500' })).toBe(
      'Webhook: attempt 1 failed — receiver answered HTTP 500',
    );
  });

  it('requires a cooldown for repeating alerts and a future expiry', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const errors = validateAlert({ ...emptyAlertDraft(), threshold: '1', mode: 'every', cooldownMinutes: '', expiresAt: '2026-01-01T00:00' }, now);
    expect(Object.keys(errors).sort()).toEqual(['cooldownMinutes', 'expiresAt']);
  });
});

describe('notifications', () => {
  it('shows a live notification in the bell and inbox without reloading', async () => {
    let notificationRequests = 0;
    server.use(
      http.get(`${API}/notifications`, () => {
        notificationRequests += 1;
        return HttpResponse.json({ unread: 0, items: [] });
      }),
    );
    const stream = new FakeLiveStream();
    renderApp({ path: '/notifications', stream });
    expect(await screen.findByText('No notifications yet')).toBeInTheDocument();
    expect(screen.queryByTestId('unread-count')).not.toBeInTheDocument();
    act(() =>
      stream.emit('notification', {
        id: 'n1',
        alertId: 'a1',
        title: 'BTC/USDT crossed 44,000',
        body: 'Price 44,010 at 12:00',
        createdAt: '2026-01-01T12:00:00.000Z',
        readAt: null,
      }),
    );
    await waitFor(() => expect(screen.getByTestId('unread-count')).toHaveTextContent('1'));
    expect(screen.getByTestId('notification-toast')).toHaveTextContent('BTC/USDT crossed 44,000');
    expect(screen.getByRole('list')).toHaveTextContent('Price 44,010 at 12:00');
    expect(notificationRequests).toBe(1);
  });

  it('marks a notification as read', async () => {
    let readCalls = 0;
    const items = [{ id: 'n1', alertId: 'a1', title: 'Alert', body: 'Body', createdAt: '2026-01-01T12:00:00.000Z', readAt: null as string | null }];
    server.use(
      http.get(`${API}/notifications`, () => HttpResponse.json({ unread: items.filter((i) => !i.readAt).length, items })),
      http.post(`${API}/notifications/n1/read`, () => {
        readCalls += 1;
        items[0]!.readAt = '2026-01-01T12:01:00.000Z';
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp({ path: '/notifications' });
    const user = userEvent.setup();
    expect(await screen.findByTestId('unread-count')).toHaveTextContent('1');
    await user.click(screen.getByRole('button', { name: 'Mark "Alert" as read' }));
    await waitFor(() => expect(screen.queryByTestId('unread-count')).not.toBeInTheDocument());
    expect(readCalls).toBe(1);
  });
});

describe('alert rule lines', () => {
  it("name the market's exchange when it is not the home one", () => {
    expect(describeRule({ type: 'price_above', symbol: 'BTC/USDT', threshold: 50000 } as never)).toBe('BTC/USDT above 50000');
    expect(describeRule({ type: 'price_below', symbol: 'BTC/USD@kraken', threshold: 40000 } as never)).toBe('BTC/USD on Kraken below 40000');
  });
});
