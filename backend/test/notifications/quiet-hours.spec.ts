import { describe, expect, it } from 'vitest';
import { alertMail, escapeHtml } from '../../src/mail/templates';
import { inQuietHours, isValidTimeZone, localMinutes, parseHhmm } from '../../src/notifications/quiet-hours';
import { unsubscribeSignature, verifyUnsubscribe } from '../../src/notifications/unsubscribe-token';

describe('quiet hours', () => {
  const at = (iso: string) => new Date(iso);
  it('reads HH:MM and refuses anything else', () => {
    expect(parseHhmm('07:30')).toBe(450);
    expect(parseHhmm('23:59')).toBe(1439);
    for (const bad of ['24:00', '7:30', '07:60', 'noon', '']) expect(parseHhmm(bad), bad).toBeNull();
  });

  it("a window over midnight covers the late evening and the early morning, in the user's zone", () => {
    const night = { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' };
    // Paris is UTC+1 in January.
    expect(inQuietHours(at('2030-01-10T21:30:00Z'), night)).toBe(true); // 22:30 Paris
    expect(inQuietHours(at('2030-01-10T05:59:00Z'), night)).toBe(true); // 06:59 Paris
    expect(inQuietHours(at('2030-01-10T06:00:00Z'), night)).toBe(false); // 07:00 Paris: over
    expect(inQuietHours(at('2030-01-10T20:59:00Z'), night)).toBe(false); // 21:59 Paris
    expect(localMinutes(at('2030-07-10T20:00:00Z'), 'Europe/Paris')).toBe(22 * 60); // summer time: UTC+2
  });

  it('a daytime window, an empty one and none at all', () => {
    const lunch = { start: '12:00', end: '13:00', timeZone: 'UTC' };
    expect(inQuietHours(at('2030-01-10T12:30:00Z'), lunch)).toBe(true);
    expect(inQuietHours(at('2030-01-10T13:00:00Z'), lunch)).toBe(false);
    expect(inQuietHours(at('2030-01-10T12:30:00Z'), { start: '12:00', end: '12:00', timeZone: 'UTC' })).toBe(false);
    expect(inQuietHours(at('2030-01-10T12:30:00Z'), { start: null, end: null, timeZone: 'UTC' })).toBe(false);
  });

  it('knows real time zones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('e-mail templates and the unsubscribe signature', () => {
  it('escapes what it interpolates into HTML and keeps the plain text as is', () => {
    const mail = alertMail({
      title: 'BTC <above> 100',
      message: 'note: "buy" & <script>',
      triggeredAt: '1 Jan 2030',
      dashboardUrl: 'https://c.test/alerts',
      unsubscribeUrl: 'https://c.test/u?a=1&b=2',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('href="https://c.test/u?a=1&amp;b=2"');
    expect(mail.text).toContain('note: "buy" & <script>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('accepts only the signature of this user under this secret', () => {
    const signature = unsubscribeSignature('secret-one', 'user-a');
    expect(verifyUnsubscribe('secret-one', 'user-a', signature)).toBe(true);
    expect(verifyUnsubscribe('secret-one', 'user-b', signature)).toBe(false);
    expect(verifyUnsubscribe('secret-two', 'user-a', signature)).toBe(false);
    expect(verifyUnsubscribe('secret-one', 'user-a', signature.slice(1))).toBe(false);
  });
});
