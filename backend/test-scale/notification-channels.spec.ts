import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackSmtp, type ReceivedMail } from '../test/notifications/channel-fakes';
import { api, registerThrough } from './support/clients';
import { SCALE_SYMBOLS, ScaleCluster } from './support/cluster';
import { waitFor } from './support/processes';

/**
 * E-mail alerts with two workers (issue 22): both run the alert engine and the notifications queue (BullMQ on Redis);
 * every alert event still gives exactly one e-mail, through UNIQUE (event_id, channel) and the per-attempt claim.
 * A real SMTP server (smtp-server) listens on loopback in this process.
 */
let cluster: ScaleCluster;
let smtp: Awaited<ReturnType<typeof loopbackSmtp>>;
const BTC = SCALE_SYMBOLS[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  smtp = await loopbackSmtp();
  cluster = await ScaleCluster.start({
    apiReplicas: 1,
    workers: 2,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Coincast <alerts@coincast.test>', PUBLIC_URL: 'https://coincast.test', NOTIFY_BACKOFF_MS: '100' },
  });
});

afterAll(async () => {
  await cluster?.stop();
  await smtp?.close();
});

describe('e-mail alerts across two workers', () => {
  it('each alert event is e-mailed exactly once, even with a refused first attempt', async () => {
    const { token, userId } = await registerThrough(cluster.url);
    await cluster.sql(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [userId]);
    const [{ email }] = await cluster.sql<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [userId]);
    const alertMails = () => smtp.messages.filter((m: ReceivedMail) => m.to.includes(email) && /^Coincast alert:/.test(m.parsed.subject ?? ''));
    smtp.failNext(1, /Subject: Coincast alert/);

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      // BTC is always above 1 USDT: a level rule armed while true fires on the next tick, on whichever engine sees it first.
      const created = await api<{ id: string }>(cluster.url, 'POST', '/api/v1/alerts', {
        token,
        body: { type: 'price_above', symbol: BTC, threshold: String(1 + i), channels: ['email'], note: `rule ${i}` },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
    }
    await waitFor('six alert e-mails', async () => alertMails().length >= 6, 60_000);
    await sleep(3_000); // more ticks on both workers, retries, sweeps
    const mails = alertMails();
    expect(mails).toHaveLength(6);
    for (let i = 0; i < 6; i++) expect(mails.filter((m) => m.parsed.text?.includes(`rule ${i}`))).toHaveLength(1);

    const rows = await cluster.sql<{ rule_id: string; status: string; attempts: number }>(
      `SELECT rule_id, status, attempts FROM channel_deliveries WHERE user_id = $1 ORDER BY rule_id`,
      [userId],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    // The refused attempt was retried and recorded: 7 attempts in all, 6 of them successful.
    const [attempts] = await cluster.sql<{ total: number; ok: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE a.succeeded)::int AS ok
         FROM channel_delivery_attempts a JOIN channel_deliveries d ON d.id = a.delivery_id WHERE d.user_id = $1`,
      [userId],
    );
    expect(attempts).toEqual({ total: 7, ok: 6 });
    const history = await api<{ channel: string; status: string; succeeded: boolean }[]>(cluster.url, 'GET', `/api/v1/alerts/${ids[0]}/deliveries`, { token });
    expect(history.body.filter((h) => h.channel === 'email' && h.succeeded)).toHaveLength(1);
  });
});
