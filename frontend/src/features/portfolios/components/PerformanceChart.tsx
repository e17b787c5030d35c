import { ColorType, LineSeries, createChart, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { useThemeName } from '../../../lib/locale';
import type { PerformanceResponse } from '../api/portfolios';

/** Portfolio value over time with the BTC benchmark (scaled to the same start value by the server). */
export function PerformanceChart({ series }: { series: PerformanceResponse['series'] }) {
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
    const toTime = (date: string) => Math.floor(Date.parse(date) / 1000) as UTCTimestamp;
    const dedupe = <T extends { time: UTCTimestamp }>(points: T[]) => points.filter((p, i) => i === 0 || p.time > points[i - 1]!.time);
    chart
      .addSeries(LineSeries, { color: style.getPropertyValue('--accent').trim() || '#2457d6', lineWidth: 2, title: 'Portfolio' })
      .setData(dedupe(series.map((p) => ({ time: toTime(p.date), value: Number(p.value) }))));
    const benchmark = series.filter((p) => p.benchmarkValue !== null && p.benchmarkValue !== undefined);
    if (benchmark.length)
      chart
        .addSeries(LineSeries, { color: '#f2a900', lineWidth: 1, lineStyle: 2, title: 'BTC' })
        .setData(dedupe(benchmark.map((p) => ({ time: toTime(p.date), value: Number(p.benchmarkValue) }))));
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [series, theme]);
  return <div ref={container} className="chart chart-small" role="img" aria-label="Portfolio value over time compared with holding BTC" />;
}
