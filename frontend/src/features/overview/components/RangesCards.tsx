import { Link } from 'react-router-dom';
import type { Schema } from '../../../lib/api-schemas';
import { formatPrice, priceDecimals, symbolToPath } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';

const plainPercent = (value: number, locale?: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value / 100);
const points = (value: number, locale?: string) =>
  `+${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} points`;

/** Most volatile by the forecast: the widest range the model expects the price to stay in over the next 24 hours. */
export function WidestRangesCard({ ranges }: { ranges: Array<Schema<'ExpectedRangeDto'>> }) {
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="widest-title">
      <h2 id="widest-title">Widest expected range</h2>
      <p className="muted">Where the forecast expects the biggest swings in the next 24 hours: 8 in 10 outcomes should land inside the range.</p>
      {ranges.length === 0 ? (
        <p className="muted">No 24-hour forecasts yet. They appear once the forecasting model has run.</p>
      ) : (
        <ol className="rank-list">
          {ranges.map((range) => (
            <li key={range.symbol}>
              <Link to={`/coins/${symbolToPath(range.symbol)}`}>{range.base}</Link>
              <span className="muted rank-price">
                {formatPrice(range.low, { decimals: priceDecimals(range.lastPrice) })} to{' '}
                {formatPrice(range.high, { decimals: priceDecimals(range.lastPrice) })}
              </span>
              <span>±{plainPercent(range.rangePct / 2, locale)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Coins whose expected 24h range is wider than in the forecast a day earlier: the model sees more uncertainty. */
export function WidenedRangesCard({ ranges }: { ranges: Array<Schema<'WidenedRangeDto'>> }) {
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="widened-title">
      <h2 id="widened-title">Uncertainty rising</h2>
      <p className="muted">Coins whose expected 24-hour range widened most since the forecast made a day earlier.</p>
      {ranges.length === 0 ? (
        <p className="muted">No coin's expected range widened since yesterday.</p>
      ) : (
        <ol className="rank-list">
          {ranges.map((range) => (
            <li key={range.symbol}>
              <Link to={`/coins/${symbolToPath(range.symbol)}`}>{range.base}</Link>
              <span className="muted rank-price">
                {plainPercent(range.previousRangePct, locale)} → {plainPercent(range.rangePct, locale)} wide
              </span>
              <span>{points(range.widenedBy, locale)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
