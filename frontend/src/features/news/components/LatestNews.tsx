import { NewsList } from './NewsList';

/** The newest stories about any coin, for the overview page. */
export function LatestNews() {
  return (
    <section aria-labelledby="latest-news-title" className="news-section">
      <h2 id="latest-news-title">Latest news</h2>
      <div className="card">
        <NewsList symbol={null} limit={8} showCoins emptyText="No stories yet: the news sources are read every few minutes." />
      </div>
    </section>
  );
}
