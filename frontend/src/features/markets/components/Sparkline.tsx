import { direction } from '../../../lib/format';
import { sparklinePoints } from '../model/markets';
import { useSparkline } from '../api/markets';

const WIDTH = 96;
const HEIGHT = 28;

export function Sparkline({ symbol }: { symbol: string }) {
  const closes = useSparkline(symbol);
  if (!closes.data || closes.data.length < 2) return <span className="sparkline-empty" aria-hidden="true" />;
  const trend = direction(closes.data[closes.data.length - 1]! - closes.data[0]!);
  return (
    <svg
      className={`sparkline ${trend}`}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${symbol} last 48 hours, trend ${trend}`}
    >
      <polyline fill="none" strokeWidth="1.5" stroke="currentColor" points={sparklinePoints(closes.data, WIDTH, HEIGHT)} />
    </svg>
  );
}
