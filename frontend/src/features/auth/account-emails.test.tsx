import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, notificationSettingsFixture, server } from '../../../test/server';
import { renderApp } from '../../../test/render';

describe('notification settings', () => {
  it('says when mail is not being sent, resends the confirmation link, and links Telegram', async () => {
    let linked = false;
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.get(`${API}/notifications/settings`, () =>
        HttpResponse.json({
          ...notificationSettingsFixture,
          email: { ...notificationSettingsFixture.email, verified: false, sending: false },
          telegram: { available: true, linked, paused: false },
        }),
      ),
      http.post(`${API}/auth/email/verification`, () =>
        HttpResponse.json({ message: 'A confirmation link is on its way to ada@example.com.' }, { status: 202 }),
      ),
      http.post(`${API}/notifications/telegram/link`, () => {
        linked = true;
        return HttpResponse.json({ url: 'https://t.me/CoincastBot?start=abc123', expiresAt: '2030-01-01T00:15:00.000Z' });
      }),
    );
    renderApp({ path: '/settings' });
    const user = userEvent.setup();
    expect(await screen.findByText(/e-mails are kept on the server and not sent/)).toBeInTheDocument();
    expect(screen.getByText('Confirm ada@example.com to get alerts by e-mail.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'E-mail' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Send the confirmation link again' }));
    expect(await screen.findByText('A confirmation link is on its way to ada@example.com.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Link Telegram' }));
    expect(await screen.findByRole('link', { name: 'Open Telegram and press Start' })).toHaveAttribute('href', 'https://t.me/CoincastBot?start=abc123');
  }, 20_000);

  it('saves quiet hours and refuses half a window', async () => {
    let saved: unknown;
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.patch(`${API}/notifications/settings`, async ({ request }) => {
        saved = await request.json();
        return HttpResponse.json({ ...notificationSettingsFixture, quietStart: '22:00', quietEnd: '07:00' });
      }),
    );
    renderApp({ path: '/settings' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Quiet hours' });
    fireEvent.change(within(form).getByLabelText('Quiet from'), { target: { value: '22:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText(/Set both the start and the end/)).toBeInTheDocument();
    expect(saved).toBeUndefined();
    fireEvent.change(within(form).getByLabelText('until'), { target: { value: '07:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(saved).toMatchObject({ quietStart: '22:00', quietEnd: '07:00', hourlyCap: 20 });
  }, 20_000);
});

describe('e-mail change', () => {
  it('changes the address with the current password, then asks to sign in again', async () => {
    let body: unknown;
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.post(`${API}/auth/email`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ user: {}, accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
      }),
    );
    const { tokens } = renderApp({ path: '/settings' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Change e-mail address' });
    await user.type(within(form).getByLabelText('New e-mail address'), 'ada@example.org');
    await user.type(within(form).getByLabelText('Current password'), 'old-password');
    await user.click(within(form).getByRole('button', { name: 'Change e-mail address' }));
    expect(await screen.findByText(/E-mail address changed. Sign in with the new address/)).toBeInTheDocument();
    expect(body).toEqual({ newEmail: 'ada@example.org', currentPassword: 'old-password' });
    expect(tokens.get()).toBeNull();
  }, 20_000);
});

describe('account links', () => {
  it('confirms the address from the e-mailed link', async () => {
    let token: unknown;
    server.use(
      http.post(`${API}/auth/email/verify`, async ({ request }) => {
        token = ((await request.json()) as { token: string }).token;
        return HttpResponse.json({ email: 'ada@example.com', verified: true });
      }),
    );
    renderApp({ path: '/verify-email?token=tok_abcdefghijklmnopqrstuvwxyz', signedIn: false });
    expect(await screen.findByText('ada@example.com is confirmed. You can now get alerts by e-mail.')).toBeInTheDocument();
    expect(token).toBe('tok_abcdefghijklmnopqrstuvwxyz');
  }, 20_000);

  it('asks for a reset link, then sets the new password from the link', async () => {
    let reset: unknown;
    server.use(
      http.post(`${API}/auth/password/forgot`, () =>
        HttpResponse.json({ message: 'If an account uses this address, a link to choose a new password is on its way.' }, { status: 202 }),
      ),
      http.post(`${API}/auth/password/reset`, async ({ request }) => {
        reset = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const first = renderApp({ path: '/sign-in', signedIn: false });
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    await user.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Send me a reset link' }));
    expect(await screen.findByText(/a link to choose a new password is on its way/)).toBeInTheDocument();
    first.unmount();

    renderApp({ path: '/reset-password?token=tok_reset_abcdefghijklmnop', signedIn: false });
    await user.type(await screen.findByLabelText('New password'), 'brand new pass 7');
    await user.type(screen.getByLabelText('Repeat new password'), 'brand new pass 7');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('Password changed. Sign in with your new password.')).toBeInTheDocument();
    expect(reset).toEqual({ token: 'tok_reset_abcdefghijklmnop', newPassword: 'brand new pass 7' });
  }, 20_000);

  it('says what to do when a reset link has expired', async () => {
    server.use(http.post(`${API}/auth/password/reset`, () => apiError(400, 'This reset link has expired or was already used. Ask for a new one.')));
    renderApp({ path: '/reset-password?token=tok_reset_abcdefghijklmnop', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'brand new pass 7');
    await user.type(screen.getByLabelText('Repeat new password'), 'brand new pass 7');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('This reset link has expired or was already used. Ask for a new one.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeInTheDocument();
  }, 20_000);
});
