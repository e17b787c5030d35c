import { isValuationCurrency, parValue } from './assets';
import { moneyWeightedReturn, type DatedCashFlow } from './irr';
import type { LedgerEvent } from './types';

/** Daily open and close of one asset in the quote currency. */
export interface DayPrice {
  open: number;
  close: number;
}

/** asset → UTC day ("YYYY-MM-DD") → prices. */
export type DailyPriceTable = ReadonlyMap<string, ReadonlyMap<string, DayPrice>>;

export interface PerformanceInput {
  /** The ledger's events, in time order. */
  events: readonly LedgerEvent[];
  prices: DailyPriceTable;
  /** Base day of the range (its close is the starting value); omitted = the day before the first transaction. */
  fromDay?: string;
  /** Last day of the range, inclusive. */
  toDay: string;
  /** Used for an asset before its first known daily price (e.g. the latest tick). */
  fallbackPrices?: ReadonlyMap<string, number>;
  /** The asset bought and held by the benchmark line. */
  benchmarkAsset: string;
  /** End of the valuation for IRR when the last day is still running (e.g. now); default end of toDay. */
  asOf?: Date;
  /** Live prices for a day whose candle is not closed yet (today): they are that day's close (open: the candle's, else the live price). */
  livePrices?: { day: string; prices: ReadonlyMap<string, number> };
}

export interface PerformancePoint {
  date: string;
  value: number;
  /** The same external flows invested in the benchmark asset; null when its price is unknown. */
  benchmarkValue: number | null;
}

export interface PerformanceResult {
  series: PerformancePoint[];
  /** Time-weighted return of the range (not annualised): neutral to deposits and withdrawals. */
  twr: number;
  /** Money-weighted return (IRR): annualised for ranges of a year or more, the period's return otherwise. */
  irr: number | null;
}

const DAY_MS = 24 * 3600 * 1000;

export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * Builds the daily value series from the first transaction (or the range start) and the range's returns.
 *
 * Daily convention (all we know between two closes is the flows): inflows are assumed at the start of their
 * day — buys at what was paid, deposits and transfers in at the day's open — and outflows at its end — sells at
 * their net proceeds, withdrawals and transfers out at the day's close. The day's growth factor is
 * (value at close + outflows) / (previous close value + inflows), and TWR chains those factors, so a deposit or
 * withdrawal on its own changes the TWR by nothing. IRR uses the same dated flows plus the start and end values.
 * Missing daily prices carry the last known close forward; on a day without a candle a buy or sell marks the
 * asset at its trade price; an asset never priced yet falls back to `fallbackPrices` (e.g. the latest tick).
 *
 * Valuations here are binary floating point on purpose: they multiply market prices that are themselves
 * floats, the relative error (~1e-15) is far below the cent shown, and it keeps a 3-year daily series of a
 * large portfolio cheap. Cost basis and realised P&L (the ledger) stay exact decimals.
 */
