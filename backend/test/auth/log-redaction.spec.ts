import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/bootstrap';
import { createLoggers } from '../../src/logging';
import { createTestApp, TestApp } from '../support/test-app';

/** Runs the auth flows with request logging on and scans every captured log line for the secrets they carried. */
describe('no secret in logs', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await createTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: stream });
  });
  afterAll(async () => {
    await t.close();
  });

  it('redacts passwords, access and refresh tokens and API keys', async () => {
    const password = 'very secret pass 9';
    const newPassword = 'another secret 77';
    const register = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'logs@example.com', password } });
    const { accessToken, refreshToken } = register.json();
    const refreshed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    const auth = { authorization: `Bearer ${refreshed.json().accessToken}` };
    const key = (await t.inject({ method: 'POST', url: '/api/v1/api-keys', headers: auth, payload: { name: 'k', scope: 'write' } })).json().key;
    await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
    await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${accessToken}` } });
    await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'logs@example.com', password: 'wrong password 1' } });
    await t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: auth, payload: { currentPassword: password, newPassword } });
    await t.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: refreshed.json().refreshToken } });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The capture works: request lines were logged (otherwise this test could not fail), one per request, with
    // method, URL, status and duration but no headers.
    const meLines = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req?.url === '/api/v1/auth/me');
    expect(meLines).toHaveLength(2);
    for (const entry of meLines) {
      expect(entry).toMatchObject({ msg: 'request completed', req: { method: 'GET' }, res: { statusCode: 200 } });
      expect(typeof entry.responseTime).toBe('number');
      expect(entry.req.headers).toBeUndefined();
    }
    const log = lines.join('\n');
    for (const secret of [password, newPassword, accessToken, refreshToken, refreshed.json().accessToken, refreshed.json().refreshToken, key]) {
      expect(log).not.toContain(secret);
    }
  });

  it('redacts credentials in application log lines', () => {
    const captured: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => captured.push(chunk.toString('utf8')));
    const { app } = createLoggers(loadConfig({ ...process.env, LOG_LEVEL: 'info' }), sink);
    app.info(
      { req: { headers: { authorization: 'Bearer abc.def.ghi', 'x-api-key': 'cc_live_secret' } }, user: { email: 'a@b.co', password: 'hunter2 hunter2' } },
      'login attempt',
    );
    app.flush();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        const entry = JSON.parse(captured.join(''));
        expect(entry.msg).toBe('login attempt');
        expect(entry.req.headers).toEqual({ authorization: '[redacted]', 'x-api-key': '[redacted]' });
        expect(entry.user).toEqual({ email: 'a@b.co', password: '[redacted]' });
        resolve();
      }),
    );
  });
});
