/**
 * Quiet hours as the user sets them: a daily window "HH:MM"–"HH:MM" in their IANA time zone; a window whose end is
 * before its start runs over midnight (22:00–07:00). Pure: tested directly.
 */
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseHhmm(value: string): number | null {
  const match = HHMM.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export function inQuietHours(at: Date, window: { start: string | null; end: string | null; timeZone: string }): boolean {
  if (!window.start || !window.end) return false;
  const start = parseHhmm(window.start);
  const end = parseHhmm(window.end);
  if (start === null || end === null || start === end) return false;
  const now = localMinutes(at, window.timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
