import { trimTrailingSlashes } from '../common/trim-slashes';
import type { Env } from '../config/env.schema';

/** The origin links in e-mails and Telegram messages point at (PUBLIC_URL, else this API on localhost). */
export function publicUrl(env: Pick<Env, 'PUBLIC_URL' | 'PORT'>, pathAndQuery = '/'): string {
  const base = trimTrailingSlashes(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
  return `${base}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}