export function computePerformance(input: PerformanceInput): PerformanceResult {
  const { events, prices, toDay, benchmarkAsset } = input;
  if (events.length === 0) return { series: [], twr: 0, irr: null };
  const firstDay = utcDay(events[0]!.time);
  const fromDay = input.fromDay && input.fromDay >= firstDay ? input.fromDay : addDays(firstDay, -1);
  if (fromDay >= toDay) return { series: [], twr: 0, irr: null };

  // Assets by index (arrays, not maps, in the loop that runs for every day and asset).
  const numeric = numericEvents(events);
  const assets = numeric.assets.includes(benchmarkAsset) ? numeric.assets : [...numeric.assets, benchmarkAsset];
  const benchmark = assets.indexOf(benchmarkAsset);
  const count = assets.length;
  const days = assets.map((asset) => prices.get(asset));
  const fixed = assets.map((asset) => isValuationCurrency(asset));
  // Used for an asset never priced yet: the caller's fallback (e.g. the latest tick), else par for a stablecoin.
  const fallback = assets.map((asset) => input.fallbackPrices?.get(asset) ?? parValue(asset) ?? Number.NaN);
  const live = input.livePrices;
  const quantities = new Float64Array(count);
  const lastClose = new Float64Array(count).fill(Number.NaN);
  // Assets in the order they were first moved (summing in that order keeps the series identical run to run).
  const held: number[] = [];
  const isHeld = new Uint8Array(count);

  // The day's price of asset i into open/close; false when none is known.
  let open = 0;
  let close = 0;
  let dayKey = '';
  let liveToday = false;
  const candleOf = (i: number): DayPrice | undefined => {
    const candle = days[i]?.get(dayKey);
    if (liveToday) {
      const price = live!.prices.get(assets[i]!);
      // Today's candle is not closed yet: its close is the live price.
      if (price !== undefined) return { open: candle?.open ?? price, close: price };
    }
    return candle;
  };
  const priceOn = (i: number): boolean => {
    if (fixed[i]) {
      open = close = 1;
      return true;
    }
    const candle = candleOf(i);
    if (candle) {
      open = candle.open;
      close = candle.close;
      return true;
    }
    const carried = Number.isNaN(lastClose[i]!) ? fallback[i]! : lastClose[i]!;
    if (Number.isNaN(carried)) return false;
    open = close = carried;
    return true;
  };

  // The end of the valuation: the end of the last day, or now while that day is still running. No IRR flow is
  // dated after it (an outflow is dated at the end of its day, which for today would be after now).
  const end = new Date(Math.min(dayStart(addDays(toDay, 1)).getTime(), (input.asOf ?? new Date(8.64e15)).getTime()));
  const atMostEnd = (time: number) => new Date(Math.min(time, end.getTime()));
  const fromDayNumber = dayNumber(fromDay);
  const series: PerformancePoint[] = [];
  const irrFlows: DatedCashFlow[] = [];
  let growth = 1;
  let previousValue = 0;
  let benchmarkUnits: number | null = null;
  let eventIndex = 0;
  const list = numeric.events;

  // Walk from the first transaction even when the range starts later: quantities and carried prices need it.
  const lastDayNumber = dayNumber(toDay);
  for (let n = Math.min(dayNumber(firstDay), fromDayNumber); n <= lastDayNumber; n++) {
    dayKey = utcDay(new Date(n * DAY_MS));
    liveToday = live !== undefined && live.day === dayKey;
    let inflow = 0;
    let outflow = 0;
    while (eventIndex < list.length && list[eventIndex]!.day === n) {
      const event = list[eventIndex++]!;
      // Without a candle for the day, the trade's own price is the best market price known for it.
      if (event.tradeAsset >= 0 && !candleOf(event.tradeAsset)) lastClose[event.tradeAsset] = event.tradePrice;
      // Quantities come from the exact ledger; only their valuation is floating point.
      for (let k = 0; k < event.deltaAssets.length; k++) {
        const i = event.deltaAssets[k]!;
        quantities[i] = quantities[i]! + event.deltas[k]!;
        if (!isHeld[i]) {
          isHeld[i] = 1;
          held.push(i);
        }
      }
      for (const flow of event.flows) {
        let amount = flow.amount;
        if (flow.asset >= 0) amount = priceOn(flow.asset) ? flow.quantity * (flow.in ? open : close) : 0;
        if (flow.in) inflow += amount;
        else outflow += amount;
      }
    }
    let value = 0;
    for (const i of held) {
      if (priceOn(i)) {
        value += quantities[i]! * close;
        lastClose[i] = close;
      }
    }
    const benchmarkPriced = priceOn(benchmark);
    const benchmarkOpen = open;
    const benchmarkClose = close;
    if (benchmarkPriced) lastClose[benchmark] = benchmarkClose;

    if (n === fromDayNumber) {
      // The range's base point: its value is invested at the start, in the portfolio and in the benchmark.
      if (value > 0) irrFlows.push({ time: atMostEnd((n + 1) * DAY_MS), amount: -value });
      benchmarkUnits = benchmarkPriced && value > 0 ? value / benchmarkClose : 0;
      series.push({ date: dayKey, value, benchmarkValue: benchmarkPriced || value === 0 ? value : null });
    } else if (n > fromDayNumber) {
      const invested = previousValue + inflow;
      if (invested > 0) growth *= (value + outflow) / invested;
      if (inflow > 0) irrFlows.push({ time: atMostEnd(n * DAY_MS), amount: -inflow });
      if (outflow > 0) irrFlows.push({ time: atMostEnd((n + 1) * DAY_MS), amount: outflow });
      let benchmarkValue: number | null = null;
      if (benchmarkPriced && benchmarkUnits !== null) {
        // Same cash flows into and out of the benchmark asset; it cannot go short.
        if (inflow > 0) benchmarkUnits += inflow / benchmarkOpen;
        if (outflow > 0) benchmarkUnits = Math.max(0, benchmarkUnits - outflow / benchmarkClose);
        benchmarkValue = benchmarkUnits * benchmarkClose;
      }
      series.push({ date: dayKey, value, benchmarkValue });
    }
    previousValue = value;
  }

  if (previousValue > 0) irrFlows.push({ time: end, amount: previousValue });
  const periodYears = (end.getTime() - dayStart(addDays(fromDay, 1)).getTime()) / (365 * DAY_MS);
  return { series, twr: growth - 1, irr: moneyWeightedReturn(irrFlows, periodYears) };
}

