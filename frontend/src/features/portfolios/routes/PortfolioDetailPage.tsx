import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../../lib/api-client';
import { direction, formatDateTime, formatMoney, formatQuantity, formatRatioAsPercent } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { useApi } from '../../../lib/services';
import { ChartBoundary, EmptyState, ErrorState, FormError, Loading } from '../../../lib/ui';
import {
  downloadExport,
  useDeletePortfolio,
  useDeleteTransaction,
  useHoldings,
  usePerformance,
  usePortfolio,
  usePortfolios,
  useTransactions,
  type PerformanceRange,
  type Portfolio,
  type Transaction,
} from '../api/portfolios';
import { AllocationChart } from '../components/AllocationChart';
import { CashModeSetting } from '../components/CashModeSetting';
import { ImportPanel } from '../components/ImportPanel';
import { PerformanceChart } from '../components/PerformanceChart';
import { PortfolioForecast } from '../components/PortfolioForecast';
import { RebalancePanel } from '../components/RebalancePanel';
import { TransactionForm } from '../components/TransactionForm';
import { kindLabel, priceNote } from '../model/cash';
import { TRANSACTION_TYPE_LABELS } from '../model/transaction-form';

const RANGES: PerformanceRange[] = ['1D', '1W', '1M', 'YTD', '1Y', 'ALL'];

