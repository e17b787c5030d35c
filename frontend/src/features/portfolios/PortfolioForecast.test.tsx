import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';

const portfolio = { id: 'p1', name: 'Long term', baseCurrency: 'USD', costBasisMethod: 'average' };

const horizon = (h: '24h' | '7d' | '30d', spread: number) => ({
  horizon: h,
  targetTime: '2025-06-08T12:00:00.000Z',
  low90: 10_000 - 1.3 * spread,
  low80: 10_000 - spread,
  median: 10_000,
  high80: 10_000 + spread,
  high90: 10_000 + 1.3 * spread,
  valueAtRisk95: 1.3 * spread,
  expectedShortfall95: 1.7 * spread,
  scenarios: 1095,
  dependence: 'historical',
  contributions: [
    { asset: 'BTC', value: 6_000, expectedShortfall: 0.55 * 1.7 * spread, share: 0.55, basis: 'forecast' },
    { asset: 'XTZ', value: 2_000, expectedShortfall: 0.45 * 1.7 * spread, share: 0.45, basis: 'history' },
  ],
});

const forecast = {
  baseCurrency: 'USD',
  asOf: '2025-06-01T12:00:00.000Z',
  value: 10_000,
  riskless: 2_000,
  cash: [{ asset: 'USDC', value: 2_000 }],
  excluded: [{ asset: 'PEPE', value: null, reason: 'no price' }],
  horizons: [horizon('24h', 300), horizon('7d', 900), horizon('30d', 1_800)],
};

function backend(body: object) {
  server.use(
    http.get(`${API}/portfolios`, () => HttpResponse.json([portfolio])),
    http.get(`${API}/portfolios/p1`, () => HttpResponse.json(portfolio)),
    http.get(`${API}/portfolios/p1/transactions`, () => HttpResponse.json([])),
    http.get(`${API}/portfolios/p1/performance`, () => HttpResponse.json({ series: [], twr: 0, irr: null })),
    http.get(`${API}/portfolios/p1/holdings`, () =>
      HttpResponse.json({ baseCurrency: 'USD', totalValue: '10000', totalCost: '9000', unrealizedPnl: '1000', realizedPnl: '0', holdings: [] }),
    ),
    http.get(`${API}/portfolios/p1/forecast`, () => HttpResponse.json(body)),
  );
}

describe('portfolio forecast', () => {
  it('says the 7-day range in words, draws the fan, and shows each holding’s share of the risk', async () => {
    backend(forecast);
    renderApp({ path: '/portfolios/p1' });
    expect(await screen.findByTestId('forecast-sentence')).toHaveTextContent(
      'In 7 days your portfolio is likely (80 %) to be worth between $9,100 and $10,900.',
    );
    const section = screen.getByRole('region', { name: 'Forecast' });
    expect(
      within(section).getByText(/In a bad week \(1 in 20\) you could lose \$1,170 or more; in those weeks the loss averages \$1,530\./),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('img', { name: /Fan chart: the likely range widens from \$10,000 now to between \$8,200 and \$11,800 in 30 days/ }),
    ).toBeInTheDocument();
    const rows = within(within(section).getByRole('table', { name: 'Forecast of the portfolio value' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('In 24 hours$9,700 – $10,300$9,610 – $10,390$390$510');
    const shares = within(within(section).getByRole('list', { name: 'Share of the risk' })).getAllByRole('listitem');
    expect(shares.map((li) => li.textContent)).toEqual(['BTC: 55 % of the risk ($6,000 held)', 'XTZ: 45 % of the risk ($2,000 held)']);
    expect(section).toHaveTextContent('Cash and stablecoins ($2,000) are counted at their value, without risk.');
    expect(section).toHaveTextContent('No forecast is published for XTZ: its past price moves stand in.');
    expect(section).toHaveTextContent('Not in the forecast: PEPE (no price is known).');
    // Words for investors: no internal names.
    expect(section.textContent).not.toMatch(/comonotonic|historical|no price'|2025-06/);
  });

  it('says so when there is nothing to forecast', async () => {
    backend({ ...forecast, value: 0, riskless: 0, cash: [], excluded: [], horizons: [] });
    renderApp({ path: '/portfolios/p1' });
    expect(await screen.findByText('Nothing to forecast yet')).toBeInTheDocument();
  });
});
