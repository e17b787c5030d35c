import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useExchangeAccounts } from '../api/exchange-accounts';
import { AccountCard } from '../components/AccountCard';
import { ConnectAccountForm } from '../components/ConnectAccountForm';

export function ExchangeAccountsPage() {
  const accounts = useExchangeAccounts();
  return (
    <main className="page">
      <h1>Exchange accounts</h1>
      <p className="muted">Connect an exchange account and its trades, deposits and withdrawals are added to a portfolio, then kept up to date every hour.</p>
      <h2>Your accounts</h2>
      {accounts.isPending ? (
        <Loading />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} onRetry={() => accounts.refetch()} />
      ) : accounts.data.length === 0 ? (
        <EmptyState title="No exchange account connected">Connect one below.</EmptyState>
      ) : (
        <ul className="card-list">
          {accounts.data.map((account) => (
            <AccountCard key={account.id} account={account} />
          ))}
        </ul>
      )}
      <h2>Connect an account</h2>
      <ConnectAccountForm />
    </main>
  );
}
