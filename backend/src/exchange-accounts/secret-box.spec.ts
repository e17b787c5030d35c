import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecretsKey, SECRETS_KEY_FILE, SecretBox, SecretUnreadableError } from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('round-trips, with a fresh IV each time and no plaintext in the ciphertext', () => {
    const a = box.seal('my-exchange-secret', 'row-1');
    const b = box.seal('my-exchange-secret', 'row-1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:/);
    expect(Buffer.from(a.slice(3), 'base64').toString('latin1')).not.toContain('my-exchange-secret');
    expect(box.open(a, 'row-1')).toBe('my-exchange-secret');
  });

  it('refuses another key, another row (associated data) and a tampered ciphertext', () => {
    const sealed = box.seal('s3cret', 'row-1');
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'row-1')).toThrow(SecretUnreadableError);
    expect(() => box.open(sealed, 'row-2')).toThrow(SecretUnreadableError);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`, 'row-1')).toThrow(SecretUnreadableError);
    expect(() => box.open('v2:abc', 'row-1')).toThrow(SecretUnreadableError);
  });
});

describe('resolveSecretsKey', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('takes SECRETS_KEY when set', () => {
    const key = 'ab'.repeat(32);
    expect(resolveSecretsKey({ SECRETS_KEY: key, ROLE: 'api', DATA_DIR: '.data' })).toEqual({ key: Buffer.from(key, 'hex'), source: 'env' });
  });

  it('generates a key into DATA_DIR with mode 0600 on first start and reads the same one afterwards', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coincast-secrets-'));
    dirs.push(dir);
    const first = resolveSecretsKey({ SECRETS_KEY: undefined, ROLE: 'all', DATA_DIR: dir });
    expect(first.source).toBe('generated');
    const file = path.join(dir, SECRETS_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('hex'));
    const second = resolveSecretsKey({ SECRETS_KEY: undefined, ROLE: 'all', DATA_DIR: dir });
    expect(second).toEqual({ key: first.key, source: 'file' });
  });

  it('refuses to start split roles without SECRETS_KEY, saying how to set it', () => {
    expect(() => resolveSecretsKey({ SECRETS_KEY: undefined, ROLE: 'worker', DATA_DIR: '.data' })).toThrow(/SECRETS_KEY=\$\(openssl rand -hex 32\)/);
  });
});
