import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { EmptyState, ErrorState, Field, FormError, Loading } from '../../../lib/ui';
import { useCreatePortfolio, usePortfolios, type BaseCurrency, type CostBasisMethod } from '../api/portfolios';

function CreatePortfolioForm() {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreatePortfolio();
  const [name, setName] = useState('');
  const [baseCurrency, setBaseCurrency] = useState<BaseCurrency>('USD');
  const [costBasisMethod, setMethod] = useState<CostBasisMethod>('average');
  const [linkedCash, setLinkedCash] = useState(false);
  const [nameError, setNameError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setNameError('Give the portfolio a name, such as "Long term".');
    setNameError(undefined);
    create.mutate(
      { name: name.trim(), baseCurrency, costBasisMethod, cashMode: linkedCash ? 'linked' : 'off' },
      { onSuccess: (portfolio) => navigate(`/portfolios/${portfolio.id}`) },
    );
  }

  return (
    <form className="form form-inline card" onSubmit={submit} noValidate aria-label="Create portfolio">
      <Field label="Name" htmlFor={`${id}-name`} error={nameError}>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(nameError)} />
      </Field>
      <Field label="Base currency" htmlFor={`${id}-currency`}>
        <select id={`${id}-currency`} value={baseCurrency} onChange={(e) => setBaseCurrency(e.target.value as BaseCurrency)}>
          <option value="USD">USD</option>
          <option value="USDT">USDT</option>
        </select>
      </Field>
      <Field label="Cost basis" htmlFor={`${id}-method`}>
        <select id={`${id}-method`} value={costBasisMethod} onChange={(e) => setMethod(e.target.value as CostBasisMethod)}>
          <option value="average">Average cost</option>
          <option value="fifo">First in, first out</option>
        </select>
      </Field>
      <label>
        <input type="checkbox" checked={linkedCash} onChange={(e) => setLinkedCash(e.target.checked)} /> Pay for purchases from a cash balance
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create portfolio
      </button>
      <FormError error={create.error} />
    </form>
  );
}

export function PortfoliosPage() {
  const portfolios = usePortfolios();
  return (
    <main className="page">
      <h1>Portfolios</h1>
      <CreatePortfolioForm />
      <h2>Your portfolios</h2>
      {portfolios.isPending ? (
        <Loading />
      ) : portfolios.isError ? (
        <ErrorState error={portfolios.error} onRetry={() => portfolios.refetch()} />
      ) : portfolios.data.length === 0 ? (
        <EmptyState title="No portfolios yet">Create one above, then add your first buy to track its value.</EmptyState>
      ) : (
        <ul className="grid" style={{ listStyle: 'none', padding: 0 }}>
          {portfolios.data.map((portfolio) => (
            <li key={portfolio.id} className="card">
              <Link to={`/portfolios/${portfolio.id}`}>
                <strong>{portfolio.name}</strong>
              </Link>
              <p className="muted">
                {portfolio.baseCurrency} · {portfolio.costBasisMethod === 'fifo' ? 'FIFO' : 'average cost'}
                {portfolio.cashMode === 'linked' ? ' · cash balance' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
