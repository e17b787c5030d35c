import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import type { Overview } from './api/overview';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const overview: Overview = {
  generatedAt: hoursAgo(0),
  markets: 3,
  movers: [
    { window: '1h', gainers: [], losers: [] },
    {
      window: '24h',
      gainers: [
        { symbol: 'SOL/USDT', base: 'SOL', price: 50, changePct: 25 },
        { symbol: 'BTC/USDT', base: 'BTC', price: 110_000, changePct: 10 },
      ],
      losers: [{ symbol: 'ETH/USDT', base: 'ETH', price: 3_800, changePct: -5 }],
    },
    { window: '7d', gainers: [{ symbol: 'BTC/USDT', base: 'BTC', price: 110_000, changePct: 37.5 }], losers: [] },
  ],
  widestRanges: [{ symbol: 'ETH/USDT', base: 'ETH', lastPrice: 3_800, low: 3_420, high: 4_180, rangePct: 20, originTime: hoursAgo(1) }],
  widenedRanges: [{ symbol: 'BTC/USDT', base: 'BTC', rangePct: 10, previousRangePct: 6, widenedBy: 4 }],
  breadth: { up: 2, down: 1, flat: 0, total: 3, upShare: 2 / 3 },
};

const news = {
  symbol: null,
  coin: null,
  feedsConfigured: 2,
  hint: null,
  items: [
    {
      id: 'n1',
      title: 'Bitcoin climbs to a record',
      link: 'https://news.example.com/bitcoin-record',
      source: 'Crypto Wire',
      summary: 'Prices rose.',
      publishedAt: hoursAgo(3),
      coins: ['BTC'],
    },
  ],
};

describe('overview page', () => {
  it('shows breadth, movers per period, expected ranges and the latest news in words', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${API}/overview`, () => HttpResponse.json(overview)),
      http.get(`${API}/news`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(news);
      }),
    );
    renderApp({ path: '/overview' });
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(await screen.findByText(/Most markets are up: 2 of 3 rose over the last 24 hours \(67\s?%\)/)).toBeInTheDocument();

    const movers = screen.getByRole('region', { name: 'Top movers' });
    expect(within(movers).getByText('SOL')).toBeInTheDocument();
    expect(within(movers).getByText(/\+25\.00\s?%/)).toBeInTheDocument();
    expect(within(movers).getByText(/−5\.00\s?%|-5\.00\s?%/)).toBeInTheDocument();
    await userEvent.click(within(movers).getByRole('button', { name: '1h' }));
    expect(within(movers).getByText('No market rose over the last hour.')).toBeInTheDocument();
    await userEvent.click(within(movers).getByRole('button', { name: '7d' }));
    expect(within(movers).getByText(/\+37\.50\s?%/)).toBeInTheDocument();

    const widest = screen.getByRole('region', { name: 'Widest expected range' });
    expect(within(widest).getByText('ETH')).toBeInTheDocument();
    expect(within(widest).getByText(/±10\.0\s?%/)).toBeInTheDocument();
    const widened = screen.getByRole('region', { name: 'Uncertainty rising' });
    expect(within(widened).getByText('+4.0 points')).toBeInTheDocument();

    const story = await screen.findByRole('link', { name: 'Bitcoin climbs to a record' });
    expect(story).toHaveAttribute('href', 'https://news.example.com/bitcoin-record');
    expect(story).toHaveAttribute('target', '_blank');
    expect(story).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText('3 hours ago')).toBeInTheDocument();
    expect(asked).toEqual(['?limit=8']);
    // No raw timestamps or URLs on the page.
    expect(document.body.textContent).not.toMatch(ISO);
    expect(document.body.textContent).not.toContain('https://news.example.com');
    expect(screen.getByRole('link', { name: 'Overview' })).toHaveAttribute('href', '/overview');
  }, 15_000);

  it('says how to add news feeds when none is configured', async () => {
    server.use(http.get(`${API}/overview`, () => HttpResponse.json(overview)));
    renderApp({ path: '/overview' });
    expect(await screen.findByText('No news sources yet')).toBeInTheDocument();
    expect(screen.getByText(/NEWS_FEEDS=https:\/\//)).toBeInTheDocument();
  });
});

describe('coin page news', () => {
  it('lists the stories about the coin of the page', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${API}/news`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('symbol') ?? '');
        return HttpResponse.json({ ...news, symbol: 'BTC/USDT', coin: 'BTC' });
      }),
      http.get(`${API}/markets/:symbol/ticker`, () =>
        HttpResponse.json({ symbol: 'BTC/USDT', price: '110000', change24h: 1, volume24h: '10', timestamp: hoursAgo(0), source: 'replay' }),
      ),
      http.get(`${API}/forecasts/:symbol`, () => apiError(404, 'No forecast yet for BTC/USDT')),
    );
    renderApp({ path: '/coins/BTC-USDT' });
    expect(await screen.findByRole('heading', { name: 'News about BTC' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Bitcoin climbs to a record' })).toBeInTheDocument();
    expect(asked).toContain('BTC/USDT');
  });
});
