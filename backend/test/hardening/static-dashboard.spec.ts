import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../src/common/security-headers';
import { createTestApp, TestApp } from '../support/test-app';

/** A CSP as its list of directives (helmet joins them with ';', nginx's literal with '; '). */
const directives = (csp: string) =>
  csp
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);

describe('the built dashboard served by the API process', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'coincast-dist-'));
  let t: TestApp;
  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Coincast</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp({ env: { FRONTEND_DIST: dist } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / without caching, and hashed assets with a long cache', async () => {
    const root = await t.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.headers['cache-control']).toBe('no-cache');
    expect(root.body).toContain('<div id="root">');
    const asset = await t.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers client-side routes with index.html (SPA fallback) but unknown API routes with a JSON 404', async () => {
    const route = await t.inject({ method: 'GET', url: '/portfolios/42' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root">');
    const api = await t.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('sends the same security headers and CSP as nginx (issue 14: none were sent when Fastify served the dashboard)', async () => {
    const nginx = readFileSync(path.resolve(__dirname, '../../../nginx/nginx.conf'), 'utf8');
    const nginxCsp = /map \$host \$csp \{\s*default "([^"]+)";/.exec(nginx)?.[1];
    expect(nginxCsp).toBeTruthy();
    expect(DASHBOARD_CSP).toBe(nginxCsp);
    for (const url of ['/', '/portfolios/42', '/assets/index-abc123.js']) {
      const response = await t.inject({ method: 'GET', url });
      expect(directives(String(response.headers['content-security-policy'])), url).toEqual(directives(nginxCsp!));
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['permissions-policy'], url).toBe('camera=(), microphone=(), geolocation=()');
    }
    // Swagger UI needs inline script: every header but the CSP, as behind nginx.
    const docs = await t.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.headers['content-security-policy']).toBeUndefined();
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
  });
});
