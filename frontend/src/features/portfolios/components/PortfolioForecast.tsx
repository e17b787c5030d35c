import { formatPrice } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { usePortfolioForecast, type PortfolioForecast as Forecast, type PortfolioHorizonForecast } from '../api/portfolio-forecast';

const WHEN: Record<PortfolioHorizonForecast['horizon'], { inWords: string; period: string; axis: string }> = {
  '24h': { inWords: 'In 24 hours', period: 'day', axis: '24 h' },
  '7d': { inWords: 'In 7 days', period: 'week', axis: '7 days' },
  '30d': { inWords: 'In 30 days', period: 'month', axis: '30 days' },
};
const REASONS: Record<Forecast['excluded'][number]['reason'], string> = { 'no price': 'no price is known', 'no forecast': 'no forecast or price history' };

/** The sentence for one horizon, e.g. "In 7 days your portfolio is likely (80 %) to be worth between $9,100 and $11,200." */
export function rangeSentence(h: PortfolioHorizonForecast, money: (x: number) => string): string {
  return `${WHEN[h.horizon].inWords} your portfolio is likely (80 %) to be worth between ${money(h.low80)} and ${money(h.high80)}.`;
}

/** The fan: 90 % and 80 % ranges and the median from now to 30 days, horizons evenly spaced (labelled). */
function Fan({ value, horizons, money }: { value: number; horizons: PortfolioHorizonForecast[]; money: (x: number) => string }) {
  const width = 320;
  const height = 150;
  const pad = { left: 8, right: 8, top: 10, bottom: 22 };
  const points = [
    { low90: value, low80: value, median: value, high80: value, high90: value, label: 'Now' },
    ...horizons.map((h) => ({ ...h, label: WHEN[h.horizon].axis })),
  ];
  const lo = Math.min(...points.map((p) => p.low90));
  const hi = Math.max(...points.map((p) => p.high90));
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / (points.length - 1);
  const y = (v: number) => (hi === lo ? height / 2 : pad.top + ((hi - v) * (height - pad.top - pad.bottom)) / (hi - lo));
  const band = (low: 'low90' | 'low80', high: 'high90' | 'high80') =>
    [...points.map((p, i) => `${x(i)},${y(p[high])}`), ...points.map((p, i) => `${x(i)},${y(p[low])}`).reverse()].join(' ');
  const last = horizons.at(-1);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={
        last ? `Fan chart: the likely range widens from ${money(value)} now to between ${money(last.low80)} and ${money(last.high80)} in 30 days` : 'Fan chart'
      }
      style={{ maxWidth: 480 }}
    >
      <polygon points={band('low90', 'high90')} fill="#2457d6" fillOpacity={0.15} />
      <polygon points={band('low80', 'high80')} fill="#2457d6" fillOpacity={0.3} />
      <polyline points={points.map((p, i) => `${x(i)},${y(p.median)}`).join(' ')} fill="none" stroke="#2457d6" strokeWidth={1.5} />
      {points.map((p, i) => (
        <text
          key={p.label}
          x={x(i)}
          y={height - 6}
          fontSize={10}
          textAnchor={i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}
          fill="currentColor"
        >
          {p.label}
        </text>
      ))}
    </svg>
  );
}

export function PortfolioForecastView({ forecast, locale }: { forecast: Forecast; locale?: string | undefined }) {
  const money = (x: number) => formatPrice(Math.round(x), { currency: forecast.baseCurrency, locale, decimals: 0 });
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  if (forecast.value <= 0) return <EmptyState title="Nothing to forecast yet">Add holdings to see where their value may go.</EmptyState>;
  const week = forecast.horizons.find((h) => h.horizon === '7d') ?? forecast.horizons[0]!;
  const history = [...new Set(forecast.horizons.flatMap((h) => h.contributions.filter((c) => c.basis === 'history').map((c) => c.asset)))];
  const riskless = forecast.riskless >= forecast.value;
  return (
    <>
      <p data-testid="forecast-sentence">
        <strong>{rangeSentence(week, money)}</strong>
      </p>
      {!riskless && (
        <p>
          In a bad {WHEN[week.horizon].period} (1 in 20) you could lose {money(week.valueAtRisk95)} or more; in those {WHEN[week.horizon].period}s the loss
          averages {money(week.expectedShortfall95)}.
        </p>
      )}
      <Fan value={forecast.value} horizons={forecast.horizons} money={money} />
      <div className="table-wrap">
        <table aria-label="Forecast of the portfolio value">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col" className="num">
                Likely (80 %)
              </th>
              <th scope="col" className="num">
                Wider (90 %)
              </th>
              <th scope="col" className="num">
                Loss in a bad case (1 in 20)
              </th>
              <th scope="col" className="num">
                Average loss beyond that
              </th>
            </tr>
          </thead>
          <tbody>
            {forecast.horizons.map((h) => (
              <tr key={h.horizon}>
                <th scope="row">{WHEN[h.horizon].inWords}</th>
                <td className="num">
                  {money(h.low80)} – {money(h.high80)}
                </td>
                <td className="num">
                  {money(h.low90)} – {money(h.high90)}
                </td>
                <td className="num">{money(h.valueAtRisk95)}</td>
                <td className="num">{money(h.expectedShortfall95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {week.contributions.length > 0 && (
        <>
          <h3>Where the risk comes from ({WHEN[week.horizon].axis})</h3>
          <p>Each holding’s share of the loss in the worst 1 in 20 outcomes:</p>
          <ul aria-label="Share of the risk">
            {[...week.contributions]
              .sort((a, b) => b.share - a.share)
              .map((c) => (
                <li key={c.asset}>
                  {c.asset}: {percent(c.share)} of the risk ({money(c.value)} held)
                </li>
              ))}
          </ul>
        </>
      )}
      <p className="muted">
        Built from each coin’s forecast range and how the coins have moved together over the last three years, so a crash that hits them all at once is counted.
        {forecast.riskless > 0 && ` Cash and stablecoins (${money(forecast.riskless)}) are counted at their value, without risk.`}
        {week.dependence === 'comonotonic' &&
          ' Your coins share too little price history to measure how they move together, so they are assumed to move together fully.'}
        {history.length > 0 && ` No forecast is published for ${history.join(', ')}: ${history.length > 1 ? 'their' : 'its'} past price moves stand in.`}
      </p>
      {forecast.excluded.length > 0 && (
        <p className="muted">Not in the forecast: {forecast.excluded.map((e) => `${e.asset} (${REASONS[e.reason]})`).join(', ')}.</p>
      )}
    </>
  );
}

/** The portfolio forecast section: a fan chart, the range in words, value at risk and each holding's share of the risk. */
export function PortfolioForecast({ portfolioId }: { portfolioId: string }) {
  const locale = useLocale();
  const forecast = usePortfolioForecast(portfolioId);
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      {forecast.isPending ? (
        <Loading label="Forecasting your portfolio…" />
      ) : forecast.isError ? (
        <ErrorState error={forecast.error} onRetry={() => forecast.refetch()} />
      ) : (
        <PortfolioForecastView forecast={forecast.data} locale={locale} />
      )}
    </section>
  );
}
