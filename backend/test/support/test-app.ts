import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp, loadConfig } from '../../src/bootstrap';

/**
 * Test isolation: without CI=true tests run on an in-memory PGlite and in-process infra. With CI=true (or
 * TEST_DATABASE_URL) each call creates its own PostgreSQL database and Redis key prefix, and drops them on close.
 */
const useRealServices = process.env.CI === 'true' || !!process.env.TEST_DATABASE_URL;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database (CI) or undefined (embedded PGlite in memory). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!useRealServices) return { url: undefined, drop: async () => undefined };
  const name = `coincast_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  env: Record<string, string>;
  inject: NestFastifyApplication['inject'];
  /** Base URL when started with { listen: true } (socket tests). */
  url?: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  listen?: boolean;
  /** Reuse a database (several apps on one database, e.g. two engines). */
  database?: TestDatabase;
  /** Receives the app's JSON log lines. */
  logStream?: NodeJS.WritableStream;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const redisPrefix = `coincast-test:${randomBytes(4).toString('hex')}:`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    FRONTEND_DIST: '',
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(useRealServices ? { REDIS_URL, REDIS_PREFIX: redisPrefix } : {}),
    ...options.env,
  };
  const app = await createApp(loadConfig(env as NodeJS.ProcessEnv), { logStream: options.logStream });
  let url: string | undefined;
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : undefined;
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    dataSource,
    env,
    url,
    inject: app.inject.bind(app),
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
      if (env.REDIS_URL) await deleteRedisPrefix(env.REDIS_PREFIX);
    },
  };
}

/**
 * Gives a user the admin role the way an operator does (`npm run admin -w backend -- grant EMAIL`: the row's role,
 * then an invalidation on every replica). Tokens issued before keep working and are admin from the next request.
 */
export async function grantAdmin(t: Pick<TestApp, 'app'>, email: string): Promise<void> {
  const { setUserRole } = await import('../../src/cli/admin');
  const { AuthStateCache } = await import('../../src/auth/auth-state');
  await setUserRole(t.app.get(DataSource), email, 'admin', (change) => t.app.get(AuthStateCache).publish(change));
}

let userCounter = 0;

export interface RegisteredUser {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string };
  auth: { authorization: string };
}

export async function registerUser(t: Pick<TestApp, 'inject'>, email?: string, password = 'correct horse 42'): Promise<RegisteredUser> {
  const address = email ?? `user${++userCounter}-${randomBytes(3).toString('hex')}@example.com`;
  const response = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: address, password } });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return { ...body, auth: { authorization: `Bearer ${body.accessToken}` } };
}
