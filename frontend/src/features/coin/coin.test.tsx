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
  '0.25': median - spread / 2,
  '0.5': median,
  '0.75': median + spread / 2,
  '0.9': median + spread,
  '0.95': median + 2 * spread,
});
const skill = (scored: number, relPinball: number | null, coverage80: number | null) => ({
  scored,
  relPinball,
  coverage80,
  naiveCoverage80: coverage80 === null ? null : 0.8,
  calibration:
    coverage80 === null
      ? []
      : [
          { nominal: 0.5, observed: 0.45, naive: 0.5 },
          { nominal: 0.8, observed: coverage80, naive: 0.8 },
          { nominal: 0.9, observed: 0.88, naive: 0.9 },
        ],
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
        candles: Array.from({ length: 24 }, (_, i) => ({
          openTime: new Date(now - (23 - i) * hour).toISOString(),
          open: '42900',
          high: '43100',
          low: '42800',
          close: String(43000 + i),
          volume: '5',
        })),
      }),
    ),
    http.get(`${API}/forecasts/BTC-USDT`, () =>
      HttpResponse.json({
        symbol: 'BTC/USDT',
        lastPrice: 43023,
        marketTime: new Date(now + 40 * 60_000).toISOString(),
        horizons: [
          {
            horizon: '1h',
            originTime: new Date(now).toISOString(),
            targetTime: new Date(now + hour).toISOString(),
            lastPrice: 43023,
            point: 43023,
            quantiles: quantiles(43023, 100),
            pointIsNaive: true,
            intervalIsNaive: false,
            probabilityUp: 0.52,
            stale: false,
            modelVersion: 'ensemble-1',
            skill: skill(50, 0.9, 0.78),
            backtest: {
              from: '2026-10-20T00:00:00.000Z',
              to: '2026-12-01T12:00:00.000Z',
              fittedUntil: '2026-10-20T00:00:00.000Z',
              scored: 900,
              relPinball: 0.95,
              coverage80: 0.79,
              naiveCoverage80: 0.77,
              terciles: [
                { coverage80: 0.84, naiveCoverage80: 0.9, origins: 300 },
                { coverage80: 0.8, naiveCoverage80: 0.8, origins: 300 },
                { coverage80: 0.71, naiveCoverage80: 0.6, origins: 300 },
              ],
            },
          },
          {
            horizon: '24h',
            originTime: new Date(now).toISOString(),
            targetTime: new Date(now + 24 * hour).toISOString(),
            lastPrice: 43023,
            point: 43023,
            quantiles: quantiles(43500, 900),
            pointIsNaive: true,
            intervalIsNaive: true,
            probabilityUp: 0.6,
            stale: false,
            modelVersion: 'naive',
            skill: skill(0, null, null),
            backtest: null,
          },
        ],
      }),
    ),
    http.get(`${API}/forecasts/BTC-USDT/history`, () =>
      HttpResponse.json([
        {
          originTime: new Date(now - 3 * hour).toISOString(),
          targetTime: new Date(now - 2 * hour).toISOString(),
          point: 43000,
          p10: 42900,
          p90: 43100,
          actual: 43050,
          naivePoint: 42990,
        },
        {
          originTime: new Date(now - 2 * hour).toISOString(),
          targetTime: new Date(now - hour).toISOString(),
          point: 43000,
          p10: 42950,
          p90: 43050,
          actual: 43200,
          naivePoint: 43010,
        },
        {
          originTime: new Date(now - hour).toISOString(),
          targetTime: new Date(now).toISOString(),
          point: 43000,
          p10: 42950,
          p90: 43050,
          actual: null,
          naivePoint: 43010,
        },
      ]),
    ),
  );
}

