import { FormError } from '../../../lib/ui';
import { useUpdatePortfolio, type Portfolio } from '../api/portfolios';

/** The linked-cash switch: buys paid from (and sales paid into) the portfolio's cash balance, or from outside. */
export function CashModeSetting({ portfolio }: { portfolio: Portfolio }) {
  const update = useUpdatePortfolio(portfolio.id);
  const linked = portfolio.cashMode === 'linked';
  return (
    <section aria-labelledby="cash-mode-title" className="card">
      <h2 id="cash-mode-title">Cash balance</h2>
      <label>
        <input
          type="checkbox"
          checked={linked}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ cashMode: event.target.checked ? 'linked' : 'off' })}
        />{' '}
        Pay for purchases from my {portfolio.baseCurrency} balance
      </label>
      <p className="hint">
        {linked
          ? `Purchases and fees take ${portfolio.baseCurrency} from this portfolio's cash and sales add to it; only deposits and withdrawals count as money added or taken out.`
          : `Purchases are treated as new money added and sales as money taken out; ${portfolio.baseCurrency} you deposit stays as it is.`}
      </p>
      <FormError error={update.error} />
    </section>
  );
}
