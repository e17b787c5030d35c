/**
 * Load test through nginx (loopback, bounded): the production shape of the scale-out suite (nginx → 2 api
 * replicas + 1 worker, PostgreSQL, private Redis, replay data) under an authenticated REST mix while socket
 * clients receive the live tick fan-out. Reports throughput, latency percentiles, errors and CPU/memory per
 * process.
 *
 *   npm run build -w ml && npm run build -w backend && npm run bench -w backend -- load-nginx
 *   LOAD_SECONDS=20 LOAD_CONNECTIONS=32 LOAD_SOCKETS=300 npm run bench -w backend -- load-nginx
 */
import { readFileSync, readdirSync } from 'node:fs';
import autocannon from 'autocannon';
import { io, Socket } from 'socket.io-client';
import type { Tick } from '../src/markets/tick';
import { SCALE_SYMBOLS, ScaleCluster } from '../test-scale/support/cluster';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 20);
const SOCKETS = Number(process.env.LOAD_SOCKETS ?? 200);
const USERS = 10;
const ROUTE_NAMES = ['GET /markets', 'GET /markets/:symbol/ticker', 'GET /markets/:symbol/candles', 'GET /portfolios/:id/holdings', 'GET /forecasts/:symbol'];
const CLOCK_TICKS = 100; // USER_HZ of /proc/<pid>/stat on Linux

interface ProcessSample {
  cpuSeconds: number;
  rssBytes: number;
}

