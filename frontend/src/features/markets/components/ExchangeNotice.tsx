import { troubledExchanges, type ExchangeStatus } from '../model/markets';

/**
 * A refused region (HTTP 451/403) or an unreachable exchange, said plainly with what to do (the server writes the
 * advice: add another exchange, or start with the replay source). Nothing when every exchange answers.
 */
export function ExchangeNotice({ exchanges }: { exchanges: readonly ExchangeStatus[] }) {
  const troubled = troubledExchanges(exchanges);
  if (troubled.length === 0) return null;
  return (
    <div className="notice warning" role="status" data-testid="exchange-notice">
      {troubled.map((e) => (
        <p key={e.exchange}>
          <strong>{e.state === 'refused' ? `${e.name} refuses this server's location.` : `${e.name} cannot be reached right now.`}</strong> {e.message}
        </p>
      ))}
    </div>
  );
}
