import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/env.schema';

/** File in DATA_DIR holding the generated signing secret of a single-process install (`npm start`). */
export const JWT_SECRET_FILE = 'jwt-secret';

export const JWT_SECRET_HOWTO =
  'JWT_SECRET is required when ROLE is api or worker (the processes share no DATA_DIR to keep a generated one): ' +
  'set the same random value on every process, e.g. `JWT_SECRET=$(openssl rand -hex 32)` in .env';

export interface ResolvedSecret {
  secret: string;
  source: 'env' | 'file' | 'generated' | 'memory';
}

/**
 * The access-token signing secret. There is no built-in default: JWT_SECRET when set; otherwise, for ROLE=all, a
 * random 256-bit secret generated on first start and kept in `DATA_DIR/jwt-secret` (mode 0600) so sessions survive a
 * restart. ROLE=api/worker refuse to start without JWT_SECRET. DATA_DIR=:memory: gets a per-process secret.
 */
export function resolveJwtSecret(env: Pick<Env, 'JWT_SECRET' | 'ROLE' | 'DATA_DIR'>): ResolvedSecret {
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET, source: 'env' };
  if (env.ROLE !== 'all') throw new Error(`Invalid configuration:\n  - ${JWT_SECRET_HOWTO}`);
  if (env.DATA_DIR === ':memory:') return { secret: randomBytes(32).toString('hex'), source: 'memory' };
  const dir = path.resolve(env.DATA_DIR);
  const file = path.join(dir, JWT_SECRET_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    const secret = randomBytes(32).toString('hex');
    // 'wx': never overwrite; of two processes starting at once, one creates and the other reads.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`Invalid configuration:\n  - ${file} holds no usable secret (under 32 characters): delete it to generate a new one, or set JWT_SECRET`);
  return { secret, source: 'file' };
}