/** A ledger event as plain numbers, assets by index: converted once per ledger, not once per request. */
interface NumericEvent {
  day: number;
  deltaAssets: number[];
  deltas: number[];
  /** asset -1: a cash flow of `amount`; otherwise `quantity` units valued at the day's price. */
  flows: Array<{ in: boolean; amount: number; asset: number; quantity: number }>;
  tradeAsset: number;
  tradePrice: number;
}

const numericCache = new WeakMap<readonly LedgerEvent[], { assets: string[]; events: NumericEvent[] }>();

function numericEvents(events: readonly LedgerEvent[]): { assets: string[]; events: NumericEvent[] } {
  const cached = numericCache.get(events);
  // Ledgers only grow by replaying anew (a new array): the length check guards against an array appended to.
  if (cached && cached.events.length === events.length) return cached;
  const assets: string[] = [];
  const index = new Map<string, number>();
  const indexOf = (asset: string) => {
    let i = index.get(asset);
    if (i === undefined) {
      i = assets.length;
      assets.push(asset);
      index.set(asset, i);
    }
    return i;
  };
  const converted = events.map((event): NumericEvent => {
    const deltaAssets: number[] = [];
    const deltas: number[] = [];
    for (const { asset, delta } of event.quantityDeltas) {
      deltaAssets.push(indexOf(asset));
      deltas.push(delta.toNumber());
    }
    const flows = event.flows.map((flow) =>
      flow.kind === 'cash'
        ? { in: flow.direction === 'in', amount: flow.amount.toNumber(), asset: -1, quantity: 0 }
        : { in: flow.direction === 'in', amount: 0, asset: indexOf(flow.asset), quantity: flow.quantity.toNumber() },
    );
    return {
      day: Math.floor(event.time.getTime() / DAY_MS),
      deltaAssets,
      deltas,
      flows,
      tradeAsset: event.trade ? indexOf(event.trade.asset) : -1,
      tradePrice: event.trade ? event.trade.price.toNumber() : 0,
    };
  });
  const result = { assets, events: converted };
  numericCache.set(events, result);
  return result;
}

export function serializePerformance(result: PerformanceResult) {
  return {
    series: result.series.map((p) => ({
      date: p.date,
      value: money(p.value),
      benchmarkValue: p.benchmarkValue === null ? null : money(p.benchmarkValue),
    })),
    twr: roundAnalytic(result.twr),
    irr: result.irr === null ? null : roundAnalytic(result.irr),
  };
}

/** Series values as decimal strings with cents (tiny negative float residue prints as "0.00"). */
function money(value: number): string {
  const fixed = value.toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

function roundAnalytic(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
