import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import type { ExchangeAccount, ExchangeSync } from './api/exchange-accounts';
import { describeSync } from './model/sync-words';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const sync = (fields: Partial<ExchangeSync> = {}): ExchangeSync => ({
  id: '5b0d2c1e-0000-4000-8000-000000000001',
  trigger: 'manual',
  status: 'succeeded',
  phase: null,
  fetched: 12,
  added: 10,
  duplicates: 1,
  conflicts: 1,
  skipped: [{ what: 'Deposit of 100 USDT', reason: 'asset USDT is not a tracked market (no USDT/USDT)', time: '2026-01-02T10:00:00.000Z' }],
  error: null,
  startedAt: '2026-01-03T09:00:00.000Z',
  finishedAt: '2026-01-03T09:00:05.000Z',
  createdAt: '2026-01-03T09:00:00.000Z',
  ...fields,
});

const account = (fields: Partial<ExchangeAccount> = {}): ExchangeAccount => ({
  id: '9c1f5a7e-0000-4000-8000-0000000000aa',
  portfolioId: '1f2e3d4c-0000-4000-8000-0000000000bb',
  portfolioName: 'Long term',
  exchange: 'binance',
  exchangeName: 'Binance',
  label: 'Main account',
  apiKeyHint: '…x7Qa',
  status: 'active',
  statusMessage: null,
  lastSyncedAt: '2026-01-03T09:00:05.000Z',
  lastSync: sync(),
  openConflicts: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

function useBackend(accounts: ExchangeAccount[]) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  server.use(
    http.get(`${API}/exchange-accounts`, () => HttpResponse.json(accounts)),
    http.get(`${API}/exchange-accounts/exchanges`, () => HttpResponse.json([{ id: 'binance', name: 'Binance', checksPermissions: true }])),
    http.get(`${API}/portfolios`, () => HttpResponse.json([{ id: '1f2e3d4c-0000-4000-8000-0000000000bb', name: 'Long term' }])),
    http.get(`${API}/exchange-accounts/:id/syncs`, () =>
      HttpResponse.json([sync(), sync({ id: 's2', trigger: 'scheduled', fetched: 0, added: 0, duplicates: 0, conflicts: 0, skipped: [] })]),
    ),
    http.get(`${API}/exchange-accounts/:id/conflicts`, () =>
      HttpResponse.json([
        {
          id: 'c0ffee00-0000-4000-8000-000000000001',
          what: 'Buy of 0.3 BTC',
          exchangeRow: { type: 'buy', time: '2026-01-02T12:00:00.000Z', asset: 'BTC', quantity: '0.3', price: '43400' },
          manualTransactionId: 'aaaaaaaa-0000-4000-8000-000000000001',
          createdAt: '2026-01-03T09:00:05.000Z',
        },
      ]),
    ),
    http.post(`${API}/exchange-accounts/:id/sync`, ({ params }) => {
      calls.push(`sync ${String(params.id)}`);
      accounts[0] = account({ lastSync: sync({ status: 'running', phase: 'trades', fetched: 1200, added: 0, duplicates: 0, conflicts: 0, skipped: [] }) });
      return HttpResponse.json(accounts[0].lastSync, { status: 202 });
    }),
    http.post(`${API}/exchange-accounts/:id/conflicts/:conflictId`, async ({ request, params }) => {
      calls.push(`resolve ${String(params.conflictId)}`);
      bodies.push(await request.json());
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${API}/exchange-accounts`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      bodies.push(body);
      if (body.apiKey === 'trading-key') {
        return apiError(
          400,
          'This API key also allows spot and margin trading. Coincast only needs to read your account: create a key with only "Enable Reading" ticked.',
        );
      }
      return HttpResponse.json(account(), { status: 201 });
    }),
  );
  return { calls, bodies };
}

describe('exchange accounts page', () => {
  it('lists an account with its status, last sync in words and entries to review, with no raw ids or ISO dates', async () => {
    useBackend([account()]);
    renderApp({ path: '/exchange-accounts' });
    const card = await screen.findByTestId('exchange-account');
    expect(within(card).getByText('Connected')).toBeInTheDocument();
    expect(card).toHaveTextContent('Binance · key ending x7Qa · into “Long term”');
    expect(card).toHaveTextContent(/Last synced .*2026.*10 transactions added, 1 already in the portfolio, 1 entry could not be recorded, 1 entry to review\./);
    const review = await within(card).findByRole('region', { name: 'Entries to review' });
    expect(await within(review).findByText(/Buy of 0\.3 BTC on .*2026.* at 43,400/)).toBeInTheDocument();
    await userEvent.setup().click(within(card).getByRole('button', { name: 'Sync history' }));
    const log = await within(card).findByRole('list', { name: 'Sync history' });
    expect(log).toHaveTextContent('Scheduled — Up to date: nothing new on the exchange.');
    expect(log).toHaveTextContent(/Deposit of 100 USDT on .*2026.*: asset USDT is not a tracked market/);
    expect(document.body.textContent).not.toMatch(ISO);
    expect(document.body.textContent).not.toMatch(UUID);
  });

  it('"Sync now" starts a sync and shows its progress', async () => {
    const backend = useBackend([account({ openConflicts: 0 })]);
    renderApp({ path: '/exchange-accounts' });
    const card = await screen.findByTestId('exchange-account');
    await userEvent.setup().click(within(card).getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(card).toHaveTextContent('In progress: reading trades (1,200 entries read so far).'));
    expect(within(card).getByText('Syncing…', { selector: '.status-pill' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Syncing…' })).toBeDisabled();
    expect(backend.calls).toEqual(['sync 9c1f5a7e-0000-4000-8000-0000000000aa']);
  });

  it('keeping the manual entry resolves the conflict', async () => {
    const backend = useBackend([account()]);
    renderApp({ path: '/exchange-accounts' });
    const review = await screen.findByRole('region', { name: 'Entries to review' });
    await userEvent.setup().click(await within(review).findByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(backend.calls).toEqual(['resolve c0ffee00-0000-4000-8000-000000000001']));
    expect(backend.bodies).toEqual([{ action: 'keep-manual' }]);
  });

  it('a revoked key is shown with what to do, and Sync now is disabled', async () => {
    useBackend([
      account({
        status: 'needs_key',
        statusMessage: 'Binance refused the API key (it was revoked, expired or restricted). Connect a new read-only key to resume syncing.',
        openConflicts: 0,
      }),
    ]);
    renderApp({ path: '/exchange-accounts' });
    const card = await screen.findByTestId('exchange-account');
    expect(within(card).getByText('Needs a new key')).toBeInTheDocument();
    expect(within(card).getByRole('alert')).toHaveTextContent('Connect a new read-only key');
    expect(within(card).getByRole('form', { name: 'Connect a new key' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Sync now' })).toBeDisabled();
  });

  it('connects an account, and shows the exchange refusal of a trading key as is', async () => {
    const backend = useBackend([]);
    renderApp({ path: '/exchange-accounts' });
    const user = userEvent.setup();
    expect(await screen.findByText('No exchange account connected')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Connect an exchange account' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Long term' })).toBeInTheDocument());
    await user.type(within(form).getByLabelText('API key'), 'trading-key');
    await user.type(within(form).getByLabelText('Secret'), 'the-secret-1234');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('also allows spot and margin trading');
    expect(backend.bodies[0]).toEqual({
      exchange: 'binance',
      portfolioId: '1f2e3d4c-0000-4000-8000-0000000000bb',
      apiKey: 'trading-key',
      secret: 'the-secret-1234',
    });
    expect(within(form).getByLabelText('Secret')).toHaveAttribute('type', 'password');
  });

  it('is in the menu', async () => {
    useBackend([]);
    renderApp({ path: '/exchange-accounts' });
    expect(await screen.findByRole('link', { name: 'Exchanges' })).toHaveAttribute('href', '/exchange-accounts');
  });
});

describe('sync wording (pure)', () => {
  it('says what a failed or waiting sync means', () => {
    expect(describeSync(sync({ status: 'queued' }))).toBe('Waiting to start.');
    expect(describeSync(sync({ status: 'failed', error: 'Binance could not be reached.' }))).toBe('Binance could not be reached.');
    expect(describeSync(sync({ added: 1, duplicates: 0, skipped: [], conflicts: 0 }))).toBe('1 transaction added.');
  });
});
