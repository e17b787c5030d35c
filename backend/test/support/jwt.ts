import { createHmac } from 'node:crypto';

/** Base64url of a JSON value: one JWT segment. */
export const jwtSegment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 token built by hand, the way jsonwebtoken signs one. Tests forge tokens (other secret, past expiry, own
 * `exp`) to probe the verifier; the same header and payload always give the same unsigned part.
 */
export function signHs256(payload: object, secret: string): string {
  const unsigned = `${jwtSegment({ alg: 'HS256', typ: 'JWT' })}.${jwtSegment(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** An unsigned `alg: none` token, which the verifier must refuse. */
export const algNoneToken = (payload: object): string => `${jwtSegment({ alg: 'none', typ: 'JWT' })}.${jwtSegment(payload)}.`;
