import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/env.schema';

/** File in DATA_DIR holding the generated encryption key of a single-process install (`npm start`). */
export const SECRETS_KEY_FILE = 'secrets-key';

export const SECRETS_KEY_HOWTO =
  'SECRETS_KEY is required when ROLE is api or worker (the processes share no DATA_DIR to keep a generated one): ' +
  'set the same random value on every process, e.g. `SECRETS_KEY=$(openssl rand -hex 32)` in .env';

export interface ResolvedSecretsKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated' | 'memory';
}

/**
 * The key that encrypts stored exchange secrets, resolved like the JWT secret (auth/jwt-secret.ts): SECRETS_KEY when
 * set; otherwise, for ROLE=all, a random 256-bit key generated on first start into `DATA_DIR/secrets-key` (mode 0600)
 * so stored secrets stay readable after a restart. ROLE=api/worker refuse to start without it; DATA_DIR=:memory: gets
 * a per-process key.
 */
export function resolveSecretsKey(env: Pick<Env, 'SECRETS_KEY' | 'ROLE' | 'DATA_DIR'>): ResolvedSecretsKey {
  if (env.SECRETS_KEY) return { key: Buffer.from(env.SECRETS_KEY, 'hex'), source: 'env' };
  if (env.ROLE !== 'all') throw new Error(`Invalid configuration:\n  - ${SECRETS_KEY_HOWTO}`);
  if (env.DATA_DIR === ':memory:') return { key: randomBytes(32), source: 'memory' };
  const dir = path.resolve(env.DATA_DIR);
  const file = path.join(dir, SECRETS_KEY_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    const key = randomBytes(32);
    // 'wx': never overwrite; of two processes starting at once, one creates and the other reads.
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new Error(`Invalid configuration:\n  - ${file} holds no usable key (64 hex characters expected): restore it, or set SECRETS_KEY`);
  }
  return { key: Buffer.from(text, 'hex'), source: 'file' };
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a stored secret cannot be decrypted (another key, or a tampered or swapped ciphertext). */
export class SecretUnreadableError extends Error {}

/**
 * AES-256-GCM for secrets at rest: `v1:` + base64(iv | tag | ciphertext), a fresh 96-bit IV per secret. `context`
 * (the owning row's id) is bound as additional authenticated data, so a ciphertext copied onto another row fails
 * to decrypt instead of lending that row its secret.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new SecretUnreadableError('unknown secret format');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('secret too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretUnreadableError('the stored secret cannot be decrypted with this SECRETS_KEY', { cause: error });
    }
  }
}
