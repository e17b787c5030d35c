import { addDays, utcDay } from './performance';

export const PERFORMANCE_RANGE_NAMES = ['1D', '1W', '1M', 'YTD', '1Y', 'ALL'] as const;
export type PerformanceRangeName = (typeof PERFORMANCE_RANGE_NAMES)[number];

/** A range the caller asked for that cannot be answered (bad or contradictory days). */
export class InvalidRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRangeError';
  }
}

export interface ResolvedRange {
  /** Base day: its close is the starting value. Undefined = from the first transaction. */
  fromDay?: string;
  /** Last day included. */
  toDay: string;
}

/** "2024-02-30" parses (as March 1st) in JavaScript: a day is valid only if it reads back unchanged. */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && utcDay(new Date(`${day}T00:00:00Z`)) === day;
}

/** The same day one calendar month earlier, clamped to that month's last day (March 31 → February 29). */
export function oneMonthBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const lastDayOfPreviousMonth = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
  return utcDay(new Date(Date.UTC(year, month - 2, Math.min(date, lastDayOfPreviousMonth))));
}

/**
 * Turns `range` or `from`/`to` into days. Named ranges end today; each starts at a base day whose close is the
 * starting value (1D: yesterday's close; YTD: the last close of the previous year). A custom `from` is the first
 * day included, so its base is the day before.
 */
export function resolveRange(query: { range?: PerformanceRangeName; from?: string; to?: string }, today: string): ResolvedRange {
  if (query.from !== undefined || query.to !== undefined) {
    if (query.range !== undefined) throw new InvalidRangeError('Give either range or from/to, not both');
    const toDay = query.to ?? today;
    if (!isCalendarDay(toDay) || (query.from !== undefined && !isCalendarDay(query.from))) throw new InvalidRangeError('from/to must be valid dates');
    if (toDay > today) throw new InvalidRangeError('to must not be in the future');
    if (query.from !== undefined && query.from > toDay) throw new InvalidRangeError('from must not be after to');
    return { fromDay: query.from === undefined ? undefined : addDays(query.from, -1), toDay };
  }
  switch (query.range ?? 'ALL') {
    case '1D':
      return { fromDay: addDays(today, -1), toDay: today };
    case '1W':
      return { fromDay: addDays(today, -7), toDay: today };
    case '1M':
      return { fromDay: oneMonthBefore(today), toDay: today };
    case 'YTD':
      return { fromDay: `${Number(today.slice(0, 4)) - 1}-12-31`, toDay: today };
    case '1Y':
      return { fromDay: addDays(today, -365), toDay: today };
    case 'ALL':
      return { toDay: today };
  }
}
