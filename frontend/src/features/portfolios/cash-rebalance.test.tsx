import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { priceNote, targetsProblem } from './model/cash';

const portfolio = { id: 'p1', name: 'Exchange', baseCurrency: 'USD', costBasisMethod: 'average', cashMode: 'off' };

const holding = (asset: string, kind: string, priceSource: string, value: string, allocationPct: number) => ({
  asset,
  kind,
  priceSource,
  quantity: value,
  averageCost: '1',
  costBasis: value,
  price: priceSource === 'none' ? null : '1',
  value: priceSource === 'none' ? null : value,
  unrealizedPnl: '0',
  realizedPnl: '0',
  allocationPct,
});

function useBackend(overrides: { portfolio?: object } = {}) {
  const calls: Array<{ method: string; url: string; body?: unknown }> = [];
  let targets: Array<{ asset: string; weightPct: string }> = [];
  const current = { ...portfolio, ...overrides.portfolio };
  server.use(
    http.get(`${API}/portfolios`, () => HttpResponse.json([current])),
    http.get(`${API}/portfolios/p1`, () => HttpResponse.json(current)),
    http.patch(`${API}/portfolios/p1`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      calls.push({ method: 'PATCH', url: 'portfolio', body });
      if (body.cashMode === 'linked') {
        return apiError(
          400,
          "Cannot remove 500 USD on 2024-01-02T00:00:00.000Z: only 0 USD held at that time. The portfolio's cash balance pays for buys and fees: record a deposit of USD first.",
        );
      }
      return HttpResponse.json({ ...current, ...body });
    }),
    http.get(`${API}/portfolios/p1/transactions`, () => HttpResponse.json([])),
    http.get(`${API}/portfolios/p1/performance`, () => HttpResponse.json({ series: [], twr: 0, irr: null })),
    http.get(`${API}/portfolios/p1/holdings`, () =>
      HttpResponse.json({
        baseCurrency: 'USD',
        totalValue: '1600',
        totalCost: '1600',
        unrealizedPnl: '0',
        realizedPnl: '0',
        holdings: [
          holding('USD', 'fiat', 'par', '1000', 62.5),
          holding('USDC', 'stablecoin', 'market', '400', 25),
          holding('DAI', 'stablecoin', 'par', '200', 12.5),
        ],
      }),
    ),
    http.get(`${API}/portfolios/p1/targets`, () => HttpResponse.json({ targets })),
    http.put(`${API}/portfolios/p1/targets`, async ({ request }) => {
      const body = (await request.json()) as { targets: typeof targets };
      calls.push({ method: 'PUT', url: 'targets', body });
      targets = body.targets;
      return HttpResponse.json({ targets });
    }),
    http.get(`${API}/portfolios/p1/rebalance`, ({ request }) => {
      calls.push({ method: 'GET', url: `rebalance?${new URL(request.url).searchParams}` });
      return HttpResponse.json({
        baseCurrency: 'USD',
        cashMode: 'off',
        feePct: 0.1,
        totalValue: '1600',
        totalFees: '0.8',
        maxDriftPct: 12.5,
        rows: [
          { asset: 'BTC', value: '0', currentPct: 0, targetPct: 50, driftPct: -50 },
          { asset: 'USD', value: '1000', currentPct: 62.5, targetPct: 50, driftPct: 12.5 },
        ],
        trades: [{ type: 'buy', asset: 'BTC', quantity: '0.0133', price: '60000', fee: '0.8' }],
      });
    }),
    http.post(`${API}/portfolios/p1/rebalance`, async ({ request }) => {
      calls.push({ method: 'POST', url: 'rebalance', body: await request.json() });
      return HttpResponse.json({ transactions: [{ id: 't1' }] }, { status: 201 });
    }),
  );
  return { calls };
}

// Whole-app renders on a shared, busy machine: more than the default 5 s.
const SLOW = { timeout: 30_000 };

