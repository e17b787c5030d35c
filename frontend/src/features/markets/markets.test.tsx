import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { FakeLiveStream } from '../../lib/live-stream';
import { API, marketsFixture, server } from '../../../test/server';
import { renderApp } from '../../../test/render';

function countMarketsRequests() {
  const counter = { count: 0 };
  server.use(
    http.get(`${API}/markets`, () => {
      counter.count += 1;
      return HttpResponse.json(marketsFixture);
    }),
  );
  return counter;
}

describe('markets table', () => {
  it('applies a socket ticker event to the table from the cache, without refetching', async () => {
    const requests = countMarketsRequests();
    const stream = new FakeLiveStream();
    renderApp({ stream });
    const price = await screen.findByTestId('price-BTC/USDT');
    expect(price).toHaveTextContent(/43,123\.45/);
    await waitFor(() => expect(stream.symbols).toEqual(expect.arrayContaining(['BTC/USDT', 'ADA/USDT'])));

    act(() =>
      stream.emit('ticker', {
        symbol: 'BTC/USDT',
        price: 44000.5,
        change24h: 3.25,
        volume24h: 2000000,
        timestamp: '2026-01-01T00:01:00.000Z',
        source: 'replay',
      }),
    );

    // React Query notifies observers on the next tick, so wait for the re-render.
    await waitFor(() => expect(screen.getByTestId('price-BTC/USDT')).toHaveTextContent(/44,000\.50/));
    const row = screen.getByTestId('price-BTC/USDT').closest('tr')!;
    expect(within(row).getByText('+3.25%')).toBeInTheDocument();
    expect(requests.count).toBe(1);
  });

  it('ignores ticks older than the row (out-of-order delivery after a reconnect)', async () => {
    const stream = new FakeLiveStream();
    renderApp({ stream });
    await screen.findByTestId('price-BTC/USDT');
    await waitFor(() => expect(stream.symbols.length).toBe(2));
    act(() =>
      stream.emit('ticker', { symbol: 'BTC/USDT', price: 1, change24h: 0, volume24h: 0, timestamp: '2025-12-31T00:00:00.000Z', source: 'replay' }),
    );
    // A newer tick for another coin proves the stream is wired before asserting BTC did not move.
    act(() =>
      stream.emit('ticker', { symbol: 'ADA/USDT', price: 0.5, change24h: 0, volume24h: 0, timestamp: '2026-01-02T00:00:00.000Z', source: 'replay' }),
    );
    await waitFor(() => expect(screen.getByTestId('price-ADA/USDT')).toHaveTextContent('0.5000'));
    expect(screen.getByTestId('price-BTC/USDT')).toHaveTextContent(/43,123\.45/);
  });

  it('shows per-coin precision: BTC with 2 decimals, ADA with 4', async () => {
    renderApp();
    expect(await screen.findByTestId('price-ADA/USDT')).toHaveTextContent('0.4512');
    expect(screen.getByTestId('price-BTC/USDT')).toHaveTextContent('43,123.45');
  });

  it('sorts by a column and filters by search', async () => {
    renderApp();
    const user = userEvent.setup();
    await screen.findByTestId('price-BTC/USDT');
    const symbolsInOrder = () => screen.getAllByRole('row').slice(1).map((row) => row.getAttribute('data-symbol'));
    // default: volume descending → ADA (98M) before BTC (1.2M)
    expect(symbolsInOrder()).toEqual(['ADA/USDT', 'BTC/USDT']);
    await user.click(screen.getByRole('button', { name: /^Price/ }));
    expect(symbolsInOrder()).toEqual(['BTC/USDT', 'ADA/USDT']);
    await user.click(screen.getByRole('button', { name: /^Price/ }));
    expect(symbolsInOrder()).toEqual(['ADA/USDT', 'BTC/USDT']);
    await user.type(screen.getByLabelText('Search coins'), 'btc');
    expect(symbolsInOrder()).toEqual(['BTC/USDT']);
    await user.clear(screen.getByLabelText('Search coins'));
    await user.type(screen.getByLabelText('Search coins'), 'zzz');
    expect(screen.getByText('No coin matches your search')).toBeInTheDocument();
  });

  it('shows the replay banner and a disconnected banner, and resubscribes after reconnect', async () => {
    const stream = new FakeLiveStream();
    renderApp({ stream });
    expect(await screen.findByTestId('banner-replay')).toBeInTheDocument();
    await waitFor(() => expect(stream.symbols.length).toBe(2));
    expect(screen.queryByTestId('banner-disconnected')).not.toBeInTheDocument();
    act(() => stream.setConnection('disconnected'));
    expect(screen.getByTestId('banner-disconnected')).toHaveTextContent(/Reconnecting/);
    const before = stream.subscribeCalls.length;
    act(() => stream.setConnection('connected'));
    expect(screen.queryByTestId('banner-disconnected')).not.toBeInTheDocument();
    expect(stream.subscribeCalls.length).toBe(before + 1);
    expect(stream.subscribeCalls.at(-1)).toEqual(expect.arrayContaining(['BTC/USDT', 'ADA/USDT']));
  });

  it('shows the 24h forecast with its 80% range', async () => {
    server.use(
      http.get(`${API}/forecasts`, () =>
        HttpResponse.json([
          { symbol: 'BTC/USDT', horizon: '1h', originTime: '', targetTime: '', point: 1, p10: 0, p90: 2, modelVersion: 'v1', isNaive: false },
          { symbol: 'BTC/USDT', horizon: '24h', originTime: '', targetTime: '', point: 44000, p10: 42000, p90: 46000, modelVersion: 'v1', isNaive: false },
        ]),
      ),
    );
    renderApp();
    const row = (await screen.findByTestId('price-BTC/USDT')).closest('tr')!;
    await waitFor(() => expect(row).toHaveTextContent('44,000.00 (42,000.00 – 46,000.00)'));
  });

  it('shows an error state with retry when markets fail to load', async () => {
    server.use(http.get(`${API}/markets`, () => HttpResponse.json({ statusCode: 503, error: 'Service Unavailable', message: 'Market data unavailable' }, { status: 503 })));
    renderApp();
    expect(await screen.findByText('Market data unavailable')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
