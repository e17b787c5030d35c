import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeLiveStream } from '../../lib/live-stream';
import { API, apiError, marketsFixture, server, testUser } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { applyBackfill, describeStage, normaliseMarkets, onlyWatched } from './model/markets';

const admin = { ...testUser, isAdmin: true, role: 'admin' };
const sol = {
  symbol: 'SOL/USDT',
  base: 'SOL',
  quote: 'USDT',
  price: null,
  change24h: null,
  volume24h: null,
  lastUpdate: null,
  stage: 'backfilling' as const,
  historyDays: 0,
  backfill: { fetched: 0, expected: 1000, percent: 0, etaSeconds: null, error: null },
};

/** The home exchange (Binance) and Kraken, which refuses this server's region. */
const twoExchanges = {
  ...marketsFixture,
  source: 'ccxt' as const,
  exchanges: [
    { exchange: 'binance', name: 'Binance', home: true, state: 'ok', message: null },
    { exchange: 'kraken', name: 'Kraken', home: false, state: 'refused', message: 'Kraken answers HTTP 451 from here: add another exchange to EXCHANGES.' },
  ],
  markets: [
    { ...marketsFixture.markets[0]!, exchange: 'binance', exchangeName: 'Binance' },
    { ...marketsFixture.markets[1]!, symbol: 'ADA/USD@kraken', quote: 'USD', exchange: 'kraken', exchangeName: 'Kraken' },
  ],
};

function asAdmin() {
  server.use(http.get(`${API}/auth/me`, () => HttpResponse.json(admin)));
}