describe('cash and stablecoins in the holdings', () => {
  it('says which cash holdings are valued at par and which at a market price', SLOW, async () => {
    useBackend();
    renderApp({ path: '/portfolios/p1' });
    const table = await screen.findByRole('table', { name: 'Holdings' });
    const row = (asset: string) => within(table).getByRole('row', { name: new RegExp(`^${asset} `) });
    expect(row('USDC')).toHaveTextContent('Stablecoin');
    expect(row('USDC')).toHaveTextContent('(market price)');
    expect(row('DAI')).toHaveTextContent('(at par)');
    expect(row('USD')).toHaveTextContent('Cash');
    expect(screen.getByText('Stablecoins are valued at their market price where one is tracked, otherwise at par (1 USD).')).toBeInTheDocument();
    expect(priceNote({ kind: 'crypto', priceSource: 'market' })).toBeNull();
    expect(priceNote({ kind: 'crypto', priceSource: 'none' })).toBe('no price yet');
    expect(priceNote({ kind: 'crypto', priceSource: 'market', priceStale: true, priceAsOfDay: '2025-05-30' }, 'en-US')).toBe(
      'not live: last close of May 30, 2025',
    );
  });

  it('turns on the linked cash balance and shows why it was refused', SLOW, async () => {
    const backend = useBackend();
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    expect(await screen.findByText(/Purchases are treated as new money added/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Pay for purchases from my USD balance' }));
    await waitFor(() => expect(backend.calls).toContainEqual({ method: 'PATCH', url: 'portfolio', body: { cashMode: 'linked' } }));
    expect(await screen.findByText(/record a deposit of USD first/)).toBeInTheDocument();
  });

  it('explains the linked mode when it is on', SLOW, async () => {
    useBackend({ portfolio: { cashMode: 'linked' } });
    renderApp({ path: '/portfolios/p1' });
    expect(await screen.findByText(/Purchases and fees take USD from this portfolio's cash and sales add to it/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Pay for purchases from my USD balance' })).toBeChecked();
  });
});

describe('rebalancing', () => {
  it('saves target weights, shows the drift and the suggested trades, and records them in one click', SLOW, async () => {
    const backend = useBackend();
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Target weights and rebalancing' }));
    const form = await screen.findByRole('form', { name: 'Target weights' });
    // Starts with all in cash; the total updates as weights are typed.
    expect(within(form).getByLabelText('Coin 1')).toHaveValue('USD');
    await user.clear(within(form).getByLabelText('Target weight (%) 1'));
    await user.type(within(form).getByLabelText('Target weight (%) 1'), '50');
    await user.click(within(form).getByRole('button', { name: 'Save target weights' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('The weights add up to 50 %; they must add up to 100 %.');
    expect(backend.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);

    await user.click(within(form).getByRole('button', { name: 'Add a coin' }));
    await user.type(within(form).getByLabelText('Coin 2'), 'btc');
    await user.clear(within(form).getByLabelText('Target weight (%) 2'));
    await user.type(within(form).getByLabelText('Target weight (%) 2'), '50');
    expect(within(form).getByTestId('targets-total')).toHaveTextContent('100 %');
    await user.click(within(form).getByRole('button', { name: 'Save target weights' }));
    await waitFor(() =>
      expect(backend.calls).toContainEqual({
        method: 'PUT',
        url: 'targets',
        body: {
          targets: [
            { asset: 'USD', weightPct: '50' },
            { asset: 'BTC', weightPct: '50' },
          ],
        },
      }),
    );

    const drift = await screen.findByRole('table', { name: 'Drift from target weights' });
    expect(within(drift).getByRole('row', { name: /^BTC/ })).toHaveTextContent(/-50\.00\s?%/);
    const trades = screen.getByRole('list', { name: 'Suggested trades' });
    expect(trades).toHaveTextContent('Buy 0.0133 BTC at $60,000.00 (fee $0.80)');
    expect(screen.getByText(/Fees in all: \$0.80/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Record these trades' }));
    expect(await screen.findByText('Recorded 1 transaction.')).toBeInTheDocument();
    expect(backend.calls).toContainEqual({
      method: 'POST',
      url: 'rebalance',
      body: { trades: [{ type: 'buy', asset: 'BTC', quantity: '0.0133', price: '60000', fee: '0.8' }] },
    });
  });

  it('checks target weights before sending them', () => {
    expect(targetsProblem([{ asset: 'BTC', weightPct: '100' }])).toBeNull();
    expect(
      targetsProblem([
        { asset: 'BTC', weightPct: '50' },
        { asset: 'btc', weightPct: '50' },
      ]),
    ).toBe('Each coin can appear only once.');
    expect(targetsProblem([{ asset: 'BTC', weightPct: '120' }])).toBe('Weights are percentages between 0 and 100, such as 60 or 12.5.');
    expect(targetsProblem([{ asset: '', weightPct: '100' }])).toBe('Enter a ticker such as BTC for every row.');
  });
});
