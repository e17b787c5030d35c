import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeLiveStream } from '../../lib/live-stream';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { fieldErrorsFromApi, validateTransaction, emptyDraft, toTransactionInput } from './model/transaction-form';

const portfolio = { id: 'p1', name: 'Long term', baseCurrency: 'USD', costBasisMethod: 'average', cashMode: 'off' };

/** A tiny in-memory portfolio backend: transactions posted are reflected in holdings. */
function usePortfolioBackend() {
  const transactions: Record<string, unknown>[] = [];
  const posted: Record<string, unknown>[] = [];
  server.use(
    http.get(`${API}/portfolios`, () => HttpResponse.json([portfolio])),
    http.get(`${API}/portfolios/p1`, () => HttpResponse.json(portfolio)),
    http.get(`${API}/portfolios/p1/transactions`, () => HttpResponse.json(transactions)),
    http.get(`${API}/portfolios/p1/performance`, () => HttpResponse.json({ series: [], twr: 0.1234, irr: null })),
    http.get(`${API}/portfolios/p1/holdings`, () => {
      const quantity = transactions.reduce((sum, tx) => sum + Number(tx.quantity), 0);
      const cost = transactions.reduce((sum, tx) => sum + Number(tx.quantity) * Number(tx.price), 0);
      const value = quantity * 50000;
      return HttpResponse.json({
        baseCurrency: 'USD',
        totalValue: value.toFixed(2),
        totalCost: cost.toFixed(2),
        unrealizedPnl: (value - cost).toFixed(2),
        realizedPnl: '0.00',
        holdings: quantity
          ? [
              {
                asset: 'BTC',
                kind: 'crypto',
                priceSource: 'market',
                quantity: String(quantity),
                averageCost: (cost / quantity).toFixed(2),
                costBasis: cost.toFixed(2),
                price: '50000.00',
                value: value.toFixed(2),
                unrealizedPnl: (value - cost).toFixed(2),
                realizedPnl: '0.00',
                allocationPct: 100,
              },
            ]
          : [],
      });
    }),
    http.post(`${API}/portfolios/p1/transactions`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      posted.push(body);
      if (Number(body.quantity) > 1000) return apiError(400, 'Validation failed', ['quantity exceeds the maximum of 1000', 'portfolio is locked']);
      transactions.push({ ...body, id: `t${transactions.length + 1}` });
      return HttpResponse.json(transactions.at(-1), { status: 201 });
    }),
  );
  return { posted };
}

