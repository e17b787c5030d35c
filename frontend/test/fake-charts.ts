// jsdom has no canvas, so lightweight-charts cannot draw there. Tests swap it for this recorder,
// which keeps the same API surface the app uses and lets tests assert setData/update calls.
export interface FakeSeries {
  kind: string;
  data: unknown[];
  updates: unknown[];
  setData(data: unknown[]): void;
  update(bar: unknown): void;
}

export const chartLog: { series: FakeSeries[] } = { series: [] };

export function createChart() {
  return {
    addSeries(definition: { kind: string }) {
      const series: FakeSeries = {
        kind: definition.kind,
        data: [],
        updates: [],
        setData(data) {
          this.data = data;
        },
        update(bar) {
          this.updates.push(bar);
        },
      };
      chartLog.series.push(series);
      return series;
    },
    timeScale: () => ({ fitContent() {} }),
    remove() {},
  };
}

export const CandlestickSeries = { kind: 'candlestick' };
export const LineSeries = { kind: 'line' };
export const ColorType = { Solid: 'solid' };
