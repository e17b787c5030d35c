/**
 * Requests/s of GET /api/v1/auth/me with a JWT and with an API key, next to a bare Fastify handler returning the same
 * JSON body, measured in the same process with the same client (autocannon, loopback, 50 connections).
 * The ratio JWT / bare is the figure (target >= 0.5). "JWT" reuses one token, as clients do until it expires (the API
 * remembers tokens it has verified); "JWT, first use of each token" sends a different valid token on every request,
 * so every request pays the full passport-jwt verification.
 *
 * The app runs as an API replica (ROLE=api, as in docker-compose: the background jobs live in the worker), and is
 * measured twice: with LOG_LEVEL=silent and with LOG_LEVEL=info writing every request line to /dev/null. Each target
 * is warmed up first, then measured in ROUNDS alternating rounds (bare, JWT, ..., bare, ...) and the median round is
 * reported, so a burst of load from elsewhere on a shared machine hits all targets alike. CPU microseconds per request
 * (client and server together, from process.cpuUsage) are printed too: on a busy machine they are steadier than req/s.
 * PostgreSQL when DATABASE_URL is set, else PGlite.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pino from 'pino';
import { createApp, loadConfig } from '../src/bootstrap';
import { signHs256 } from '../test/support/jwt';
import { randomBytes } from 'node:crypto';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Sample {
  rps: number;
  cpuUsPerRequest: number;
  p99: number;
  errors: number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  /**
   * Sends a never-used Authorization header on every request: `make(n)` builds the n-th distinct token, and the
   * counter lives with the target so the warm-up and every round continue where the last call stopped.
   */
  rotatingAuthorization?: { make: (n: number) => string; next: number; observedRps?: number };
}

async function measure(target: Target, duration = DURATION_S): Promise<Sample> {
  const { url, headers, rotatingAuthorization: rotating } = target;
  // Built before the clock starts (signing is the client's work), sized at 3x the rate the previous call reached (1.5x ran out on a machine whose load swings)
  // (the first call: a generous bound), and dropped after the round: one pool for every round (~100 MB of strings)
  // slowed every target through GC.
  const batch = Math.ceil(duration * (rotating?.observedRps ? 3 * rotating.observedRps : MAX_REQUESTS_PER_SECOND));
  const fresh = rotating ? Array.from({ length: batch }, () => rotating.make(rotating.next++)) : [];
  let sent = 0;
  const requests = rotating
    ? [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, authorization: fresh[sent++ % fresh.length] } }) }]
    : undefined;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ url, headers, duration, connections: CONNECTIONS, requests });
  const cpu = process.cpuUsage(cpuBefore);
  if (rotating) {
    if (result.requests.total > fresh.length) throw new Error('fresh-token batch too small: tokens were sent twice');
    rotating.observedRps = result.requests.total / duration;
  }
  return {
    rps: result.requests.average,
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

/** Upper bound of one target's request rate here (bare Fastify reaches ~12k/s), for sizing the fresh-token batches. */
const MAX_REQUESTS_PER_SECOND = 15_000;

/**
 * The n-th distinct valid access token for the account of `accessToken` (a `jti` makes each unique); never sent twice,
 * so each request measures a token's first use: full passport-jwt verification.
 */
function freshTokenMaker(accessToken: string, secret: string): (n: number) => string {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'));
  return (jti) => `Bearer ${signHs256({ ...claims, jti }, secret)}`;
}

async function startApp(logLevel: 'silent' | 'info') {
  // pino's own asynchronous destination, as on stdout in production; only the target file differs.
  const logStream = logLevel === 'info' ? pino.destination({ dest: '/dev/null', sync: false }) : undefined;
  const config = loadConfig({
    ...process.env,
    ROLE: process.env.ROLE ?? 'api',
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    LOG_LEVEL: logLevel,
    DATA_DIR: process.env.DATA_DIR ?? ':memory:',
    FRONTEND_DIST: '',
    PORT: '0',
  });
  const app = await createApp(config, { logStream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, jwtSecret: config.jwtSecret, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1` };
}

async function main(): Promise<void> {
  const storage = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  for (const logLevel of ['silent', 'info'] as const) {
    const { app, base, jwtSecret } = await startApp(logLevel);
    const register = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench password 1' }),
    }).then((response) => response.json() as Promise<{ accessToken: string }>);
    const bearer = { authorization: `Bearer ${register.accessToken}` };
    const key = await fetch(`${base}/api-keys`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', scope: 'read' }),
    }).then((response) => response.json() as Promise<{ key: string }>);
    const sample = await fetch(`${base}/auth/me`, { headers: bearer }).then((response) => response.text());

    const bare = Fastify();
    bare.get('/me', async (_request, reply) => reply.type('application/json').send(sample));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareAddress = bare.server.address();
    const targets: Record<string, Target> = {
      'bare Fastify': { url: `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}/me`, headers: {} },
      JWT: { url: `${base}/auth/me`, headers: bearer },
      'JWT, first use of each token': {
        url: `${base}/auth/me`,
        headers: {},
        rotatingAuthorization: { make: freshTokenMaker(register.accessToken, jwtSecret), next: 0 },
      },
      'API key': { url: `${base}/auth/me`, headers: { 'x-api-key': key.key as string } },
    };
    const samples: Record<string, Sample[]> = {};
    for (const target of Object.values(targets)) await measure(target, 2); // JIT warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, target] of Object.entries(targets)) (samples[name] ??= []).push(await measure(target));
    }
    const bareRps = median(samples['bare Fastify']!.map((s) => s.rps));
    const bareCpu = median(samples['bare Fastify']!.map((s) => s.cpuUsPerRequest));
    console.log(
      `GET /api/v1/auth/me, ROLE=${process.env.ROLE ?? 'api'}, LOG_LEVEL=${logLevel}, storage ${storage}, ${CONNECTIONS} connections, median of ${ROUNDS} rounds of ${DURATION_S}s`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(samples).map(([name, list]) => {
          const rps = median(list.map((s) => s.rps));
          const cpu = median(list.map((s) => s.cpuUsPerRequest));
          return [
            name,
            {
              'req/s': Math.round(rps),
              ratio: +(rps / bareRps).toFixed(3),
              'CPU µs/req': Math.round(cpu),
              'CPU ratio': +(bareCpu / cpu).toFixed(3),
              'p99 ms': median(list.map((s) => s.p99)),
              errors: list.reduce((sum, s) => sum + s.errors, 0),
            },
          ];
        }),
      ),
    );
    await bare.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
