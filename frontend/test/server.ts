import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

export const API = 'http://localhost:3000/api/v1';

export const testUser = { id: 'u1', email: 'ada@example.com', isAdmin: false, createdAt: '2026-01-01T00:00:00.000Z' };

export const marketsFixture = {
  source: 'replay' as const,
  exchange: 'binance',
  markets: [
    // BTC in the backend's wire format (decimal strings, lastUpdate), ADA as plain numbers: both must work.
    { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', price: '43123.45', change24h: 1.5, volume24h: '1234567', lastUpdate: '2026-01-01T00:00:00.000Z' },
    { symbol: 'ADA/USDT', base: 'ADA', quote: 'USDT', price: 0.4512, change24h: -2.25, volume24h: 98765432, updatedAt: '2026-01-01T00:00:00.000Z' },
  ],
};

export function apiError(statusCode: number, message: string, details?: string[]) {
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity' }[statusCode] ?? 'Error';
  return HttpResponse.json({ statusCode, error, message, ...(details ? { details } : {}) }, { status: statusCode });
}

export const notificationSettingsFixture = {
  email: { address: 'ada@example.com', verified: true, enabled: true, paused: false, sending: true },
  telegram: { available: false, linked: false, paused: false },
  defaultChannels: [] as string[],
  quietStart: null,
  quietEnd: null,
  timeZone: 'UTC',
  hourlyCap: 20,
};

/** The happy-path contract every signed-in page needs; tests override single endpoints with server.use(). */
export const defaultHandlers = [
  http.get(`${API}/auth/me`, () => HttpResponse.json(testUser)),
  // The portfolio page's forecast section: nothing to forecast unless a test says otherwise.
  http.get(`${API}/portfolios/:id/forecast`, () =>
    HttpResponse.json({ baseCurrency: 'USD', asOf: '2026-01-01T00:00:00.000Z', value: 0, riskless: 0, cash: [], excluded: [], horizons: [] }),
  ),
  http.get(`${API}/markets`, () => HttpResponse.json(marketsFixture)),
  // The markets table's stars: nothing starred unless a test says otherwise.
  http.get(`${API}/watchlist`, () => HttpResponse.json({ symbols: [] })),
  http.get(`${API}/markets/:symbol/candles`, ({ params }) =>
    HttpResponse.json({
      symbol: String(params.symbol).replace('-', '/'),
      timeframe: '1h',
      candles: [1, 2, 3].map((i) => ({
        openTime: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        open: String(i),
        high: String(i + 1),
        low: String(i - 0.5),
        close: String(i + 0.5),
        volume: '10',
      })),
    }),
  ),
  http.get(`${API}/forecasts`, () => HttpResponse.json([])),
  // The coin page's news section: no feeds configured unless a test says otherwise.
  http.get(`${API}/news`, () => HttpResponse.json({ symbol: null, coin: null, feedsConfigured: 0, hint: 'Set NEWS_FEEDS', items: [] })),
  http.get(`${API}/notifications`, () => HttpResponse.json({ unread: 0, items: [] })),
  http.get(`${API}/notifications/settings`, () => HttpResponse.json(notificationSettingsFixture)),
];

export const server = setupServer(...defaultHandlers);
