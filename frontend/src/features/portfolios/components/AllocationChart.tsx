import { formatPercent } from '../../../lib/format';
import type { Holding } from '../api/portfolios';

const PALETTE = ['#2457d6', '#f2a900', '#0a7d3e', '#c2261b', '#8e44ad', '#16a085', '#d35400', '#7f8c8d'];

/** A stacked bar plus a legend: readable on a phone and accessible as a list. */
export function AllocationChart({ holdings, locale }: { holdings: readonly Holding[]; locale?: string | undefined }) {
  const slices = holdings.filter((h) => h.allocationPct > 0).sort((a, b) => b.allocationPct - a.allocationPct);
  if (!slices.length) return null;
  return (
    <figure aria-label="Allocation">
      <div className="alloc-bar" aria-hidden="true">
        {slices.map((h, i) => (
          <span key={h.asset} style={{ width: `${h.allocationPct}%`, background: PALETTE[i % PALETTE.length] }} />
        ))}
      </div>
      <ul className="legend">
        {slices.map((h, i) => (
          <li key={h.asset} style={{ listStyle: 'none' }}>
            <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
            {h.asset} {formatPercent(h.allocationPct, locale).replace('+', '')}
          </li>
        ))}
      </ul>
    </figure>
  );
}