describe('markets catalogue (admin)', () => {
  it('is linked from the markets page for administrators only', async () => {
    const { unmount } = renderApp();
    await screen.findByTestId('price-BTC/USDT');
    expect(screen.queryByRole('link', { name: 'Add or remove markets' })).not.toBeInTheDocument();
    unmount();
    asAdmin();
    renderApp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Add or remove markets' }));
    expect(await screen.findByRole('heading', { name: 'Markets catalogue' })).toBeInTheDocument();
  });

  it('tells a non-administrator who opens it that it is for administrators', async () => {
    renderApp({ path: '/admin/markets' });
    expect(await screen.findByText('For administrators only')).toBeInTheDocument();
  });

  it('searches the exchange, tracks a market and shows its live backfill progress from the socket', { timeout: 20_000 }, async () => {
    asAdmin();
    const markets = { ...marketsFixture, markets: [...marketsFixture.markets] };
    const searches: string[] = [];
    const tracked: string[] = [];
    server.use(
      http.get(`${API}/markets`, () => HttpResponse.json(markets)),
      http.get(`${API}/markets/catalogue/search`, ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        searches.push(q);
        return HttpResponse.json({
          exchange: 'binance',
          total: 2,
          markets: [
            { symbol: 'SOL/USDT', base: 'SOL', quote: 'USDT', tracked: tracked.includes('SOL/USDT') },
            { symbol: 'SOL/BTC', base: 'SOL', quote: 'BTC', tracked: false },
          ],
        });
      }),
      http.post(`${API}/markets/catalogue`, async ({ request }) => {
        const body = (await request.json()) as { symbol: string };
        tracked.push(body.symbol);
        markets.markets = [...marketsFixture.markets, sol as never];
        return HttpResponse.json({ ...sol, exchange: 'binance', addedAt: '2026-01-01T00:00:00.000Z' }, { status: 201 });
      }),
    );
    const stream = new FakeLiveStream();
    renderApp({ path: '/admin/markets', stream });
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Markets catalogue' })).toBeInTheDocument();
    expect(await screen.findByText(/Choose the markets Coincast follows in the recorded market data/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Search the exchange's markets"), 'sol');
    const results = await screen.findByRole('list', { name: 'Markets found' });
    expect(within(results).getAllByRole('listitem')).toHaveLength(2);
    expect(searches.at(-1)).toBe('sol');

    await user.click(within(results).getByRole('button', { name: 'Track SOL/USDT' }));
    const trackedList = await screen.findByRole('list', { name: 'Tracked markets' });
    const row = await within(trackedList).findByText('Loading history 0 %');
    expect(tracked).toEqual(['SOL/USDT']);
    await waitFor(() => expect(within(results).getAllByText('Tracked')).toHaveLength(1));

    act(() =>
      stream.emit('market_backfill', {
        ...sol,
        backfill: { fetched: 420, expected: 1000, percent: 42, etaSeconds: 150, error: null },
      }),
    );
    await waitFor(() => expect(row).toHaveTextContent('Loading history 42 %'));
    const bar = within(row.closest('li')!).getByRole('progressbar', { name: 'SOL history loaded' });
    expect(bar).toHaveAttribute('aria-valuenow', '42');

    act(() =>
      stream.emit('market_backfill', {
        ...sol,
        stage: 'forecasting',
        historyDays: 730,
        backfill: { fetched: 990, expected: 1000, percent: 100, etaSeconds: null, error: null },
      }),
    );
    const solRow = row.closest('li')!;
    await waitFor(() => expect(within(solRow).getByText('Forecasting')).toBeInTheDocument());
    expect(within(trackedList).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('stops tracking a market after a confirmation, and shows a refusal in words', async () => {
    asAdmin();
    const removed: string[] = [];
    server.use(
      http.delete(`${API}/markets/catalogue/:symbol`, ({ params }) => {
        removed.push(String(params.symbol));
        return params.symbol === 'ADA-USDT'
          ? apiError(404, 'ADA/USDT is not tracked; GET /api/v1/markets lists the tracked markets')
          : new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp({ path: '/admin/markets' });
    const user = userEvent.setup();
    const trackedList = await screen.findByRole('list', { name: 'Tracked markets' });
    await user.click(within(trackedList).getByRole('button', { name: 'Stop tracking BTC' }));
    expect(within(trackedList).getByText(/the history already stored is kept/)).toBeInTheDocument();
    expect(removed).toEqual([]);
    await user.click(within(trackedList).getByRole('button', { name: 'Stop tracking BTC' }));
    await waitFor(() => expect(removed).toEqual(['BTC-USDT']));
    await user.click(within(trackedList).getByRole('button', { name: 'Stop tracking ADA' }));
    await user.click(within(trackedList).getByRole('button', { name: 'Stop tracking ADA' }));
    expect(await within(trackedList).findByRole('alert')).toHaveTextContent('ADA/USDT is not tracked');
  });

  it('with several exchanges: searches the chosen one, tracks its market by id and names every exchange', async () => {
    asAdmin();
    const searches: { q: string; exchange: string | null }[] = [];
    const posted: unknown[] = [];
    server.use(
      http.get(`${API}/markets`, () => HttpResponse.json(twoExchanges)),
      http.get(`${API}/markets/catalogue/search`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        const exchange = params.get('exchange');
        searches.push({ q: params.get('q') ?? '', exchange });
        const onKraken = exchange === 'kraken';
        return HttpResponse.json({
          exchange: onKraken ? 'kraken' : 'binance',
          exchangeName: onKraken ? 'Kraken' : 'Binance',
          total: 1,
          markets: [
            onKraken
              ? { symbol: 'SOL/USD@kraken', pair: 'SOL/USD', base: 'SOL', quote: 'USD', tracked: false }
              : { symbol: 'SOL/USDT', pair: 'SOL/USDT', base: 'SOL', quote: 'USDT', tracked: false },
          ],
        });
      }),
      http.post(`${API}/markets/catalogue`, async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json({ ...sol, symbol: 'SOL/USD@kraken', exchange: 'kraken', addedAt: '2026-01-01T00:00:00.000Z' }, { status: 201 });
      }),
    );
    renderApp({ path: '/admin/markets' });
    const user = userEvent.setup();
    expect(await screen.findByText(/Choose the markets Coincast follows on Binance and Kraken/)).toBeInTheDocument();
    const trackedList = await screen.findByRole('list', { name: 'Tracked markets' });
    await waitFor(() => expect(within(trackedList).getAllByText('Kraken')).toHaveLength(1));
    expect(within(trackedList).getAllByText('Binance')).toHaveLength(1);
    // Kraken refuses this server's region: said above the search, with what to do.
    expect(screen.getByTestId('exchange-notice')).toHaveTextContent("Kraken refuses this server's location.");

    await user.type(screen.getByLabelText("Search the exchange's markets"), 'sol');
    let results = await screen.findByRole('list', { name: 'Markets found' });
    expect(within(results).getByRole('button', { name: 'Track SOL/USDT on Binance' })).toBeInTheDocument();
    expect(searches.at(-1)).toEqual({ q: 'sol', exchange: null });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Exchange to search' }), 'Kraken');
    results = await screen.findByRole('list', { name: 'Markets found' });
    await user.click(await within(results).findByRole('button', { name: 'Track SOL/USD on Kraken' }));
    expect(searches.at(-1)).toEqual({ q: 'sol', exchange: 'kraken' });
    await waitFor(() => expect(posted).toEqual([{ symbol: 'SOL/USD@kraken' }]));
  });
});

describe('market stages on the coin page', () => {
  // The rest of the coin page: no price or forecast yet.
  beforeEach(() => {
    server.use(
      http.get(`${API}/markets/:symbol/ticker`, () => apiError(404, 'No price yet')),
      http.get(`${API}/forecasts/:symbol`, () => apiError(404, 'No forecast yet')),
    );
  });

  it('says the history is loading, with the share done', async () => {
    server.use(
      http.get(`${API}/markets`, () => HttpResponse.json({ ...marketsFixture, forecastMinHistoryDays: 2, markets: [...marketsFixture.markets, sol] })),
    );
    renderApp({ path: '/coins/SOL-USDT' });
    const notice = await screen.findByTestId('market-stage');
    expect(notice).toHaveTextContent('Loading history 0 %');
    expect(within(notice).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  });

  it('says history is being collected and when forecasts start', async () => {
    server.use(
      http.get(`${API}/markets`, () =>
        HttpResponse.json({
          ...marketsFixture,
          forecastMinHistoryDays: 2,
          markets: [...marketsFixture.markets, { ...sol, stage: 'collecting', historyDays: 1.5, backfill: null }],
        }),
      ),
    );
    renderApp({ path: '/coins/SOL-USDT' });
    expect(await screen.findByTestId('market-stage')).toHaveTextContent('Collecting history — forecasts start when 2 days are stored (1.5 so far)');
  });

  it('says a seeded market is forecasting', async () => {
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByTestId('market-stage')).toHaveTextContent('Forecasting');
  });

  it("names a market's exchange: in the title off the home exchange, in the stage line when several are configured", async () => {
    server.use(http.get(`${API}/markets`, () => HttpResponse.json(twoExchanges)));
    const { unmount } = renderApp({ path: '/coins/ADA-USD@kraken' });
    expect(await screen.findByRole('heading', { level: 1, name: 'ADA/USD on Kraken' })).toBeInTheDocument();
    expect(await screen.findByTestId('market-stage')).toHaveTextContent('· prices from Kraken');
    unmount();
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByRole('heading', { level: 1, name: 'BTC/USDT' })).toBeInTheDocument();
    expect(await screen.findByTestId('market-stage')).toHaveTextContent('· prices from Binance');
  });
});

describe('markets model: stages, backfill events, watchlist filter', () => {
  const response = normaliseMarkets({ ...marketsFixture, markets: [...marketsFixture.markets, sol as never] });

  it('applies a backfill event in place and never moves a running backfill back', () => {
    const event = { ...sol, stage: 'backfilling' as const, backfill: { fetched: 500, expected: 1000, percent: 50, etaSeconds: 60, error: null } };
    const moved = applyBackfill(response, event)!;
    expect(moved.markets.find((m) => m.symbol === 'SOL/USDT')!.backfill!.percent).toBe(50);
    const older = { ...event, backfill: { ...event.backfill, percent: 40 } };
    expect(applyBackfill(moved, older)).toBe(moved);
    expect(applyBackfill(moved, { ...event, symbol: 'DOGE/USDT' })).toBe(moved);
  });

  it('describes each stage in words', () => {
    const eta = (ms: number) => `${ms / 60_000} minutes`;
    expect(
      describeStage({ stage: 'backfilling', historyDays: 0, backfill: { fetched: 1, expected: 2, percent: 42.7, etaSeconds: 120, error: null } }, 2, eta),
    ).toEqual({
      label: 'Loading history 42 %',
      detail: 'past prices are being loaded, about 2 minutes left; forecasts start once enough history is stored',
    });
    expect(
      describeStage({ stage: 'backfilling', historyDays: 0, backfill: { fetched: 1, expected: 2, percent: 99, etaSeconds: 20, error: null } }, 2, eta).detail,
    ).toMatch(/less than a minute left/);
    expect(describeStage({ stage: 'collecting', historyDays: 1, backfill: null }, 2, eta).detail).toBe('forecasts start when 2 days are stored (1 so far)');
    expect(describeStage({ stage: 'forecasting', historyDays: 9, backfill: null }, 2, eta).label).toBe('Forecasting');
  });

  it('filters to the watchlist', () => {
    expect(onlyWatched(response.markets, new Set(['ADA/USDT'])).map((m) => m.symbol)).toEqual(['ADA/USDT']);
  });
});
