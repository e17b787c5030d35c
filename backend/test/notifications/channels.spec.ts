import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelDeliveryService } from '../../src/notifications/channel-delivery.service';
import { TelegramLinkService } from '../../src/notifications/telegram-link.service';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { appEngine, publishTick, quietMarketsEnv, seedTickers, settle, T0, waitFor } from '../alerts/alerts-support';
import { fakeTelegram, loopbackSmtp, type FakeTelegram } from './channel-fakes';

type Smtp = Awaited<ReturnType<typeof loopbackSmtp>>;

describe('alert delivery by e-mail and Telegram', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let smtp: Smtp;
  let telegram: FakeTelegram;
  let seq = 0;

  beforeAll(async () => {
    smtp = await loopbackSmtp();
    telegram = await fakeTelegram();
    t = await createTestApp({
      env: {
        ...markets.env,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Coincast Alerts <alerts@coincast.test>',
        PUBLIC_URL: 'https://coincast.test',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_URL: telegram.url,
        TELEGRAM_POLL_MS: '600000',
        NOTIFY_BACKOFF_MS: '20',
        NOTIFY_MAX_ATTEMPTS: '3',
        NOTIFY_PAUSE_AFTER_FAILURES: '1',
        NOTIFY_DIGEST_EVERY_MS: '600000',
        REGISTER_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await telegram?.close();
    markets.remove();
  });
  /** Alert and digest e-mails (sign-up also sends a confirmation link, which these tests leave aside). */
  const alertMails = () => smtp.messages.filter((m) => /^Coincast(:| alert:)/.test(m.parsed.subject ?? ''));

  beforeEach(() => {
    telegram.sendStatus = 200;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: RegisteredUser, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload ? { payload } : {}) });

  /** Marks the address verified the way the e-mailed link does (the link itself is covered in test/auth). */
  async function verified(): Promise<RegisteredUser> {
    const user = await registerUser(t);
    await t.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [user.user.id]);
    return user;
  }

  async function fire(user: RegisteredUser, channels: string[] | null, price = 11): Promise<{ id: string }> {
    const symbol = `N${++seq}X/USDT`;
    await seedTickers(t, [symbol]);
    const created = await api('POST', '/alerts', user, {
      type: 'price_above',
      symbol,
      threshold: '10',
      note: 'from the test',
      ...(channels ? { channels } : {}),
    });
    expect(created.statusCode, created.body).toBe(201);
    await settle(t, appEngine(t));
    await publishTick(t, symbol, price, T0);
    await settle(t, appEngine(t));
    return created.json();
  }

  const history = async (user: RegisteredUser, ruleId: string) =>
    (await api('GET', `/alerts/${ruleId}/deliveries`, user)).json() as {
      channel: string;
      status: string;
      attempt: number;
      succeeded: boolean;
      error: string | null;
    }[];

  it('e-mails an alert through SMTP: envelope, both bodies, List-Unsubscribe headers; the one-click unsubscribe works (RFC 8058)', async () => {
    const user = await verified();
    const before = alertMails().length;
    const rule = await fire(user, ['email']);
    await waitFor(
      async () => alertMails().length,
      (n) => n > before,
    );
    const mail = alertMails().at(-1)!;
    expect(mail.from).toBe('alerts@coincast.test');
    expect(mail.to).toEqual([user.user.email]);
    expect(mail.parsed.subject).toMatch(/^Coincast alert: /);
    expect(mail.parsed.text).toContain('from the test');
    expect(mail.parsed.text).toContain('https://coincast.test/alerts');
    expect(mail.parsed.html).toContain('from the test');
    expect(mail.parsed.html).toContain('<a href="https://coincast.test/alerts"');
    const unsubscribeHeader = mail.parsed.headers.get('list-unsubscribe');
    const listUnsubscribe = typeof unsubscribeHeader === 'string' ? unsubscribeHeader : JSON.stringify(unsubscribeHeader);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const url = /<(https:\/\/coincast\.test\/api\/v1\/notifications\/unsubscribe\?[^>]+)>/.exec(mail.raw)?.[1];
    expect(url, listUnsubscribe).toBeTruthy();

    const attempts = await waitFor(
      () => history(user, rule.id),
      (rows) => rows.some((r) => r.channel === 'email' && r.status === 'sent'),
    );
    expect(attempts.filter((r) => r.channel === 'email')).toMatchObject([{ attempt: 1, succeeded: true, status: 'sent' }]);

    const path = url!.replace('https://coincast.test', '');
    // A tampered signature does nothing …
    const forged = await t.inject({
      method: 'POST',
      url: path.replace(/s=[^&]+/, 's=AAAA'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(forged.body).toContain('does not work');
    expect((await api('GET', '/notifications/settings', user)).json().email.enabled).toBe(true);
    // … the genuine one-click POST switches alert e-mails off.
    const page = await t.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    const oneClick = await t.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect(oneClick.body).toContain('Alert e-mails stopped');
    expect((await api('GET', '/notifications/settings', user)).json().email).toMatchObject({ enabled: false, verified: true, sending: true });

    const count = alertMails().length;
    const next = await fire(user, ['email']);
    const rows = await waitFor(
      () => history(user, next.id),
      (r) => r.length > 0,
    );
    expect(rows[0]).toMatchObject({ channel: 'email', status: 'skipped', attempt: 0 });
    expect(rows[0]!.error).toMatch(/switched off/);
    expect(alertMails().length).toBe(count);
  });

  it('retries a refused e-mail with backoff and records every attempt', async () => {
    const user = await verified();
    smtp.failNext(1, /Subject: Coincast alert/);
    const before = alertMails().length;
    const rule = await fire(user, ['email']);
    const rows = await waitFor(
      () => history(user, rule.id),
      (r) => r.some((row) => row.status === 'sent'),
    );
    expect(rows.map((r) => [r.attempt, r.succeeded])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(rows[1]!.error).toMatch(/451|Try again/);
    expect(alertMails().length).toBe(before + 1);
  });

  it('refuses channels the user cannot use yet, with a reason a person can act on', async () => {
    const user = await registerUser(t);
    await seedTickers(t, ['BTC/USDT']);
    const email = await api('POST', '/alerts', user, { type: 'price_above', symbol: 'BTC/USDT', threshold: '10', channels: ['email'] });
    expect(email.statusCode).toBe(400);
    expect(email.json().message).toMatch(/Confirm your e-mail address first/);
    const tg = await api('POST', '/alerts', user, { type: 'price_above', symbol: 'BTC/USDT', threshold: '10', channels: ['telegram'] });
    expect(tg.statusCode).toBe(400);
    expect(tg.json().message).toMatch(/Link your Telegram chat first/);
    const odd = await api('POST', '/alerts', user, { type: 'price_above', symbol: 'BTC/USDT', threshold: '10', channels: ['pigeon'] });
    expect(odd.statusCode).toBe(400);
    const defaults = await api('PATCH', '/notifications/settings', user, { defaultChannels: ['email'] });
    expect(defaults.statusCode).toBe(400);
    const zone = await api('PATCH', '/notifications/settings', user, { timeZone: 'Mars/Olympus' });
    expect(zone.json().message).toMatch(/Unknown time zone/);
  });

  it('links a Telegram chat with the one-time deep link, delivers through sendMessage, and unlinks with /stop or from the dashboard', async () => {
    const user = await verified();
    const link = await api('POST', '/notifications/telegram/link', user);
    expect(link.statusCode, link.body).toBe(200);
    const url = new URL(link.json().url);
    expect(url.origin + url.pathname).toBe('https://t.me/CoincastTestBot');
    const token = url.searchParams.get('start')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,64}$/);

    const poller = t.app.get(TelegramLinkService);
    telegram.userWrites(4242, `/start ${token}`);
    expect(await poller.poll()).toBe(1);
    expect(telegram.sent.at(-1)).toMatchObject({ chat_id: '4242', text: expect.stringMatching(/^Linked/) });
    expect((await api('GET', '/notifications/settings', user)).json().telegram).toEqual({ available: true, linked: true, paused: false });
    // The link works once; the offset moved past the handled update.
    telegram.userWrites(5555, `/start ${token}`);
    await poller.poll();
    expect(telegram.sent.at(-1)).toMatchObject({ chat_id: '5555', text: expect.stringMatching(/expired or was already used/) });
    expect(telegram.offsets.at(-1)).toBe(2);

    const rule = await fire(user, ['telegram']);
    await waitFor(
      async () => telegram.sent.filter((m) => m.chat_id === '4242').length,
      (n) => n >= 2,
    );
    expect(telegram.sent.filter((m) => m.chat_id === '4242').at(-1)!.text).toContain('from the test');
    expect((await history(user, rule.id)).filter((r) => r.channel === 'telegram')).toMatchObject([{ status: 'sent', attempt: 1, succeeded: true }]);

    telegram.userWrites(4242, '/stop');
    await poller.poll();
    expect((await api('GET', '/notifications/settings', user)).json().telegram.linked).toBe(false);

    const again = new URL((await api('POST', '/notifications/telegram/link', user)).json().url).searchParams.get('start')!;
    telegram.userWrites(4242, `/start ${again}`);
    await poller.poll();
    expect((await api('GET', '/notifications/settings', user)).json().telegram.linked).toBe(true);
    expect((await api('DELETE', '/notifications/telegram', user)).statusCode).toBe(204);
    expect((await api('GET', '/notifications/settings', user)).json().telegram.linked).toBe(false);
    expect(telegram.sent.at(-1)).toMatchObject({ chat_id: '4242', text: expect.stringMatching(/unlinked/) });
  });

  it('pauses a channel that keeps failing, with an in-app notice', async () => {
    const user = await verified();
    const token = new URL((await api('POST', '/notifications/telegram/link', user)).json().url).searchParams.get('start')!;
    telegram.userWrites(777, `/start ${token}`);
    await t.app.get(TelegramLinkService).poll();
    telegram.sendStatus = 500;
    const rule = await fire(user, ['telegram']);
    const rows = await waitFor(
      () => history(user, rule.id),
      (r) => r.some((row) => row.status === 'failed'),
    );
    expect(rows.map((r) => [r.attempt, r.succeeded])).toEqual([
      [3, false],
      [2, false],
      [1, false],
    ]);
    expect((await api('GET', '/notifications/settings', user)).json().telegram.paused).toBe(true);
    const inbox = (await api('GET', '/notifications', user)).json();
    expect(inbox.items.map((n: { title: string }) => n.title)).toContain('Telegram alerts paused');
    // Paused: the next alert is skipped, with the reason in the history.
    telegram.sendStatus = 200;
    const next = await fire(user, ['telegram']);
    const skipped = await waitFor(
      () => history(user, next.id),
      (r) => r.length > 0,
    );
    expect(skipped[0]).toMatchObject({ status: 'skipped' });
    const resumed = await api('PATCH', '/notifications/settings', user, { resume: ['telegram'] });
    expect(resumed.json().telegram.paused).toBe(false);
  });

  it('sends each (event, channel) once: duplicate jobs and concurrent workers do not send it twice', async () => {
    const user = await verified();
    await api('PATCH', '/notifications/settings', user, { defaultChannels: ['email'] });
    const before = alertMails().length;
    const rule = await fire(user, null); // the user's default channels
    const rows = await waitFor(
      () => history(user, rule.id),
      (r) => r.some((row) => row.status === 'sent'),
    );
    const service = t.app.get(ChannelDeliveryService);
    const [delivery] = (await t.dataSource.query(`SELECT id FROM channel_deliveries WHERE rule_id = $1`, [rule.id])) as { id: string }[];
    // The same delivery run again and again, at once (as by two workers), sends nothing more.
    await Promise.all([1, 2, 3].map((n) => service.deliver({ id: `dup-${n}`, name: 'deliver-notification', data: { deliveryId: delivery!.id }, attempt: 1 })));
    await service.enqueue([delivery!.id]);
    await service.sweep(new Date(Date.now() + 3_600_000));
    await settle(t, appEngine(t));
    expect(alertMails().length).toBe(before + 1);
    expect(rows.filter((r) => r.channel === 'email')).toHaveLength(1);
    // The schema backs it: a second row for the same (event, channel) is refused.
    await expect(
      t.dataSource.query(
        `INSERT INTO channel_deliveries (user_id, rule_id, event_id, channel) SELECT user_id, rule_id, event_id, channel FROM channel_deliveries WHERE id = $1`,
        [delivery!.id],
      ),
    ).rejects.toThrow(/channel_deliveries_event_channel|duplicate key/);
  });

  it('holds messages past the hourly cap and sends them as one digest', async () => {
    const user = await verified();
    await api('PATCH', '/notifications/settings', user, { hourlyCap: 1 });
    const before = alertMails().length;
    const rules = [await fire(user, ['email']), await fire(user, ['email']), await fire(user, ['email'])];
    const statuses = async () =>
      (await t.dataSource.query(`SELECT status FROM channel_deliveries WHERE rule_id = ANY($1::uuid[]) ORDER BY status`, [rules.map((r) => r.id)])) as {
        status: string;
      }[];
    await waitFor(statuses, (rows) => rows.length === 3 && rows.every((r) => r.status === 'sent' || r.status === 'held'));
    expect((await statuses()).map((r) => r.status)).toEqual(['held', 'held', 'sent']);
    expect(alertMails().length).toBe(before + 1);
    const service = t.app.get(ChannelDeliveryService);
    expect(await service.digest(1)).toBe(1);
    expect(await service.digest(1)).toBe(0); // one digest per slot, however many workers run it
    await waitFor(
      async () => alertMails().length,
      (n) => n === before + 2,
    );
    const digest = alertMails().at(-1)!;
    expect(digest.parsed.subject).toBe('Coincast: 2 alerts while messages were held');
    expect(digest.parsed.text!.match(/from the test/g)).toHaveLength(2);
    expect((await statuses()).map((r) => r.status)).toEqual(['digested', 'digested', 'sent']);
    expect((await history(user, rules[2]!.id))[0]).toMatchObject({ status: 'digested' });
  });

  it("holds messages during quiet hours (in the user's time zone)", async () => {
    const user = await verified();
    // A quiet window covering every minute of the day but the next one (22:00–07:00 style, over midnight): now is quiet.
    const hhmm = (at: Date) => at.toISOString().slice(11, 16);
    const end = hhmm(new Date(Date.now() + 60_000));
    const start = hhmm(new Date(Date.now() + 120_000));
    const saved = await api('PATCH', '/notifications/settings', user, { quietStart: start, quietEnd: end, timeZone: 'UTC' });
    expect(saved.statusCode, saved.body).toBe(200);
    const before = alertMails().length;
    const rule = await fire(user, ['email']);
    const rows = await waitFor(
      () => history(user, rule.id),
      (r) => r.length > 0 && r[0]!.status !== 'pending' && r[0]!.status !== 'sending',
    );
    expect(rows[0]).toMatchObject({ status: 'held' });
    expect(rows[0]!.error).toMatch(/quiet hours/);
    expect(alertMails().length).toBe(before);
  });
});