describe('coin page', () => {
  it('shows the forecast fan from its origin with 80/90 % bands, the naive point said plainly, and the track record in words and a calibration picture', async () => {
    useCoinBackend();
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByRole('heading', { name: 'BTC/USDT' })).toBeInTheDocument();
    const fan = await screen.findByTestId('forecast-fan');
    expect(within(fan).getByTestId('band80').getAttribute('d')).toMatch(/^M.*Z$/);
    expect(within(fan).getByTestId('band90').getAttribute('d')).toMatch(/^M.*Z$/);
    // Issue 16: bands are what they are (80 % and 90 %), a naive point draws no sloped median line.
    expect(fan).toHaveTextContent('80% range (8 in 10)');
    expect(fan).toHaveTextContent('90% range (9 in 10)');
    expect(fan).not.toHaveTextContent('95%');
    expect(within(fan).queryByTestId('median')).not.toBeInTheDocument();
    expect(screen.getByTestId('forecast-intro')).toHaveTextContent('(40 minutes ago)');
    expect(screen.getByTestId('naive-statement')).toHaveTextContent('Best guess: no change — no model has beaten that; the range is where the value is.');
    expect(screen.queryByTestId('stale-badge')).not.toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Forecasts by horizon' });
    expect(within(table).getByText('42,600.00 – 44,400.00')).toBeInTheDocument(); // 24h 80% range
    expect(within(table).getByText('41,700.00 – 45,300.00')).toBeInTheDocument(); // 24h 90% range
    expect(within(table).getAllByText('no change (43,023.00)')).toHaveLength(2);
    expect(within(table).getByText('60%')).toBeInTheDocument();
    const words = screen.getByTestId('accuracy-words');
    expect(words).toHaveTextContent('50 forecasts 1h ahead reached their target time');
    expect(words).toHaveTextContent('inside the 80% range 78% of the time');
    expect(words).toHaveTextContent('10% better than the "no change" baseline');
    expect(screen.getByTestId('tercile-words')).toHaveTextContent('calm 84%, normal 80%, turbulent 71%');
    expect(screen.getByTestId('calibration-0.8')).toBeInTheDocument();
    const record = await screen.findByRole('table', { name: 'Past 1h forecasts versus what happened' });
    // two matured forecasts (the third has no actual yet): one inside its 80% range, one outside
    expect(within(record).getAllByRole('row')).toHaveLength(3);
    expect(within(record).getByText('yes')).toBeInTheDocument();
    expect(within(record).getByText('no')).toBeInTheDocument();
  });

  it('marks a stale forecast', async () => {
    useCoinBackend();
    server.use(
      http.get(`${API}/forecasts/BTC-USDT`, () =>
        HttpResponse.json({
          symbol: 'BTC/USDT',
          lastPrice: 43023,
          marketTime: new Date(now + 5 * hour).toISOString(),
          horizons: [
            {
              horizon: '1h',
              originTime: new Date(now).toISOString(),
              targetTime: new Date(now + hour).toISOString(),
              lastPrice: 43023,
              point: 43023,
              quantiles: quantiles(43023, 100),
              pointIsNaive: true,
              intervalIsNaive: true,
              probabilityUp: 0.5,
              stale: true,
              modelVersion: 'naive',
              skill: skill(0, null, null),
              backtest: null,
            },
          ],
        }),
      ),
    );
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByTestId('stale-badge')).toHaveTextContent('Out of date');
    expect(screen.getByTestId('forecast-intro')).toHaveTextContent('(5 hours ago)');
  });

  it('updates the headline price from the live ticker', async () => {
    useCoinBackend();
    const stream = new FakeLiveStream();
    renderApp({ path: '/coins/BTC-USDT', stream });
    expect(await screen.findByTestId('coin-price')).toHaveTextContent('43,000.00');
    await waitFor(() => expect(stream.symbols).toContain('BTC/USDT'));
    act(() =>
      stream.emit('ticker', {
        symbol: 'BTC/USDT',
        price: 43555.5,
        change24h: 2,
        volume24h: 1,
        timestamp: new Date(now + 1000).toISOString(),
        source: 'replay',
      }),
    );
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
