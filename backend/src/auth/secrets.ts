import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens and API keys are 256-bit random values, so a fast SHA-256 is the right hash for them (nothing to
 * brute-force, and it allows an indexed lookup). Passwords are low-entropy and use argon2id instead.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export const API_KEY_PREFIX = 'cc_';

export function isApiKeyFormat(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The password policy, stated in full in every rejection so the user knows what to change. */
export const PASSWORD_RULES = 'Password must be 10 to 128 characters long and contain at least one letter and one digit.';

export function passwordProblems(password: string): string | null {
  if (password.length < 10 || password.length > 128 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    return PASSWORD_RULES;
  }
  return null;
}
