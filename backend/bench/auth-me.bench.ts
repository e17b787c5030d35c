/**
 * Requests/s of GET /api/v1/auth/me with a JWT and with an API key, next to a bare Fastify handler returning a
 * JSON body of the same size, measured in the same run with the same client (autocannon, loopback).
 * The ratio JWT / bare is the figure (target ≥ 0.5). Uses PostgreSQL when DATABASE_URL is set, else PGlite.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createApp, loadConfig } from '../src/bootstrap';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function measure(url: string, headers: Record<string, string>): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, headers, duration: DURATION_S, connections: CONNECTIONS });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const app = await createApp(
    loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: process.env.DATA_DIR ?? ':memory:', FRONTEND_DIST: '', PORT: '0' }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
  const register = await fetch(`${base}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench password 1' }),
  }).then((response) => response.json() as Promise<any>);
  const bearer = { authorization: `Bearer ${register.accessToken}` };
  const key = await fetch(`${base}/api-keys`, {
    method: 'POST',
    headers: { ...bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scope: 'read' }),
  }).then((response) => response.json() as Promise<any>);
  const sample = await fetch(`${base}/auth/me`, { headers: bearer }).then((response) => response.text());

  const bare = Fastify();
  bare.get('/me', async (_request, reply) => reply.type('application/json').send(sample));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareAddress = bare.server.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}/me`;

  const bareResult = await measure(bareUrl, {});
  const jwtResult = await measure(`${base}/auth/me`, bearer);
  const keyResult = await measure(`${base}/auth/me`, { 'x-api-key': key.key });

  const storage = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`GET /api/v1/auth/me, ${CONNECTIONS} connections, ${DURATION_S}s each, storage ${storage}`);
  console.table({
    'bare Fastify': { 'req/s': Math.round(bareResult.rps), 'p99 ms': bareResult.p99, errors: bareResult.errors, ratio: 1 },
    'JWT': { 'req/s': Math.round(jwtResult.rps), 'p99 ms': jwtResult.p99, errors: jwtResult.errors, ratio: +(jwtResult.rps / bareResult.rps).toFixed(3) },
    'API key': { 'req/s': Math.round(keyResult.rps), 'p99 ms': keyResult.p99, errors: keyResult.errors, ratio: +(keyResult.rps / bareResult.rps).toFixed(3) },
  });
  await bare.close();
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
