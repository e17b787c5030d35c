import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../src/config/env.schema';
import { loopbackNginxConfig } from '../../test-scale/support/nginx-config';

/**
 * Static checks of the deployment files (Docker is not available where the tests run, so `docker compose config`
 * cannot): the compose file has the production shape, passes only variables the backend knows, and the nginx
 * config both parses (`nginx -t`, when nginx is installed) and allows the dashboard's inline script.
 */
const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const backendVariables = new Set(Object.keys(envSchema.shape));

describe('docker-compose.yml', () => {
  const { services } = compose;

  it('has postgres (volume, healthcheck), redis, two api replicas, a worker and nginx on 8080', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'nginx', 'postgres', 'redis', 'worker']);
    expect(services.postgres.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(services.postgres.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(services.redis.healthcheck?.test).toBeDefined();
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.api.environment?.ROLE).toBe('api');
    expect(services.worker.environment?.ROLE).toBe('worker');
    expect(services.worker.command).toEqual(['node', 'dist/main.worker.js']);
    expect(services.nginx.ports).toEqual(['${HTTP_PORT:-8080}:8080']);
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on?.postgres.condition).toBe('service_healthy');
      expect(services[name].depends_on?.redis.condition).toBe('service_healthy');
    }
    for (const volume of ['postgres-data', 'redis-data']) expect(compose.volumes).toHaveProperty(volume);
  });

  it('passes the backend only variables its env schema knows (a typo would be silently ignored)', () => {
    for (const name of ['api', 'worker']) {
      const unknown = Object.keys(services[name].environment ?? {}).filter((key) => !backendVariables.has(key));
      expect(unknown, `${name}: unknown variables`).toEqual([]);
    }
  });

  it('.env.example lists only backend variables or those the compose file interpolates', () => {
    const interpolated = new Set([...read('docker-compose.yml').matchAll(/\$\{(\w+)/g)].map((m) => m[1]));
    const listed = read('.env.example')
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')));
    expect(listed).toContain('JWT_SECRET');
    expect(listed).toContain('POSTGRES_PASSWORD');
    expect(listed.filter((key) => !backendVariables.has(key) && !interpolated.has(key))).toEqual([]);
  });
});

describe('Dockerfiles', () => {
  for (const file of ['backend/Dockerfile', 'nginx/Dockerfile']) {
    it(`${file} is multi-stage and runs as a non-root user`, () => {
      const text = read(file);
      const stages = text.split('\n').filter((line) => line.startsWith('FROM '));
      expect(stages.length).toBeGreaterThanOrEqual(2);
      const finalStage = text.slice(text.lastIndexOf('\nFROM '));
      expect(/\nUSER (?!root)\w+/.test(finalStage) || finalStage.includes('nginx-unprivileged')).toBe(true);
    });
  }

  it('the compose file builds from those Dockerfiles', () => {
    expect(compose.services.api.build?.dockerfile).toBe('backend/Dockerfile');
    expect(compose.services.nginx.build?.dockerfile).toBe('nginx/Dockerfile');
  });
});

describe('nginx/nginx.conf', () => {
  const production = read('nginx/nginx.conf');

  it("allows the dashboard's inline scripts by hash in its CSP", () => {
    const csp = /map \$host \$csp \{\s*default "([^"]+)";/.exec(production)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    const scripts = [...read('frontend/index.html').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('overwrites X-Forwarded-For with the peer address (a client cannot prepend its own), and the app trusts exactly one hop (issue 14)', () => {
    const headers = [...production.matchAll(/proxy_set_header\s+X-Forwarded-For\s+([^;]+);/gi)].map((m) => m[1]!.trim());
    expect(headers.length).toBeGreaterThan(0);
    expect(new Set(headers)).toEqual(new Set(['$remote_addr']));
    expect(production).not.toContain('$proxy_add_x_forwarded_for');
    // nginx inherits proxy_set_header only into a level that sets none: a location with headers of its own must set
    // X-Forwarded-For too, or the client's header passes through untouched (it did for /api/v1/auth/ before).
    for (const [, name, body] of production.matchAll(/location\s+([^{]+)\{([^}]*)\}/g)) {
      if (body!.includes('proxy_pass') && body!.includes('proxy_set_header'))
        expect(body, `location ${name!.trim()}`).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;/);
    }
    for (const service of ['api', 'worker']) expect(String(compose.services[service]!.environment?.TRUST_PROXY)).toBe('1');
    expect(String(compose.services.api!.environment?.HOST)).toBe('0.0.0.0');
  });

  it('turns into a loopback config with every upstream pointed at the given ports', () => {
    const conf = loopbackNginxConfig(production, { listenPort: 18080, apiPorts: [3101, 3102], staticRoot: '/srv/dist', workDir: '/tmp/x' });
    expect(conf).toContain('listen 127.0.0.1:18080;');
    expect(conf.match(/server 127\.0\.0\.1:3101 max_fails=3 fail_timeout=10s;/g)).toHaveLength(2);
    expect(conf.match(/server 127\.0\.0\.1:3102 max_fails=3 fail_timeout=10s;/g)).toHaveLength(2);
    expect(conf).not.toContain('api:3000');
    expect(conf).toContain('root /srv/dist;');
    expect(() =>
      loopbackNginxConfig(production.replace('listen 8080;', 'listen 80;'), { listenPort: 1, apiPorts: [2], staticRoot: '/', workDir: '/tmp' }),
    ).toThrow(/listen/);
  });

  const hasNginx = spawnSync('nginx', ['-v']).status === 0;
  it.runIf(hasNginx)('passes `nginx -t`', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coincast-nginx-t-'));
    try {
      const conf = loopbackNginxConfig(production, { listenPort: 18080, apiPorts: [3101, 3102], staticRoot: dir, workDir: dir });
      writeFileSync(path.join(dir, 'nginx.conf'), conf);
      const result = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
