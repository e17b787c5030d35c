import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server } from '../../../test/server';
import { renderApp } from '../../../test/render';

describe('settings', () => {
  it('shows a new API key once, lists it, and revokes it', async () => {
    const keys: Record<string, unknown>[] = [];
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json(keys)),
      http.post(`${API}/api-keys`, async ({ request }) => {
        const body = (await request.json()) as { name: string; scope: string };
        const key = { id: 'k1', name: body.name, scope: body.scope, prefix: 'cc_ab12', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null };
        keys.push(key);
        return HttpResponse.json({ ...key, key: 'cc_ab12.secret-value' }, { status: 201 });
      }),
      http.delete(`${API}/api-keys/k1`, () => {
        keys.pop();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp({ path: '/settings' });
    const user = userEvent.setup();
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Create API key' });
    await user.type(within(form).getByLabelText('Key name'), 'tax script');
    await user.selectOptions(within(form).getByLabelText('Scope'), 'write');
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('new-api-key')).toHaveTextContent('cc_ab12.secret-value');
    const row = (await screen.findByText('tax script')).closest('tr')!;
    expect(row).toHaveTextContent('write');
    expect(row).not.toHaveTextContent('secret-value');
    await user.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('new-api-key')).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Revoke key tax script' }));
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
  });

  it('changes the password, then asks to sign in again', async () => {
    let body: unknown;
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.post(`${API}/auth/password`, async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { tokens } = renderApp({ path: '/settings' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Change password' });
    await user.type(within(form).getByLabelText('Current password'), 'old-password');
    await user.type(within(form).getByLabelText('New password'), 'new-password-1');
    await user.type(within(form).getByLabelText('Repeat new password'), 'new-password-1');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Sign in with your new password.')).toBeInTheDocument();
    expect(body).toEqual({ currentPassword: 'old-password', newPassword: 'new-password-1' });
    expect(tokens.get()).toBeNull();
  });

  it('shows a wrong current password inline', async () => {
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.post(`${API}/auth/password`, () => apiError(400, 'Current password is incorrect')),
    );
    renderApp({ path: '/settings' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Change password' });
    await user.type(within(form).getByLabelText('Current password'), 'nope');
    await user.type(within(form).getByLabelText('New password'), 'new-password-1');
    await user.type(within(form).getByLabelText('Repeat new password'), 'new-password-2');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('The two new passwords differ.')).toBeInTheDocument();
    await user.clear(within(form).getByLabelText('Repeat new password'));
    await user.type(within(form).getByLabelText('Repeat new password'), 'new-password-1');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(within(form).getByRole('alert')).toHaveTextContent('Current password is incorrect'));
  });

  it('deletes the account only after the email is typed', async () => {
    let deleted = false;
    server.use(
      http.get(`${API}/api-keys`, () => HttpResponse.json([])),
      http.delete(`${API}/auth/me`, () => {
        deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp({ path: '/settings' });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Delete account' });
    const button = within(form).getByRole('button', { name: 'Delete my account' });
    expect(button).toBeDisabled();
    await user.type(within(form).getByLabelText('Type your email to confirm'), 'ada@example.com');
    expect(button).toBeEnabled();
    await user.click(button);
    expect(await screen.findByRole('heading', { name: 'Create your Coincast account' })).toBeInTheDocument();
    expect(deleted).toBe(true);
  });
});
