import { afterAll, describe, expect, it } from 'vitest';
import { describeRole, formatRoleSummary } from '../../src/role-summary';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, type TestApp } from '../support/test-app';

/** The boot-time role check (main.ts / main.worker.ts log it): it lists what a process actually runs. */
describe('role summary', () => {
  const apps: TestApp[] = [];
  const folder = makeReplayFolder(['BTC'], 24 * 3);
  afterAll(async () => {
    for (const t of apps) await t.close();
    folder.remove();
  });
  const start = async (env: Record<string, string>) => {
    const t = await createTestApp({ env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, TICKER_POLL_MS: '60000', ...env } });
    apps.push(t);
    return t;
  };

  it('a worker lists its job queues with their jobs and its periodic triggers, and serves no HTTP', async () => {
    const t = await start({ ROLE: 'worker', FORECASTS_ENABLED: 'true', FORECAST_INITIAL_TRAINING: 'false' });
    const summary = describeRole(t.app, { http: false });
    expect(summary.role).toBe('worker');
    expect(summary.queues).toEqual([
      { queue: 'account-mail', jobs: ['account-email'] },
      { queue: 'alert-webhooks', jobs: ['deliver-webhook'] },
      { queue: 'exchange-accounts', jobs: ['exchange-sync', 'exchange-sync-due'] },
      { queue: 'forecast-training', jobs: ['model-train'] },
      { queue: 'forecasts', jobs: ['forecast-slot', 'model-lifecycle'] },
      { queue: 'markets', jobs: ['sync-candles', 'prune-candles'] },
      { queue: 'markets-backfill', jobs: ['backfill-market'] },
      { queue: 'news', jobs: ['news-fetch'] },
      { queue: 'notifications', jobs: ['deliver-notification', 'notification-digest'] },
    ]);
    expect(summary.triggers).toEqual([
      'alerts:sweep',
      'exchange-accounts:sync-due',
      'forecasts:scheduler-tick',
      'markets:poll-tickers',
      'markets:sync-candles',
      'news:fetch',
      'notifications:digest',
      'notifications:sweep',
    ]);
    expect(summary.problems).toEqual([]);
    expect(formatRoleSummary(summary)).toContain('role worker runs: http no · jobs account-mail[account-email], alert-webhooks[deliver-webhook], ');
  });

  it('an api process runs no job and no trigger', async () => {
    const t = await start({ ROLE: 'api' });
    const summary = describeRole(t.app, { http: true });
    expect(summary).toEqual({ role: 'api', http: true, queues: [], triggers: [], problems: [] });
    expect(formatRoleSummary(summary)).toBe('role api runs: http yes (REST, OpenAPI, socket.io) · jobs none · triggers none');
  });

  it('names a mismatch between the role and what runs', async () => {
    const t = await start({ ROLE: 'api' });
    expect(describeRole(t.app, { http: false }).problems).toEqual(['role api does not serve HTTP']);
  });
});
