import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-click unsubscribe link of alert e-mails (RFC 8058) carries the user id and an HMAC of it under the server's
 * signing secret: stateless, never guessable, and valid for as long as the address gets alert e-mails.
 */
export function unsubscribeSignature(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:email:${userId}`).digest('base64url');
}

export function verifyUnsubscribe(secret: string, userId: string, signature: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, userId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
