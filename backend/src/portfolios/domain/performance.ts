import { moneyWeightedReturn, type DatedCashFlow } from './irr';
import { QUOTE_CURRENCIES, type LedgerEvent } from './types';

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

  const quantities = new Map<string, number>();
  const lastClose = new Map<string, number>();
  const priceOn = (asset: string, day: string): DayPrice | null => {
    if (QUOTE_CURRENCIES.has(asset)) return { open: 1, close: 1 };
    const candle = prices.get(asset)?.get(day);
    if (candle) return candle;
    const carried = lastClose.get(asset) ?? input.fallbackPrices?.get(asset);
    return carried === undefined ? null : { open: carried, close: carried };
  };

  const series: PerformancePoint[] = [];
  const irrFlows: DatedCashFlow[] = [];
  let growth = 1;
  let previousValue = 0;
  let benchmarkUnits: number | null = null;
  let eventIndex = 0;

  // Walk from the first transaction even when the range starts later: quantities and carried prices need it.
  const lastDayNumber = dayNumber(toDay);
  for (let n = dayNumber(firstDay < fromDay ? firstDay : fromDay); n <= lastDayNumber; n++) {
    const day = utcDay(new Date(n * DAY_MS));
    let inflow = 0;
    let outflow = 0;
    // Day numbers, not formatted dates, are compared per event: this loop runs for every transaction.
    while (eventIndex < events.length && Math.floor(events[eventIndex]!.time.getTime() / DAY_MS) === n) {
      const event = events[eventIndex++]!;
      // Without a candle for the day, the trade's own price is the best market price known for it.
      if (event.trade && !prices.get(event.trade.asset)?.has(day)) lastClose.set(event.trade.asset, event.trade.price.toNumber());
      // Quantities come from the exact ledger; only their valuation is floating point.
      for (const { asset, delta } of event.quantityDeltas) quantities.set(asset, (quantities.get(asset) ?? 0) + delta.toNumber());
      for (const flow of event.flows) {
        if (flow.kind === 'cash') {
          if (flow.direction === 'in') inflow += flow.amount.toNumber();
          else outflow += flow.amount.toNumber();
        } else {
          const price = priceOn(flow.asset, day);
          const unit = price ? (flow.direction === 'in' ? price.open : price.close) : 0;
          if (flow.direction === 'in') inflow += flow.quantity.toNumber() * unit;
          else outflow += flow.quantity.toNumber() * unit;
        }
      }
    }
    let value = 0;
    for (const [asset, quantity] of quantities) {
      const price = priceOn(asset, day);
      if (price) {
        value += quantity * price.close;
        lastClose.set(asset, price.close);
      }
    }
    const benchmarkPrice = priceOn(benchmarkAsset, day);
    if (benchmarkPrice) lastClose.set(benchmarkAsset, benchmarkPrice.close);

    if (day === fromDay) {
      // The range's base point: its value is invested at the start, in the portfolio and in the benchmark.
      if (value > 0) irrFlows.push({ time: dayStart(addDays(day, 1)), amount: -value });
      benchmarkUnits = benchmarkPrice && value > 0 ? value / benchmarkPrice.close : 0;
      series.push({ date: day, value, benchmarkValue: benchmarkPrice || value === 0 ? value : null });
    } else if (day > fromDay) {
      const invested = previousValue + inflow;
      if (invested > 0) growth *= (value + outflow) / invested;
      if (inflow > 0) irrFlows.push({ time: dayStart(day), amount: -inflow });
      if (outflow > 0) irrFlows.push({ time: dayStart(addDays(day, 1)), amount: outflow });
      let benchmarkValue: number | null = null;
      if (benchmarkPrice && benchmarkUnits !== null) {
        // Same cash flows into and out of the benchmark asset; it cannot go short.
        if (inflow > 0) benchmarkUnits += inflow / benchmarkPrice.open;
        if (outflow > 0) benchmarkUnits = Math.max(0, benchmarkUnits - outflow / benchmarkPrice.close);
        benchmarkValue = benchmarkUnits * benchmarkPrice.close;
      }
      series.push({ date: day, value, benchmarkValue });
    }
    previousValue = value;
  }

  const end = new Date(Math.min(dayStart(addDays(toDay, 1)).getTime(), (input.asOf ?? new Date(8.64e15)).getTime()));
  if (previousValue > 0) irrFlows.push({ time: end, amount: previousValue });
  const periodYears = (end.getTime() - dayStart(addDays(fromDay, 1)).getTime()) / (365 * DAY_MS);
  return { series, twr: growth - 1, irr: moneyWeightedReturn(irrFlows, periodYears) };
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
