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
    act(() => stream.emit('ticker', { symbol: 'BTC/USDT', price: 1, change24h: 0, volume24h: 0, timestamp: '2025-12-31T00:00:00.000Z', source: 'replay' }));
    // A newer tick for another coin proves the stream is wired before asserting BTC did not move.
    act(() => stream.emit('ticker', { symbol: 'ADA/USDT', price: 0.5, change24h: 0, volume24h: 0, timestamp: '2026-01-02T00:00:00.000Z', source: 'replay' }));
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
    const symbolsInOrder = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.getAttribute('data-symbol'));
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

  it('shows the 24h 80 % range and the chance of a rise, never a "forecast price" (issue 16)', async () => {
    const q = (lo: number, mid: number, hi: number) => ({
      '0.05': lo - 500,
      '0.1': lo,
      '0.25': mid - 500,
      '0.5': mid,
      '0.75': mid + 500,
      '0.9': hi,
      '0.95': hi + 500,
    });
    const summary = {
      originTime: '2026-12-02T06:00:00.000Z',
      targetTime: '',
      lastPrice: 44000,
      pointIsNaive: true,
      intervalIsNaive: false,
      stale: false,
      modelVersion: 'v1',
    };
    server.use(
      http.get(`${API}/forecasts`, () =>
        HttpResponse.json([
          { ...summary, symbol: 'BTC/USDT', horizon: '1h', point: 44000, quantiles: q(43000, 44000, 45000), probabilityUp: 0.5 },
          { ...summary, symbol: 'BTC/USDT', horizon: '24h', point: 44000, quantiles: q(42000, 44000, 46000), probabilityUp: 0.53 },
        ]),
      ),
    );
    renderApp();
    expect(await screen.findByRole('columnheader', { name: /Likely range in 24h/ })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /Chance of a rise \(24h\)/ })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /Forecast 24h/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('range-BTC/USDT')).toHaveTextContent('42,000.00 – 46,000.00'));
    expect(screen.getByTestId('pup-BTC/USDT')).toHaveTextContent('53%');
  });

  it('shows an error state with retry when markets fail to load', async () => {
    server.use(
      http.get(`${API}/markets`, () =>
        HttpResponse.json({ statusCode: 503, error: 'Service Unavailable', message: 'Market data unavailable' }, { status: 503 }),
      ),
    );
    renderApp();
    expect(await screen.findByText('Market data unavailable')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