/** CPU time (user + system) and resident memory of a process and its children (nginx workers), from /proc. */
function sampleTree(pid: number): ProcessSample {
  const pids = [pid, ...childrenOf(pid)];
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuSeconds += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      rssBytes += rss ? Number(rss[1]) * 1024 : 0;
    } catch {
      // process gone
    }
  }
  return { cpuSeconds, rssBytes };
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // raced with exit
    }
  }
  return children;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  console.log(`booting nginx + 2 api + 1 worker (PostgreSQL, private Redis, replay data)…`);
  const cluster = await ScaleCluster.start({ apiReplicas: 2, workers: 1, env: { TICKER_POLL_MS: '1000', LOG_LEVEL: 'error' } });
  const sockets: Socket[] = [];
  try {
    // Set-up straight on a replica (nginx rate-limits sign-ups per address, and that is not what is measured).
    const direct = `http://127.0.0.1:${cluster.apis[0].port}/api/v1`;
    const users: Array<{ token: string; portfolioId: string }> = [];
    for (let i = 0; i < USERS; i++) {
      const { accessToken } = await json<{ accessToken: string }>(`${direct}/auth/register`, {
        method: 'POST',
        body: JSON.stringify({ email: `load${i}-${Date.now()}@example.com`, password: 'correct horse battery 42' }),
      });
      const auth = { authorization: `Bearer ${accessToken}` };
      const portfolio = await json<{ id: string }>(`${direct}/portfolios`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Main' }) });
      for (const [asset, quantity, price] of [
        ['BTC', '0.5', '30000'],
        ['ETH', '4', '2000'],
        ['BTC', '0.1', '40000'],
      ]) {
        await json(`${direct}/portfolios/${portfolio.id}/transactions`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ type: 'buy', time: '2025-01-01T00:00:00Z', asset, quantity, price }),
        });
      }
      users.push({ token: accessToken, portfolioId: portfolio.id });
    }

    // Socket fan-out running during the REST load.
    // Tick timestamps are replay time, not wall time, so the fan-out is measured as the spread between the first
    // and the last socket receiving the same tick, and as the share of sockets that received it.
    const arrivals = new Map<string, { first: number; last: number; count: number }>();
    let ticksReceived = 0;
    let recording = false;
    for (let i = 0; i < SOCKETS; i++) {
      const socket = io(cluster.url, { path: '/socket.io', transports: ['websocket'], auth: { token: users[i % USERS].token }, forceNew: true });
      socket.on('ticker', (tick: Tick) => {
        if (!recording) return;
        ticksReceived++;
        const key = `${tick.symbol}@${tick.timestamp}`;
        const now = performance.now();
        const seen = arrivals.get(key);
        if (seen) {
          seen.last = now;
          seen.count++;
        } else arrivals.set(key, { first: now, last: now, count: 1 });
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => socket.emit('subscribe', { symbols: SCALE_SYMBOLS }, () => resolve()));
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    recording = true;

    const routes = (u: { token: string; portfolioId: string }) => [
      `/api/v1/markets`,
      `/api/v1/markets/BTC-USDT/ticker`,
      `/api/v1/markets/ETH-USDT/candles?timeframe=1h`,
      `/api/v1/portfolios/${u.portfolioId}/holdings`,
      `/api/v1/forecasts/BTC-USDT`,
    ];
    const statusByRoute = new Map<string, Map<number, number>>();
    const processes = [
      ...cluster.apis.map((api, i) => ({ name: `api${i + 1}`, pid: api.process.pid! })),
      ...cluster.workers.map((worker, i) => ({ name: `worker${i + 1}`, pid: worker.pid! })),
      { name: 'nginx (master+worker)', pid: cluster.nginx.pid! },
      { name: 'redis', pid: cluster.redis.pid! },
    ];
    const before = processes.map((p) => sampleTree(p.pid));
    let peakRss = before.map((s) => s.rssBytes);
    const rssTimer = setInterval(() => {
      peakRss = processes.map((p, i) => Math.max(peakRss[i], sampleTree(p.pid).rssBytes));
    }, 1_000);
    const startedAt = Date.now();

    let n = 0;
    const result = await autocannon({
      url: cluster.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          // Requests on one connection are sequential, so the connection's context remembers the route in flight.
          setupRequest: (request, context) => {
            const user = users[n % USERS];
            const index = Math.floor(n / USERS) % ROUTE_NAMES.length;
            n++;
            (context as { route?: string }).route = ROUTE_NAMES[index];
            return { ...request, method: 'GET', path: routes(user)[index], headers: { authorization: `Bearer ${user.token}` } };
          },
          onResponse: (status, _body, context) => {
            const route = (context as { route?: string }).route ?? '?';
            const counts = statusByRoute.get(route) ?? new Map<number, number>();
            counts.set(status, (counts.get(status) ?? 0) + 1);
            statusByRoute.set(route, counts);
          },
        },
      ],
    });
    clearInterval(rssTimer);
    const wall = (Date.now() - startedAt) / 1000;
    recording = false;
    const after = processes.map((p) => sampleTree(p.pid));
    const codes = ROUTE_NAMES.map((route) => {
      const counts = [...(statusByRoute.get(route) ?? new Map<number, number>())].map(([status, count]) => `${status}×${count}`).join(' ');
      return `${route}: ${counts}`;
    });

    // Ticks at the edges of the window reached only part of the sockets before recording started or stopped.
    const complete = [...arrivals.values()].slice(1, -1);
    const spreads = complete.map((a) => a.last - a.first).sort((a, b) => a - b);
    const reach = complete.map((a) => a.count / SOCKETS);
    const fullReach = reach.filter((r) => r === 1).length;
    console.log(`\n## REST mix through nginx: ${CONNECTIONS} connections, ${SECONDS} s, ${USERS} users, ${SOCKETS} sockets listening`);
    console.log(`status codes by route: ${codes.join(' · ')}`);
    console.log(`| requests/s (mean) | latency p50 | p90 | p99 | max | requests | 2xx | non-2xx | errors | timeouts |`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|`);
    console.log(
      `| ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p90} ms | ${result.latency.p99} ms | ${result.latency.max} ms | ${result.requests.total} | ${result['2xx']} | ${result.non2xx} | ${result.errors} | ${result.timeouts} |`,
    );
    console.log(`\n## socket fan-out during the load: ${SOCKETS} sockets × ${SCALE_SYMBOLS.length} symbols`);
    console.log(
      `tick deliveries: ${ticksReceived} (${(ticksReceived / wall).toFixed(0)}/s) for ${arrivals.size} distinct ticks; ticks that reached all ${SOCKETS} sockets: ${fullReach}/${complete.length}`,
    );
    console.log(
      `first-to-last socket spread per tick: p50 ${percentile(spreads, 50).toFixed(1)} ms, p99 ${percentile(spreads, 99).toFixed(1)} ms, max ${spreads[spreads.length - 1]?.toFixed(1)} ms`,
    );
    console.log(`machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (2 cores shared with other work)`);
    console.log(`\n## processes (CPU over the ${wall.toFixed(1)} s run: 100% = one core)`);
    console.log(`| process | CPU | RSS before | RSS peak |`);
    console.log(`|---|---|---|---|`);
    processes.forEach((p, i) => {
      const cpu = ((after[i].cpuSeconds - before[i].cpuSeconds) / wall) * 100;
      console.log(`| ${p.name} | ${cpu.toFixed(0)}% | ${(before[i].rssBytes / 2 ** 20).toFixed(0)} MiB | ${(peakRss[i] / 2 ** 20).toFixed(0)} MiB |`);
    });
  } finally {
    for (const socket of sockets) socket.close();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