function Stat({ label, value, tone, testId }: { label: string; value: string; tone?: string; testId?: string }) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div className={`value ${tone ?? ''}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function HoldingsSection({ portfolio }: { portfolio: Portfolio }) {
  const locale = useLocale();
  const holdings = useHoldings(portfolio.id);
  if (holdings.isPending) return <Loading label="Valuing holdings…" />;
  if (holdings.isError) return <ErrorState error={holdings.error} onRetry={() => holdings.refetch()} />;
  const data = holdings.data;
  const money = (value: string | null) => formatMoney(value, data.baseCurrency, locale);
  return (
    <section aria-labelledby="holdings-title">
      <div className="stats">
        <Stat label="Value" value={money(data.totalValue)} testId="total-value" />
        <Stat label="Cost" value={money(data.totalCost)} />
        <Stat label="Unrealised P&L" value={money(data.unrealizedPnl)} tone={direction(data.unrealizedPnl)} />
        <Stat label="Realised P&L" value={money(data.realizedPnl)} tone={direction(data.realizedPnl)} />
      </div>
      <h2 id="holdings-title">Holdings</h2>
      {data.holdings.length === 0 ? (
        <EmptyState title="Nothing held yet">Add a buy or a deposit below to see it valued here.</EmptyState>
      ) : (
        <>
          <AllocationChart holdings={data.holdings} locale={locale} />
          <div className="table-wrap">
            <table aria-label="Holdings">
              <thead>
                <tr>
                  <th scope="col">Coin</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Average cost
                  </th>
                  <th scope="col" className="num">
                    Cost basis
                  </th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col" className="num">
                    Unrealised P&L
                  </th>
                  <th scope="col" className="num">
                    Realised P&L
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.holdings.map((h) => (
                  <tr key={h.asset}>
                    <th scope="row">
                      {h.asset}
                      {h.kind !== 'crypto' && <span className="muted"> · {kindLabel(h.kind)}</span>}
                    </th>
                    <td className="num">{formatQuantity(h.quantity, locale)}</td>
                    <td className="num">{money(h.averageCost)}</td>
                    <td className="num">{money(h.costBasis)}</td>
                    <td className="num">
                      {money(h.price)}
                      {priceNote(h, locale) && <span className={h.priceStale ? 'price-stale' : 'muted'}> ({priceNote(h, locale)})</span>}
                    </td>
                    <td className="num">{money(h.value)}</td>
                    <td className={`num ${direction(h.unrealizedPnl)}`}>{money(h.unrealizedPnl)}</td>
                    <td className={`num ${direction(h.realizedPnl)}`}>{money(h.realizedPnl)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.holdings.some((h) => h.kind === 'stablecoin') && (
            <p className="hint">Stablecoins are valued at their market price where one is tracked, otherwise at par (1 {data.baseCurrency}).</p>
          )}
        </>
      )}
    </section>
  );
}

function PerformanceSection({ portfolioId }: { portfolioId: string }) {
  const locale = useLocale();
  const [range, setRange] = useState<PerformanceRange>('1M');
  const performance = usePerformance(portfolioId, range);
  return (
    <section aria-labelledby="performance-title">
      <div className="page-head">
        <h2 id="performance-title">Performance</h2>
        <div className="segmented" role="group" aria-label="Range">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </div>
      </div>
      {performance.isPending ? (
        <Loading />
      ) : performance.isError ? (
        <ErrorState error={performance.error} onRetry={() => performance.refetch()} />
      ) : (
        <>
          <div className="stats">
            <Stat label="Time-weighted return" value={formatRatioAsPercent(performance.data.twr, locale)} tone={direction(performance.data.twr)} />
            <Stat label="Money-weighted return (IRR)" value={formatRatioAsPercent(performance.data.irr, locale)} tone={direction(performance.data.irr ?? 0)} />
          </div>
          <p className="hint">
            Time-weighted return ignores when you added money; the money-weighted return counts it. The dashed line is what the same money would be worth held
            in BTC.
          </p>
          {performance.data.series.length < 2 ? (
            <p className="muted">Not enough history in this range to draw a chart yet.</p>
          ) : (
            <div className="card">
              <ChartBoundary label="performance chart">
                <PerformanceChart series={performance.data.series} />
              </ChartBoundary>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function TransactionsSection({ portfolio }: { portfolio: Portfolio }) {
  const locale = useLocale();
  const transactions = useTransactions(portfolio.id);
  const all = usePortfolios();
  const remove = useDeleteTransaction(portfolio.id);
  const [editing, setEditing] = useState<Transaction | undefined>();
  const others = (all.data ?? []).filter((p) => p.id !== portfolio.id);
  return (
    <section aria-labelledby="transactions-title">
      <h2 id="transactions-title">{editing ? 'Edit transaction' : 'Add a transaction'}</h2>
      <TransactionForm key={editing?.id ?? 'new'} portfolio={portfolio} otherPortfolios={others} editing={editing} onDone={() => setEditing(undefined)} />
      <h2>Transactions</h2>
      <FormError error={remove.error} />
      {transactions.isPending ? (
        <Loading />
      ) : transactions.isError ? (
        <ErrorState error={transactions.error} onRetry={() => transactions.refetch()} />
      ) : transactions.data.length === 0 ? (
        <EmptyState title="No transactions yet">Use the form above or import a CSV file.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table aria-label="Transactions">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Type</th>
                <th scope="col">Coin</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Fee
                </th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {transactions.data.map((tx) => (
                <tr key={tx.id}>
                  <td>{formatDateTime(tx.time, locale)}</td>
                  <td>{TRANSACTION_TYPE_LABELS[tx.type]}</td>
                  <td>{tx.asset}</td>
                  <td className="num">{formatQuantity(tx.quantity, locale)}</td>
                  <td className="num">{formatMoney(tx.price, portfolio.baseCurrency, locale)}</td>
                  <td className="num">{tx.feeAmount ? `${formatQuantity(tx.feeAmount, locale)} ${tx.feeCurrency ?? ''}` : '—'}</td>
                  <td>{tx.note ?? ''}</td>
                  <td>
                    <button type="button" onClick={() => setEditing(tx)} aria-label={`Edit ${TRANSACTION_TYPE_LABELS[tx.type].toLowerCase()} of ${tx.asset}`}>
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="danger"
                      onClick={() => window.confirm('Delete this transaction?') && remove.mutate(tx.id)}
                      aria-label={`Delete ${TRANSACTION_TYPE_LABELS[tx.type].toLowerCase()} of ${tx.asset}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ExportButtons({ portfolioId }: { portfolioId: string }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const run = (format: 'csv' | 'json', what: 'transactions' | 'holdings') =>
    downloadExport(api, portfolioId, format, what).catch((e: unknown) => setError(errorMessage(e)));
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="toolbar">
        <button type="button" onClick={() => run('csv', 'transactions')}>
          Transactions (CSV)
        </button>
        <button type="button" onClick={() => run('json', 'transactions')}>
          Transactions (JSON)
        </button>
        <button type="button" onClick={() => run('csv', 'holdings')}>
          Holdings (CSV)
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function PortfolioDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const portfolio = usePortfolio(id);
  const remove = useDeletePortfolio();
  if (portfolio.isPending) return <Loading label="Loading portfolio…" />;
  if (portfolio.isError)
    return (
      <main className="page">
        <ErrorState error={portfolio.error} onRetry={() => portfolio.refetch()} />
        <Link to="/portfolios">Back to portfolios</Link>
      </main>
    );
  return (
    <main className="page">
      <p>
        <Link to="/portfolios">← Portfolios</Link>
      </p>
      <div className="page-head">
        <h1>{portfolio.data.name}</h1>
        <button
          type="button"
          className="danger"
          onClick={() =>
            window.confirm(`Delete portfolio "${portfolio.data.name}" and all its transactions?`) &&
            remove.mutate(id, { onSuccess: () => navigate('/portfolios') })
          }
        >
          Delete portfolio
        </button>
      </div>
      <HoldingsSection portfolio={portfolio.data} />
      <PerformanceSection portfolioId={id} />
      <PortfolioForecast portfolioId={id} />
      <RebalancePanel portfolio={portfolio.data} />
      <CashModeSetting portfolio={portfolio.data} />
      <TransactionsSection portfolio={portfolio.data} />
      <ImportPanel portfolioId={id} />
      <ExportButtons portfolioId={id} />
    </main>
  );
}
