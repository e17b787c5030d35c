import { CandlestickSeries, ColorType, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { Candle } from '../../../lib/live-stream';
import { useThemeName } from '../../../lib/locale';

function toBar(candle: Candle) {
  return {
    time: Math.floor(Date.parse(candle.openTime) / 1000) as UTCTimestamp,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
  };
}

function themeColors() {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--muted').trim() || '#5b6475',
    grid: style.getPropertyValue('--border').trim() || '#dde1e8',
    up: style.getPropertyValue('--up').trim() || '#0a7d3e',
    down: style.getPropertyValue('--down').trim() || '#c2261b',
  };
}

/** Candlestick chart; when only the last candle changed (live update) it calls update() instead of redrawing. */
export function CandleChart({ candles, label }: { candles: readonly Candle[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const shown = useRef<{ first: string; length: number } | null>(null);
  const theme = useThemeName();

  useEffect(() => {
    if (!container.current) return;
    const colors = themeColors();
    const created = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: colors.text },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    series.current = created.addSeries(CandlestickSeries, {
      upColor: colors.up,
      borderUpColor: colors.up,
      wickUpColor: colors.up,
      downColor: colors.down,
      borderDownColor: colors.down,
      wickDownColor: colors.down,
    });
    chart.current = created;
    return () => {
      created.remove();
      chart.current = null;
      series.current = null;
      shown.current = null;
    };
  }, [theme]); // re-created with the new colours when the theme flips

  useEffect(() => {
    void theme; // after a theme switch the new series needs the full data again
    const target = series.current;
    if (!target || candles.length === 0) return;
    const first = candles[0]!.openTime;
    const previous = shown.current;
    if (previous && previous.first === first && (candles.length === previous.length || candles.length === previous.length + 1)) {
      target.update(toBar(candles[candles.length - 1]!));
    } else {
      target.setData(candles.map(toBar));
      chart.current?.timeScale().fitContent();
    }
    shown.current = { first, length: candles.length };
  }, [candles, theme]);

  return <div ref={container} className="chart" role="img" aria-label={label} data-testid="candle-chart" />;
}
