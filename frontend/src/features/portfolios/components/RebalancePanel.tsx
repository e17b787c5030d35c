import { useEffect, useState } from 'react';
import { formatMoney, formatPercent, formatQuantity } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { ErrorState, FormError, Loading } from '../../../lib/ui';
import { useApplyRebalance, useRebalancePlan, useSaveTargets, useTargets, type Portfolio, type RebalanceTrade } from '../api/portfolios';
import { targetsProblem } from '../model/cash';

type Row = { asset: string; weightPct: string };

const TRADE_VERBS: Record<RebalanceTrade['type'], string> = { buy: 'Buy', sell: 'Sell', deposit: 'Deposit', withdraw: 'Withdraw' };

/** Target weights, the drift from them, and the suggested trades (with fees) recorded in one click. Opens on demand. */
export function RebalancePanel({ portfolio }: { portfolio: Portfolio }) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="rebalance-title">
      <div className="page-head">
        <h2 id="rebalance-title">Rebalancing</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Target weights and rebalancing'}
        </button>
      </div>
      {open && <RebalanceBody portfolio={portfolio} />}
    </section>
  );
}

function RebalanceBody({ portfolio }: { portfolio: Portfolio }) {
  const locale = useLocale();
  const targets = useTargets(portfolio.id);
  const save = useSaveTargets(portfolio.id);
  const apply = useApplyRebalance(portfolio.id);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [feePct, setFeePct] = useState('0.1');
  const [problem, setProblem] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<number | null>(null);
  const saved = targets.data?.targets ?? [];
  const feeValid = /^\d{1,2}(\.\d{1,4})?$/.test(feePct) && Number(feePct) <= 10;
  const plan = useRebalancePlan(portfolio.id, feeValid ? feePct : '0.1', saved.length > 0);

  useEffect(() => {
    if (targets.data && rows === null) setRows(targets.data.targets.length > 0 ? targets.data.targets : [{ asset: portfolio.baseCurrency, weightPct: '100' }]);
  }, [targets.data, rows, portfolio.baseCurrency]);

  if (targets.isPending || rows === null) return <Loading label="Loading target weights…" />;
  if (targets.isError) return <ErrorState error={targets.error} onRetry={() => targets.refetch()} />;
  const money = (value: string | number) => formatMoney(value, portfolio.baseCurrency, locale);
  const setRow = (index: number, change: Partial<Row>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const total = Math.round(rows.reduce((sum, row) => sum + (Number(row.weightPct) || 0), 0) * 10_000) / 10_000;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = targetsProblem(rows);
    setProblem(found);
    if (found) return;
    save.mutate(rows.map((row) => ({ asset: row.asset.trim().toUpperCase(), weightPct: row.weightPct.trim() })));
  };

  return (
    <>
      <form aria-label="Target weights" onSubmit={submit} noValidate>
        <p className="hint">
          Give each coin (and {portfolio.baseCurrency} for cash) the share of the portfolio you want it to have. The weights must add up to 100 %.
        </p>
        {rows.map((row, index) => (
          <div className="toolbar" key={index}>
            <label>
              Coin {index + 1}
              <input value={row.asset} onChange={(event) => setRow(index, { asset: event.target.value })} maxLength={20} />
            </label>
            <label>
              Target weight (%) {index + 1}
              <input value={row.weightPct} inputMode="decimal" onChange={(event) => setRow(index, { weightPct: event.target.value })} />
            </label>
            <button type="button" onClick={() => setRows(rows.filter((_, i) => i !== index))} aria-label={`Remove ${row.asset || 'row'} ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <p>
          Total: <strong data-testid="targets-total">{total} %</strong>
        </p>
        <div className="toolbar">
          <button type="button" onClick={() => setRows([...rows, { asset: '', weightPct: '0' }])}>
            Add a coin
          </button>
          <button type="submit" disabled={save.isPending}>
            Save target weights
          </button>
        </div>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <FormError error={save.error} />
      </form>

      {saved.length > 0 && (
        <div>
          <label>
            Trading fee (%)
            <input value={feePct} inputMode="decimal" onChange={(event) => setFeePct(event.target.value)} aria-invalid={!feeValid} />
          </label>
          {!feeValid && <p className="form-error">Enter a fee between 0 and 10 %, such as 0.1.</p>}
          {plan.isPending ? (
            <Loading label="Working out the trades…" />
          ) : plan.isError ? (
            <ErrorState error={plan.error} onRetry={() => plan.refetch()} />
          ) : (
            <>
              <p>
                Largest drift from a target: <strong data-testid="max-drift">{formatPercent(plan.data.maxDriftPct, locale).replace('+', '')}</strong> points
              </p>
              <div className="table-wrap">
                <table aria-label="Drift from target weights">
                  <thead>
                    <tr>
                      <th scope="col">Coin</th>
                      <th scope="col" className="num">
                        Value
                      </th>
                      <th scope="col" className="num">
                        Now
                      </th>
                      <th scope="col" className="num">
                        Target
                      </th>
                      <th scope="col" className="num">
                        Drift
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.data.rows.map((row) => (
                      <tr key={row.asset}>
                        <th scope="row">{row.asset}</th>
                        <td className="num">{money(row.value)}</td>
                        <td className="num">{formatPercent(row.currentPct, locale).replace('+', '')}</td>
                        <td className="num">{formatPercent(row.targetPct, locale).replace('+', '')}</td>
                        <td className="num">{formatPercent(row.driftPct, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {plan.data.trades.length === 0 ? (
                <p className="muted">The portfolio is on target: no trades needed.</p>
              ) : (
                <>
                  <h3>Suggested trades</h3>
                  <ul aria-label="Suggested trades">
                    {plan.data.trades.map((trade, index) => (
                      <li key={index}>
                        {TRADE_VERBS[trade.type]} {formatQuantity(trade.quantity, locale)} {trade.asset}
                        {trade.type === 'buy' || trade.type === 'sell' ? ` at ${money(trade.price)} (fee ${money(trade.fee)})` : ''}
                      </li>
                    ))}
                  </ul>
                  <p>
                    Fees in all: {money(plan.data.totalFees)}.{' '}
                    {plan.data.cashMode === 'linked'
                      ? `Sales pay into and purchases come out of your ${plan.data.baseCurrency} balance.`
                      : 'Sales come first; their proceeds pay for the purchases.'}
                  </p>
                  <button
                    type="button"
                    disabled={apply.isPending}
                    onClick={() => apply.mutate(plan.data.trades, { onSuccess: (result) => setRecorded(result.transactions.length) })}
                  >
                    Record these trades
                  </button>
                </>
              )}
              {recorded !== null && (
                <p role="status">
                  Recorded {recorded} {recorded === 1 ? 'transaction' : 'transactions'}.
                </p>
              )}
              <FormError error={apply.error} />
            </>
          )}
        </div>
      )}
    </>
  );
}
