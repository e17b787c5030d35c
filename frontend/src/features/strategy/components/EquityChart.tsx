import { ColorType, LineSeries, createChart, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { useThemeName } from '../../../lib/locale';
import type { StrategyReport } from '../api/strategy';
import { STRATEGY_NAMES } from '../model/words';

/** Growth of 1 invested in each strategy, after costs. */
export function EquityChart({ equity }: { equity: StrategyReport['equity'] }) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useThemeName();
  useEffect(() => {
    if (!container.current) return;
    const style = getComputedStyle(document.documentElement);
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: style.getPropertyValue('--muted').trim() || '#555' },
      grid: { vertLines: { visible: false }, horzLines: { color: style.getPropertyValue('--border').trim() || '#ddd' } },
    });
    const toTime = (iso: string) => Math.floor(Date.parse(iso) / 1000) as UTCTimestamp;
    const lines = [
      { field: 'buyAndHold', color: '#8a8f98', width: 2, dash: 2, title: STRATEGY_NAMES['buy-and-hold']! },
      { field: 'volTarget', color: style.getPropertyValue('--accent').trim() || '#2457d6', width: 2, dash: 0, title: STRATEGY_NAMES['vol-target']! },
      { field: 'direction', color: '#f2a900', width: 2, dash: 0, title: STRATEGY_NAMES.direction! },
    ] as const;
    for (const line of lines) {
      chart
        .addSeries(LineSeries, { color: line.color, lineWidth: line.width, lineStyle: line.dash, title: line.title })
        .setData(equity.map((p) => ({ time: toTime(p.time), value: p[line.field] })));
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [equity, theme]);
  return <div ref={container} className="chart chart-small" role="img" aria-label="Growth of one unit invested in each strategy, after fees and slippage" />;
}
