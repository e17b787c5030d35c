import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../alerts/alerts-support';
import { loopbackSmtp, type ReceivedMail } from '../notifications/channel-fakes';
import { createTestApp, registerUser, type TestApp } from '../support/test-app';

type Smtp = Awaited<ReturnType<typeof loopbackSmtp>>;

describe('account e-mails: verification, password reset, change notices', () => {
  let t: TestApp;
  let smtp: Smtp;

  beforeAll(async () => {
    smtp = await loopbackSmtp();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Coincast <accounts@coincast.test>',
        PUBLIC_URL: 'https://coincast.test',
        ADMIN_EMAILS: 'Boss@Example.com',
        MAIL_ACCOUNT_RATE_LIMIT: '3',
        REGISTER_RATE_LIMIT: '1000',
        NOTIFY_BACKOFF_MS: '20',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const me = (auth: Record<string, string>) => t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth });

  async function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
    const found = await waitFor(
      async () => smtp.messages.filter((m) => m.to.includes(address) && subject.test(m.parsed.subject ?? '')),
      (list) => list.length > 0,
    );
    return found.at(-1)!;
  }
  const tokenOf = (mail: ReceivedMail, page: string) =>
    new RegExp(`https://coincast\\.test/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? '')?.[1];

  it('sends a verification link at sign-up; opening it verifies the address, once', async () => {
    const user = await registerUser(t, 'verify-me@example.com');
    const mail = await mailTo('verify-me@example.com', /Confirm your e-mail/);
    expect(mail.from).toBe('accounts@coincast.test');
    expect(mail.parsed.html).toContain('https://coincast.test/verify-email?token=');
    const token = tokenOf(mail, 'verify-email')!;
    expect(token).toBeTruthy();
    const settings = () => t.inject({ method: 'GET', url: '/api/v1/notifications/settings', headers: user.auth });
    expect((await settings()).json().email.verified).toBe(false);
    const verified = await post('/auth/email/verify', { token });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toEqual({ email: 'verify-me@example.com', verified: true });
    expect((await settings()).json().email.verified).toBe(true);
    const again = await post('/auth/email/verify', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/expired or was already used/);
    // Only the hash is stored.
    const rows = (await t.dataSource.query(`SELECT token_hash FROM account_tokens WHERE purpose = 'verify-email'`)) as { token_hash: string }[];
    expect(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect((await post('/auth/email/verification', undefined, user.auth)).json().message).toMatch(/already confirmed/);
  });

  it('ADMIN_EMAILS makes an account admin only once it has verified the listed address', async () => {
    const boss = await registerUser(t, 'boss@example.com');
    expect((await me(boss.auth)).json()).toMatchObject({ role: 'user', isAdmin: false });
    const token = tokenOf(await mailTo('boss@example.com', /Confirm your e-mail/), 'verify-email')!;
    expect((await post('/auth/email/verify', { token })).statusCode).toBe(200);
    expect((await me(boss.auth)).json()).toMatchObject({ role: 'admin', isAdmin: true });
  });

  it('resets a forgotten password with a single-use link, ends every session, and sends a notice; unknown addresses get the same answer', async () => {
    const user = await registerUser(t, 'forgetful@example.com');
    const unknown = await post('/auth/password/forgot', { email: 'nobody-here@example.com' });
    const known = await post('/auth/password/forgot', { email: 'Forgetful@Example.com' });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const mail = await mailTo('forgetful@example.com', /Reset your Coincast password/);
    expect(mail.parsed.text).toContain('30 minutes');
    expect(smtp.messages.some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);
    const token = tokenOf(mail, 'reset-password')!;

    const weak = await post('/auth/password/reset', { token, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    const reset = await post('/auth/password/reset', { token, newPassword: 'a brand new one 9' });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await me(user.auth)).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: 'forgetful@example.com', password: 'correct horse 42' })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: 'forgetful@example.com', password: 'a brand new one 9' })).statusCode).toBe(200);
    const reused = await post('/auth/password/reset', { token, newPassword: 'yet another one 8' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().message).toMatch(/expired or was already used/);
    expect((await mailTo('forgetful@example.com', /password was changed/)).parsed.text).toContain('signed out');
  });

  it('an expired reset link does not work', async () => {
    await registerUser(t, 'slow-reader@example.com');
    await post('/auth/password/forgot', { email: 'slow-reader@example.com' });
    const token = tokenOf(await mailTo('slow-reader@example.com', /Reset your/), 'reset-password')!;
    await t.dataSource.query(`UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE purpose = 'reset-password' AND used_at IS NULL`);
    expect((await post('/auth/password/reset', { token, newPassword: 'a brand new one 9' })).statusCode).toBe(400);
  });

  it('limits account e-mails per account and tells the person when to retry', async () => {
    const user = await registerUser(t, 'impatient@example.com'); // 1: the sign-up link
    expect((await post('/auth/email/verification', undefined, user.auth)).statusCode).toBe(202); // 2
    expect((await post('/auth/email/verification', undefined, user.auth)).statusCode).toBe(202); // 3
    const limited = await post('/auth/email/verification', undefined, user.auth);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/Too many e-mails for this account. Try again in \d+ min/);
    // Past the limit a reset request still answers the same, and sends nothing more.
    const count = smtp.messages.length;
    expect((await post('/auth/password/forgot', { email: 'impatient@example.com' })).statusCode).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.filter((m) => m.to.includes('impatient@example.com') && /Reset/.test(m.parsed.subject ?? '')).length).toBe(0);
    expect(smtp.messages.length).toBeGreaterThanOrEqual(count);
  });

  it('a changed address is unverified until its own link is opened, and the old address gets a notice', async () => {
    const user = await registerUser(t, 'mover@example.com');
    const wrong = await post('/auth/email', { newEmail: 'moved@example.com', currentPassword: 'nope nope 1' }, user.auth);
    expect(wrong.statusCode).toBe(400);
    const changed = await post('/auth/email', { newEmail: 'moved@example.com', currentPassword: 'correct horse 42' }, user.auth);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().user.email).toBe('moved@example.com');
    expect((await me(user.auth)).statusCode).toBe(401);
    expect((await mailTo('mover@example.com', /e-mail address was changed/)).parsed.text).toContain('moved@example.com');
    const token = tokenOf(await mailTo('moved@example.com', /Confirm your e-mail/), 'verify-email')!;
    expect((await post('/auth/email/verify', { token })).json()).toEqual({ email: 'moved@example.com', verified: true });
  });
});
