import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing, Stripe-style: the signature covers `timestamp + "." + body`, so a captured request
 * cannot be replayed later with a new timestamp, and the body cannot be altered.
 *   X-Coincast-Timestamp: <unix seconds>
 *   X-Coincast-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 */
export const TIMESTAMP_HEADER = 'x-coincast-timestamp';
export const SIGNATURE_HEADER = 'x-coincast-signature';
export const EVENT_ID_HEADER = 'x-coincast-event-id';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * True when the signature matches and the timestamp is within `toleranceSeconds` of `nowMs`.
 * Constant-time comparison; what a receiver should run (the README has the same snippet).
 */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowMs: number,
  toleranceSeconds = 300,
): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
