import { describe, expect, it } from 'vitest';
import { InvalidRangeError, isCalendarDay, oneMonthBefore, resolveRange } from './ranges';

describe('resolveRange', () => {
  const today = '2024-03-31';

  it.each([
    ['1D', '2024-03-30'],
    ['1W', '2024-03-24'],
    ['1M', '2024-02-29'], // clamped: there is no February 31st
    ['YTD', '2023-12-31'],
    ['1Y', '2023-04-01'], // 365 days back across a leap day
  ] as const)('%s starts at the close of %s and ends today', (range, fromDay) => {
    expect(resolveRange({ range }, today)).toEqual({ fromDay, toDay: today });
  });

  it('ALL (the default) starts at the first transaction', () => {
    expect(resolveRange({}, today)).toEqual({ toDay: today });
    expect(resolveRange({ range: 'ALL' }, today)).toEqual({ toDay: today });
  });

  it('a custom range includes its first day (the base is the day before) and defaults to today', () => {
    expect(resolveRange({ from: '2024-01-01', to: '2024-01-31' }, today)).toEqual({ fromDay: '2023-12-31', toDay: '2024-01-31' });
    expect(resolveRange({ from: '2024-03-01' }, today)).toEqual({ fromDay: '2024-02-29', toDay: today });
    expect(resolveRange({ to: '2024-01-31' }, today)).toEqual({ fromDay: undefined, toDay: '2024-01-31' });
  });

  it.each([
    [{ range: '1D' as const, from: '2024-01-01' }, 'Give either range or from/to, not both'],
    [{ from: '2024-02-30' }, 'from/to must be valid dates'],
    [{ to: '2024-13-01' }, 'from/to must be valid dates'],
    [{ to: '2024-04-01' }, 'to must not be in the future'],
    [{ from: '2024-03-02', to: '2024-03-01' }, 'from must not be after to'],
  ])('refuses %j', (query, message) => {
    expect(() => resolveRange(query, today)).toThrow(new InvalidRangeError(message));
  });
});

describe('calendar helpers', () => {
  it('isCalendarDay accepts real days only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2023-02-29')).toBe(false);
    expect(isCalendarDay('2024-2-1')).toBe(false);
  });

  it('oneMonthBefore clamps to the shorter month and crosses years', () => {
    expect(oneMonthBefore('2024-05-31')).toBe('2024-04-30');
    expect(oneMonthBefore('2024-01-15')).toBe('2023-12-15');
    expect(oneMonthBefore('2023-03-30')).toBe('2023-02-28');
  });
});
