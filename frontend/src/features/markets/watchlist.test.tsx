import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';

const symbolsInTable = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-symbol'));

describe('watchlist on the markets table', () => {
  it('stars a coin, filters the table to the watchlist, and unstars it', async () => {
    let starred: string[] = ['ADA/USDT'];
    const calls: string[] = [];
    server.use(
      http.get(`${API}/watchlist`, () => HttpResponse.json({ symbols: starred })),
      http.put(`${API}/watchlist/:symbol`, ({ params }) => {
        calls.push(`PUT ${String(params.symbol)}`);
        starred = [...starred, String(params.symbol).replace('-', '/')];
        return HttpResponse.json({ symbols: starred });
      }),
      http.delete(`${API}/watchlist/:symbol`, ({ params }) => {
        calls.push(`DELETE ${String(params.symbol)}`);
        starred = starred.filter((s) => s !== String(params.symbol).replace('-', '/'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp();
    const user = userEvent.setup();
    await screen.findByTestId('price-BTC/USDT');
    const adaStar = await screen.findByRole('button', { name: 'Remove ADA from your watchlist' });
    expect(adaStar).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('checkbox', { name: 'Watchlist only' }));
    expect(symbolsInTable()).toEqual(['ADA/USDT']);
    await user.click(screen.getByRole('checkbox', { name: 'Watchlist only' }));
    expect(symbolsInTable()).toEqual(['ADA/USDT', 'BTC/USDT']);

    await user.click(screen.getByRole('button', { name: 'Add BTC to your watchlist' }));
    await waitFor(() => expect(calls).toEqual(['PUT BTC-USDT']));
    expect(await screen.findByRole('button', { name: 'Remove BTC from your watchlist' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Remove ADA from your watchlist' }));
    await waitFor(() => expect(calls).toEqual(['PUT BTC-USDT', 'DELETE ADA-USDT']));
    await user.click(screen.getByRole('checkbox', { name: 'Watchlist only' }));
    await waitFor(() => expect(symbolsInTable()).toEqual(['BTC/USDT']));
  });

  it('says how to fill an empty watchlist', async () => {
    renderApp();
    const user = userEvent.setup();
    await screen.findByTestId('price-BTC/USDT');
    await user.click(screen.getByRole('checkbox', { name: 'Watchlist only' }));
    expect(screen.getByText('Your watchlist is empty')).toBeInTheDocument();
  });

  it('puts the star back when the server refuses', async () => {
    server.use(http.put(`${API}/watchlist/:symbol`, () => apiError(404, "Unknown market symbol 'BTC-USDT'")));
    renderApp();
    const user = userEvent.setup();
    await screen.findByTestId('price-BTC/USDT');
    const table = screen.getByRole('table', { name: 'Markets' });
    await user.click(within(table).getByRole('button', { name: 'Add BTC to your watchlist' }));
    await waitFor(() => expect(within(table).getByRole('button', { name: 'Add BTC to your watchlist' })).toHaveAttribute('aria-pressed', 'false'));
  });

  it('marks a market whose history is still loading in the table', async () => {
    server.use(
      http.get(`${API}/markets`, () =>
        HttpResponse.json({
          source: 'replay',
          exchange: 'binance',
          forecastMinHistoryDays: 2,
          markets: [
            {
              symbol: 'SOL/USDT',
              base: 'SOL',
              quote: 'USDT',
              price: '150',
              change24h: 1,
              volume24h: '10',
              lastUpdate: '2026-01-01T00:00:00.000Z',
              stage: 'backfilling',
              historyDays: 0,
              backfill: { fetched: 10, expected: 100, percent: 10, etaSeconds: null, error: null },
            },
          ],
        }),
      ),
    );
    renderApp();
    expect(await screen.findByTestId('stage-SOL/USDT')).toHaveTextContent('Loading history 10 %');
  });
});
