import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { FakeLiveStream } from '../../lib/live-stream';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { chartLog } from '../../../test/fake-charts';

const now = Date.UTC(2026, 0, 10, 12);
const hour = 3_600_000;
const quantiles = (median: number, spread: number) => ({
  '0.05': median - 2 * spread,
  '0.1': median - spread,
  '0.5': median,
  '0.9': median + spread,
  '0.95': median + 2 * spread,
});

function useCoinBackend() {
  server.use(
    http.get(`${API}/markets/BTC-USDT/ticker`, () =>
      HttpResponse.json({ symbol: 'BTC/USDT', price: 43000, change24h: 1.2, volume24h: 1, timestamp: new Date(now).toISOString() }),
    ),
    http.get(`${API}/markets/BTC-USDT/candles`, () =>
      HttpResponse.json({
        symbol: 'BTC/USDT',
        timeframe: '1h',
        candles: Array.from({ length: 24 }, (_, i) => ({ openTime: new Date(now - (23 - i) * hour).toISOString(), open: "42900", high: "43100", low: "42800", close: String(43000 + i), volume: "5" })),
      }),
    ),
    http.get(`${API}/forecasts/BTC-USDT`, () =>
      HttpResponse.json({
        symbol: 'BTC/USDT',
        lastPrice: 43023,
        horizons: [
          { horizon: '1h', originTime: new Date(now).toISOString(), targetTime: new Date(now + hour).toISOString(), point: 43050, quantiles: quantiles(43050, 100), modelVersion: 'ridge-3', isNaive: false, live: { n: 50, mae: 120, naiveMae: 150, relMae: 0.8, coverage80: 0.78 } },
          { horizon: '24h', originTime: new Date(now).toISOString(), targetTime: new Date(now + 24 * hour).toISOString(), point: 43500, quantiles: quantiles(43500, 900), modelVersion: 'naive', isNaive: true, live: null },
        ],
      }),
    ),
    http.get(`${API}/forecasts/BTC-USDT/history`, () =>
      HttpResponse.json([
        { originTime: new Date(now - 3 * hour).toISOString(), targetTime: new Date(now - 2 * hour).toISOString(), point: 43000, p10: 42900, p90: 43100, actual: 43050, naivePoint: 42990 },
        { originTime: new Date(now - 2 * hour).toISOString(), targetTime: new Date(now - hour).toISOString(), point: 43000, p10: 42950, p90: 43050, actual: 43200, naivePoint: 43010 },
        { originTime: new Date(now - hour).toISOString(), targetTime: new Date(now).toISOString(), point: 43000, p10: 42950, p90: 43050, actual: null, naivePoint: 43010 },
      ]),
    ),
  );
}

describe('coin page', () => {
  it('shows the forecast fan, the horizon table and the track record in words', async () => {
    useCoinBackend();
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByRole('heading', { name: 'BTC/USDT' })).toBeInTheDocument();
    const fan = await screen.findByTestId('forecast-fan');
    expect(within(fan).getByTestId('band80').getAttribute('d')).toMatch(/^M.*Z$/);
    const table = screen.getByRole('table', { name: 'Forecasts by horizon' });
    expect(within(table).getByText('42,600.00 – 44,400.00')).toBeInTheDocument(); // 24h 80% range
    expect(within(table).getByText('naive (last price)')).toBeInTheDocument();
    expect(screen.getByTestId('accuracy-words')).toHaveTextContent('missed the real price by 120.00 on average');
    expect(screen.getByTestId('accuracy-words')).toHaveTextContent('20% smaller');
    const record = await screen.findByRole('table', { name: 'Past 1h forecasts versus what happened' });
    // two matured forecasts (the third has no actual yet): one inside its 80% range, one outside
    expect(within(record).getAllByRole('row')).toHaveLength(3);
    expect(within(record).getByText('yes')).toBeInTheDocument();
    expect(within(record).getByText('no')).toBeInTheDocument();
  });

  it('updates the headline price from the live ticker', async () => {
    useCoinBackend();
    const stream = new FakeLiveStream();
    renderApp({ path: '/coins/BTC-USDT', stream });
    expect(await screen.findByTestId('coin-price')).toHaveTextContent('43,000.00');
    await waitFor(() => expect(stream.symbols).toContain('BTC/USDT'));
    act(() => stream.emit('ticker', { symbol: 'BTC/USDT', price: 43555.5, change24h: 2, volume24h: 1, timestamp: new Date(now + 1000).toISOString(), source: 'replay' }));
    await waitFor(() => expect(screen.getByTestId('coin-price')).toHaveTextContent('43,555.50'));
  });

  it('draws candles and applies a live candle as an update, not a redraw', async () => {
    useCoinBackend();
    chartLog.series.length = 0;
    const stream = new FakeLiveStream();
    renderApp({ path: '/coins/BTC-USDT', stream });
    await screen.findByTestId('candle-chart');
    await waitFor(() => expect(chartLog.series.at(-1)?.data).toHaveLength(24));
    const series = chartLog.series.at(-1)!;
    const candle = { openTime: new Date(now + hour).toISOString(), open: 43023, high: 43100, low: 43000, close: 43090, volume: 1 };
    act(() => stream.emit('candle', { symbol: 'BTC/USDT', timeframe: '1h', candle }));
    await waitFor(() => expect(series.updates).toEqual([{ time: (now + hour) / 1000, open: 43023, high: 43100, low: 43000, close: 43090 }]));
    expect(series.data).toHaveLength(24);
  });
});
