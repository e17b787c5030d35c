import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { chartLog } from '../../../test/fake-charts';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import type { StrategyReport, StrategyResult } from './api/strategy';
import { readinessSentence, verdictSentence } from './model/words';

const metrics = (key: StrategyResult['key'], label: string, m: Partial<StrategyResult>): StrategyResult => ({
  key,
  label,
  description: `${label} rule`,
  cagr: 0,
  totalReturn: 0,
  volatility: 0.5,
  sharpe: 0.5,
  sortino: 0.7,
  maxDrawdown: 0.3,
  turnover: 1,
  trades: 1,
  exposureShare: 1,
  averageExposure: 1,
  costs: 0.0015,
  ...m,
});

const ready: StrategyReport = {
  symbol: 'BTC/USDT',
  horizon: '24h',
  status: 'ready',
  marketTime: '2026-12-02T10:00:00.000Z',
  decisions: 120,
  requiredDecisions: 30,
  readyAt: null,
  from: '2026-08-04T00:00:00.000Z',
  to: '2026-12-02T00:00:00.000Z',
  costs: { feeBp: 10, slippageBp: 5 },
  settings: { targetVol: 0.5, maxExposure: 1, upThreshold: 0.5, rebalanceBand: 0.05 },
  strategies: [
    metrics('vol-target', 'Volatility-targeted', { cagr: 0.081, sharpe: 0.41, maxDrawdown: 0.22, turnover: 28.4, trades: 95, averageExposure: 0.8 }),
    metrics('direction', 'Direction signal', { cagr: 0, sharpe: null, sortino: null, volatility: 0, maxDrawdown: 0, turnover: 0, trades: 0, exposureShare: 0 }),
    metrics('buy-and-hold', 'Buy and hold', { cagr: 0.154, sharpe: 0.62, maxDrawdown: 0.31 }),
  ],
  verdicts: [
    { key: 'vol-target', beatsOnReturn: false, beatsOnSharpe: false, sentence: '…' },
    { key: 'direction', beatsOnReturn: false, beatsOnSharpe: false, sentence: '…' },
  ],
  equity: [
    { time: '2026-08-04T00:00:00.000Z', volTarget: 1, direction: 1, buyAndHold: 1 },
    { time: '2026-12-02T00:00:00.000Z', volTarget: 1.027, direction: 1, buyAndHold: 1.05 },
  ],
};

describe('strategy page', () => {
  beforeEach(() => {
    chartLog.series.length = 0;
  });

  it('shows the table, the equity curves and says plainly that trading earned less than holding', async () => {
    let asked = '';
    server.use(
      http.get(`${API}/strategy`, ({ request }) => {
        asked = new URL(request.url).search;
        return HttpResponse.json(ready);
      }),
    );
    renderApp({ path: '/strategy?symbol=BTC-USDT' });
    const verdict = await screen.findByTestId('strategy-verdict');
    expect(verdict).toHaveTextContent(
      'Trading on the forecasts would have earned less than holding: the volatility target +8.10% a year and the direction signal 0.00% a year, against +15.40% a year for holding the coin, after fees and slippage.',
    );
    expect(asked).toBe('?symbol=BTC%2FUSDT&horizon=24h');
    expect(screen.getByText(/The direction signal never bought/)).toBeInTheDocument();
    expect(screen.getByText(/The volatility target also earned less for the risk it took \(Sharpe 0\.41 against 0\.62\)/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Strategy results after fees and slippage' });
    const row = within(table).getByRole('row', { name: /Volatility target/ });
    expect(row).toHaveTextContent('+8.10%');
    expect(row).toHaveTextContent(/[-−]22.00%/);
    expect(row).toHaveTextContent('28×');
    expect(within(table).getByRole('row', { name: /Direction signal/ })).toHaveTextContent('—');
    // Three curves, buy-and-hold first, each with every point.
    expect(chartLog.series).toHaveLength(3);
    expect(chartLog.series.every((s) => s.data.length === 2)).toBe(true);
    // No raw keys or ISO strings for the reader.
    expect(document.body.textContent).not.toMatch(/vol-target|buy-and-hold|2026-08-04T/);
  });

  it('asks again when the reader switches to hourly decisions', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${API}/strategy`, ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.searchParams.get('horizon')!);
        return HttpResponse.json({ ...ready, horizon: url.searchParams.get('horizon') });
      }),
    );
    renderApp({ path: '/strategy?symbol=BTC-USDT' });
    await screen.findByTestId('strategy-verdict');
    await userEvent.click(screen.getByRole('button', { name: 'Hourly' }));
    await screen.findByText(/made every hour, from the 1-hour forecast/);
    expect(asked).toEqual(['24h', '1h']);
  });

  it('has an empty state that says how long until there are enough served forecasts', async () => {
    server.use(
      http.get(`${API}/strategy`, () =>
        HttpResponse.json({ ...ready, status: 'insufficient', decisions: 5, readyAt: '2026-12-27T10:00:00.000Z', strategies: [], verdicts: [], equity: [] }),
      ),
    );
    renderApp({ path: '/strategy' });
    expect(await screen.findByText('Not enough forecasts yet')).toBeInTheDocument();
    expect(
      screen.getByText(/The test needs 30 daily forecasts whose outcome is known; 5 have been served so far\. There will be enough in about 25 days/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the server’s message when the coin is unknown', async () => {
    server.use(http.get(`${API}/strategy`, () => apiError(404, "Unknown market symbol 'NOPE/USDT'; GET /api/v1/markets lists the tracked ones")));
    renderApp({ path: '/strategy?symbol=NOPE-USDT' });
    expect(await screen.findByText(/Unknown market symbol/)).toBeInTheDocument();
  });

  it('the menu links to the page', async () => {
    server.use(http.get(`${API}/strategy`, () => HttpResponse.json(ready)));
    renderApp({ path: '/' });
    expect(await screen.findByRole('link', { name: 'Strategy' })).toHaveAttribute('href', '/strategy');
  });
});

describe('strategy words', () => {
  it('says when a strategy earned more than holding, and names the one that did not', () => {
    const won = { ...ready, strategies: ready.strategies.map((s) => (s.key === 'vol-target' ? { ...s, cagr: 0.2 } : s)) };
    expect(verdictSentence(won, 'en-GB')).toBe(
      'Trading on the forecasts would have earned more than holding with the volatility target +20.00% a year, against +15.40% a year for holding, after fees and slippage; the direction signal 0.00% a year earned less.',
    );
  });

  it('counts one forecast in the singular', () => {
    expect(readinessSentence({ ...ready, status: 'insufficient', decisions: 1, readyAt: '2026-12-31T10:00:00.000Z' }, 'en-GB')).toMatch(
      /1 has been served so far/,
    );
  });
});
