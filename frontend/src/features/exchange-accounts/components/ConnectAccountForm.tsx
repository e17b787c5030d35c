import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../../lib/ui';
import { useAccountPortfolios, useConnectAccount, useSupportedExchanges } from '../api/exchange-accounts';

/** Connect an exchange account: exchange, portfolio, a read-only API key and its secret (sent once, never shown again). */
export function ConnectAccountForm() {
  const exchanges = useSupportedExchanges();
  const portfolios = useAccountPortfolios();
  const connect = useConnectAccount();
  const [exchange, setExchange] = useState('binance');
  const [portfolioId, setPortfolioId] = useState('');
  const [label, setLabel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const chosenPortfolio = portfolioId || portfolios.data?.[0]?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosenPortfolio) return setProblem('Create a portfolio first: the imported transactions go into one.');
    if (apiKey.trim() === '' || secret.trim() === '') return setProblem('Paste both the API key and its secret.');
    setProblem(undefined);
    connect.mutate(
      { exchange, portfolioId: chosenPortfolio, apiKey: apiKey.trim(), secret: secret.trim(), ...(label.trim() ? { label: label.trim() } : {}) },
      {
        onSuccess: () => {
          setApiKey('');
          setSecret('');
          setLabel('');
        },
      },
    );
  };

  return (
    <form aria-label="Connect an exchange account" onSubmit={submit} className="card">
      <p className="muted">
        Create an API key on the exchange with <strong>reading only</strong>: Coincast refuses keys that can trade or withdraw. The secret is stored encrypted
        and is never shown again.
      </p>
      <Field label="Exchange" htmlFor="xa-exchange">
        <select id="xa-exchange" value={exchange} onChange={(e) => setExchange(e.target.value)}>
          {(exchanges.data ?? [{ id: 'binance', name: 'Binance', checksPermissions: true }]).map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Portfolio" htmlFor="xa-portfolio" hint="Trades, deposits and withdrawals are added to this portfolio.">
        <select id="xa-portfolio" value={chosenPortfolio} onChange={(e) => setPortfolioId(e.target.value)}>
          {(portfolios.data ?? []).map((portfolio) => (
            <option key={portfolio.id} value={portfolio.id}>
              {portfolio.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Name (optional)" htmlFor="xa-label">
        <input id="xa-label" value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Main account" />
      </Field>
      <Field label="API key" htmlFor="xa-key">
        <input id="xa-key" value={apiKey} autoComplete="off" spellCheck={false} onChange={(e) => setApiKey(e.target.value)} />
      </Field>
      <Field label="Secret" htmlFor="xa-secret">
        <input id="xa-secret" type="password" value={secret} autoComplete="new-password" onChange={(e) => setSecret(e.target.value)} />
      </Field>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <FormError error={connect.error} />
      <button type="submit" disabled={connect.isPending}>
        {connect.isPending ? 'Checking the key…' : 'Connect'}
      </button>
    </form>
  );
}
