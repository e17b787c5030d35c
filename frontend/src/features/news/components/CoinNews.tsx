import { useParams } from 'react-router-dom';
import { pathToSymbol } from '../../../lib/format';
import { NewsList } from './NewsList';

/** News about the coin of the page's market (/coins/:symbol); composed next to the coin page by the app's routes. */
export function CoinNews() {
  const { symbol: param = '' } = useParams();
  const symbol = pathToSymbol(decodeURIComponent(param));
  const base = symbol.split('/')[0] ?? symbol;
  return (
    <section className="page news-section" aria-labelledby="coin-news-title">
      <h2 id="coin-news-title">News about {base}</h2>
      <div className="card">
        <NewsList symbol={symbol} limit={15} emptyText={`No stories mention ${base} in the last 30 days.`} />
      </div>
    </section>
  );
}
