import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type TestApp } from '../support/test-app';
import { appEngine, publishTick, quietMarketsEnv, seedTickers, settle, T0 } from './alerts-support';

describe('notification socket event', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: markets.env });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    markets.remove();
  });

  it('reaches every socket of the rule owner (room user:<id>) and no one else', async () => {
    const owner = await registerUser(t);
    const other = await registerUser(t);
    const connect = async (token: string) => {
      const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const received: unknown[] = [];
      socket.on('notification', (payload: unknown) => received.push(payload));
      return received;
    };
    const ownerTab1 = await connect(owner.accessToken);
    const ownerTab2 = await connect(owner.accessToken);
    const otherTab = await connect(other.accessToken);

    await seedTickers(t, ['SOCK/USDT']);
    const rule = (
      await t.inject({ method: 'POST', url: '/api/v1/alerts', headers: owner.auth, payload: { type: 'crosses_up', symbol: 'SOCK/USDT', threshold: '10' } })
    ).json();
    await settle(t, appEngine(t));
    await publishTick(t, 'SOCK/USDT', 9, T0);
    await settle(t, appEngine(t));
    await publishTick(t, 'SOCK/USDT', 11, T0 + 1000);
    await settle(t, appEngine(t));
    const deadline = Date.now() + 5000;
    while ((ownerTab1.length < 1 || ownerTab2.length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const inbox = (await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: owner.auth })).json();
    expect(ownerTab1).toEqual([{ ...inbox.items[0], alertId: rule.id }]);
    expect(ownerTab2).toHaveLength(1);
    expect(otherTab).toEqual([]);
  });
});
