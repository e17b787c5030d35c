import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, createTestDatabase, registerUser, TestApp } from '../support/test-app';

/**
 * The documented backup procedure (pg_dump -Fc / pg_restore) gives a database on which the API answers exactly as
 * before for a seeded user. Needs a real PostgreSQL server and its client tools: runs with CI=true.
 */
const realPostgres = process.env.CI === 'true' || !!process.env.TEST_DATABASE_URL;

describe.runIf(realPostgres)('backup and restore with pg_dump / pg_restore', () => {
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 30);
  const workDir = mkdtempSync(path.join(tmpdir(), 'coincast-backup-'));
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    folder.remove();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('restores a dump into a fresh database with identical API answers', async () => {
    const env = { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir };
    const source = await createTestApp({ env });
    apps.push(source);
    const user = await registerUser(source, 'backup@example.com');
    const post = (url: string, payload: object) => source.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.auth, payload });
    const portfolio = (await post('/portfolios', { name: 'Savings', baseCurrency: 'USD', costBasisMethod: 'average' })).json();
    const day = 86_400_000;
    await post(`/portfolios/${portfolio.id}/transactions`, {
      type: 'buy',
      time: new Date(Date.now() - 5 * day).toISOString(),
      asset: 'BTC',
      quantity: '1.5',
      price: '100',
      feeAmount: '1',
      feeCurrency: 'USD',
    });
    await post(`/portfolios/${portfolio.id}/transactions`, {
      type: 'sell',
      time: new Date(Date.now() - 2 * day).toISOString(),
      asset: 'BTC',
      quantity: '0.5',
      price: '130',
    });
    await post('/alerts', { type: 'price_below', symbol: 'ETH/USDT', threshold: 1, mode: 'every', cooldownMinutes: 30, note: 'restored?' });

    const answers = async (app: TestApp, auth: Record<string, string>) => {
      const get = async (url: string) => (await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: auth })).json();
      const holdings = await get(`/portfolios/${portfolio.id}/holdings`);
      const exported = await get('/auth/me/export');
      return {
        portfolios: await get('/portfolios'),
        transactions: await get(`/portfolios/${portfolio.id}/transactions`),
        // Prices move with replayed time; the bookkeeping must not.
        holdings: holdings.holdings.map((h: Record<string, unknown>) => ({
          asset: h.asset,
          quantity: h.quantity,
          averageCost: h.averageCost,
          costBasis: h.costBasis,
          realizedPnl: h.realizedPnl,
        })),
        realizedPnl: holdings.realizedPnl,
        alerts: await get('/alerts'),
        export: { ...exported, exportedAt: undefined },
      };
    };
    const before = await answers(source, user.auth);
    expect(before.holdings).toEqual([expect.objectContaining({ asset: 'BTC', quantity: '1' })]);

    const dumpFile = path.join(workDir, 'coincast.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dumpFile}`, source.env.DATABASE_URL]);
    const restored = await createTestDatabase();
    try {
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.url}`, dumpFile]);
      const target = await createTestApp({ env, database: restored });
      apps.push(target);
      const login = await target.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'backup@example.com', password: 'correct horse 42' } });
      expect(login.statusCode).toBe(200);
      const after = await answers(target, { authorization: `Bearer ${login.json().accessToken}` });
      expect(after).toEqual(before);
    } finally {
      await apps.pop()?.close();
      await restored.drop();
    }
  });
});
