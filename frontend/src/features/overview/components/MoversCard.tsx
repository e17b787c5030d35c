import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatPercent, formatPrice, symbolToPath } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import type { Mover, Movers } from '../api/overview';
import { WINDOW_WORDS } from '../model/words';

function MoverRows({ rows, empty }: { rows: Mover[]; empty: string }) {
  const locale = useLocale();
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="rank-list">
      {rows.map((row) => (
        <li key={row.symbol}>
          <Link to={`/coins/${symbolToPath(row.symbol)}`}>{row.base}</Link>
          <span className="muted rank-price">{formatPrice(row.price)}</span>
          <span className={row.changePct > 0 ? 'up' : 'down'}>{formatPercent(row.changePct, locale)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Biggest rises and falls over the chosen window. */
export function MoversCard({ movers }: { movers: Movers[] }) {
  const [window, setWindow] = useState<Movers['window']>('24h');
  const selected = movers.find((m) => m.window === window);
  return (
    <section className="card" aria-labelledby="movers-title">
      <div className="card-head">
        <h2 id="movers-title">Top movers</h2>
        <div className="segmented" role="group" aria-label="Period">
          {movers.map((m) => (
            <button key={m.window} type="button" aria-pressed={m.window === window} onClick={() => setWindow(m.window)}>
              {m.window}
            </button>
          ))}
        </div>
      </div>
      <p className="muted">Price change over the {WINDOW_WORDS[window]}.</p>
      <div className="movers-columns">
        <div>
          <h3>Rising most</h3>
          <MoverRows rows={selected?.gainers ?? []} empty={`No market rose over the ${WINDOW_WORDS[window]}.`} />
        </div>
        <div>
          <h3>Falling most</h3>
          <MoverRows rows={selected?.losers ?? []} empty={`No market fell over the ${WINDOW_WORDS[window]}.`} />
        </div>
      </div>
    </section>
  );
}