describe('transaction form', () => {
  it('shows inline validation errors and does not call the API', async () => {
    const backend = usePortfolioBackend();
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add transaction' });
    await user.type(within(form).getByLabelText('Quantity'), 'abc');
    await user.click(within(form).getByRole('button', { name: 'Add transaction' }));
    expect(await within(form).findByText(/Enter a number such as 0.5/)).toBeInTheDocument();
    expect(within(form).getByText(/Enter the price per coin/)).toBeInTheDocument();
    expect(within(form).getByLabelText('Quantity')).toHaveAttribute('aria-invalid', 'true');
    expect(backend.posted).toHaveLength(0);
  });

  it('adds a buy and shows the holding value', async () => {
    const backend = usePortfolioBackend();
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add transaction' });
    expect(await screen.findByText('Nothing held yet')).toBeInTheDocument();
    await user.type(within(form).getByLabelText('Quantity'), '0.5');
    await user.type(within(form).getByLabelText(/Price per coin/), '40000');
    await user.click(within(form).getByRole('button', { name: 'Add transaction' }));
    await waitFor(() => expect(screen.getByTestId('total-value')).toHaveTextContent('$25,000.00'));
    expect(backend.posted[0]).toMatchObject({ type: 'buy', asset: 'BTC', quantity: '0.5', price: '40000' });
    expect(String(backend.posted[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
    const holdings = screen.getByRole('table', { name: 'Holdings' });
    expect(within(holdings).getByText('$20,000.00')).toBeInTheDocument(); // cost basis
    expect(screen.getByText('+12.34%')).toBeInTheDocument(); // TWR
  });

  it('puts API validation details next to the matching field and the rest above the button', async () => {
    usePortfolioBackend();
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add transaction' });
    await user.type(within(form).getByLabelText('Quantity'), '5000');
    await user.type(within(form).getByLabelText(/Price per coin/), '1');
    await user.click(within(form).getByRole('button', { name: 'Add transaction' }));
    expect(await within(form).findByText('quantity exceeds the maximum of 1000')).toHaveAttribute('id', expect.stringMatching(/quantity-error$/));
    expect(within(form).getByText('portfolio is locked')).toBeInTheDocument();
  });
});

describe('live valuation', () => {
  it('applies the socket portfolio event to the holdings without refetching', async () => {
    usePortfolioBackend();
    let holdingsRequests = 0;
    server.use(
      http.get(`${API}/portfolios/p1/holdings`, () => {
        holdingsRequests += 1;
        return HttpResponse.json({
          baseCurrency: 'USD',
          totalValue: '25000.00',
          totalCost: '20000.00',
          unrealizedPnl: '5000.00',
          realizedPnl: '0.00',
          holdings: [
            {
              asset: 'BTC',
              quantity: '0.5',
              averageCost: '40000',
              costBasis: '20000.00',
              price: '50000',
              value: '25000.00',
              unrealizedPnl: '5000.00',
              realizedPnl: '0.00',
              allocationPct: 100,
            },
          ],
        });
      }),
    );
    const stream = new FakeLiveStream();
    renderApp({ path: '/portfolios/p1', stream });
    await waitFor(() => expect(screen.getByTestId('total-value')).toHaveTextContent('$25,000.00'));
    act(() =>
      stream.emit('portfolio', {
        portfolioId: 'p1',
        baseCurrency: 'USD',
        totalValue: '26000.00',
        totalCost: '20000.00',
        unrealizedPnl: '6000.00',
        realizedPnl: '0.00',
        holdings: [
          {
            asset: 'BTC',
            quantity: '0.5',
            averageCost: '40000',
            costBasis: '20000.00',
            price: '52000',
            value: '26000.00',
            unrealizedPnl: '6000.00',
            realizedPnl: '0.00',
            allocationPct: 100,
          },
        ],
      }),
    );
    await waitFor(() => expect(screen.getByTestId('total-value')).toHaveTextContent('$26,000.00'));
    expect(within(screen.getByRole('table', { name: 'Holdings' })).getByText('$52,000.00')).toBeInTheDocument();
    // events for other portfolios are ignored
    act(() => stream.emit('portfolio', { portfolioId: 'other', totalValue: '1.00' }));
    expect(screen.getByTestId('total-value')).toHaveTextContent('$26,000.00');
    expect(holdingsRequests).toBe(1);
  });
});

describe('CSV import', () => {
  it('previews with a dry run, lists row errors, then imports', async () => {
    usePortfolioBackend();
    const calls: { dryRun: boolean; preset: string }[] = [];
    server.use(
      http.post(`${API}/portfolios/p1/import`, async ({ request }) => {
        const body = (await request.json()) as { dryRun: boolean; preset: string; csv: string };
        calls.push({ dryRun: body.dryRun, preset: body.preset });
        return HttpResponse.json(
          body.dryRun
            ? { total: 3, toAdd: 1, duplicates: 1, errors: [{ line: 3, message: 'quantity is not a number' }] }
            : { total: 3, toAdd: 1, duplicates: 1, errors: [], added: 1 },
        );
      }),
    );
    renderApp({ path: '/portfolios/p1' });
    const user = userEvent.setup();
    const textarea = await screen.findByLabelText('…or paste CSV');
    await user.type(textarea, 'type,time,asset{enter}buy,2026-01-01,BTC');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('import-preview');
    expect(preview).toHaveTextContent('3 rows read: 1 to add, 1 already present (skipped), 1 with errors');
    expect(preview).toHaveTextContent('Line 3: quantity is not a number');
    await user.click(screen.getByRole('button', { name: 'Import 1 rows' }));
    expect(await screen.findByText('Imported 1 transactions.')).toBeInTheDocument();
    expect(calls).toEqual([
      { dryRun: true, preset: 'coincast' },
      { dryRun: false, preset: 'coincast' },
    ]);
  });
});

describe('transaction validation (pure)', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('requires a counterparty for transfers and a fee currency with a fee', () => {
    const errors = validateTransaction({ ...emptyDraft(now), type: 'transfer_in', quantity: '1', feeAmount: '0.1' }, now);
    expect(errors.counterpartyPortfolioId).toBeDefined();
    expect(errors.feeCurrency).toBeDefined();
    expect(errors.price).toBeUndefined(); // transfers need no price
  });
  it('rejects future times and zero quantities', () => {
    const errors = validateTransaction({ ...emptyDraft(now), time: '2030-01-01T00:00', quantity: '0', price: '1' }, now);
    expect(errors.time).toMatch(/future/);
    expect(errors.quantity).toMatch(/more than zero/);
  });
  it('leaves an empty price out (the API then uses the market price) instead of sending a zero cost', () => {
    const draft = { ...emptyDraft(now), type: 'deposit' as const, quantity: '1', time: '2026-05-01T10:00' };
    expect(toTransactionInput(draft)).not.toHaveProperty('price');
    expect(toTransactionInput({ ...draft, price: '0' }).price).toBe('0');
  });
  it('maps API details by their leading property name', () => {
    expect(fieldErrorsFromApi(['price must be positive', 'quantityX nope', 'something else'])).toEqual({
      fields: { price: 'price must be positive' },
      other: ['quantityX nope', 'something else'],
    });
  });
});
