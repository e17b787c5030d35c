import { formatDateTime } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useNews, type NewsItem } from '../api/news';
import { formatAgo } from '../model/ago';

/** What an operator sets to get news (shown when no feed is configured). */
export function NoFeeds() {
  return (
    <EmptyState title="No news sources yet">
      <p>News comes from RSS or Atom feeds that the server's operator lists in the NEWS_FEEDS setting, separated by commas, for example:</p>
      <pre className="news-example">
        <code>NEWS_FEEDS=https://www.coindesk.com/arc/outboundfeeds/rss/,https://cointelegraph.com/rss</code>
      </pre>
      <p className="muted">After a restart, new stories appear here within a few minutes.</p>
    </EmptyState>
  );
}

function Story({ item, showCoins }: { item: NewsItem; showCoins: boolean }) {
  const locale = useLocale();
  return (
    <li className="news-item">
      <a href={item.link} target="_blank" rel="noopener noreferrer" className="news-title">
        {item.title}
      </a>
      <div className="news-meta muted">
        <span>{item.source}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={item.publishedAt} title={formatDateTime(item.publishedAt, locale)}>
          {formatAgo(item.publishedAt, Date.now(), locale)}
        </time>
        {showCoins && item.coins.length > 0 && (
          <>
            <span aria-hidden="true"> · </span>
            <span>{item.coins.join(', ')}</span>
          </>
        )}
      </div>
      {item.summary && <p className="news-summary">{item.summary}</p>}
    </li>
  );
}

/** The latest stories, about one market's coin (`symbol`) or all; says how to add feeds when none is configured. */
export function NewsList({
  symbol,
  limit = 20,
  showCoins = false,
  emptyText,
}: {
  symbol: string | null;
  limit?: number;
  showCoins?: boolean;
  emptyText: string;
}) {
  const news = useNews(symbol, limit);
  if (news.isPending) return <Loading label="Loading news…" />;
  if (news.isError) return <ErrorState error={news.error} onRetry={() => void news.refetch()} />;
  if (news.data.feedsConfigured === 0) return <NoFeeds />;
  if (news.data.items.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ul className="news-list" data-testid="news-list">
      {news.data.items.map((item) => (
        <Story key={item.id} item={item} showCoins={showCoins} />
      ))}
    </ul>
  );
}
