import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, apiError, server, testUser } from '../../../test/server';
import { renderApp } from '../../../test/render';

const authBody = (access: string, refresh: string) => ({ user: testUser, accessToken: access, refreshToken: refresh, expiresIn: 900 });

describe('sign in', () => {
  it('redirects a signed-out visitor to the sign-in page', async () => {
    renderApp({ path: '/', signedIn: false });
    expect(await screen.findByRole('heading', { name: 'Sign in to Coincast' })).toBeInTheDocument();
  });

  it('shows the API error inline and keeps the user on the form', async () => {
    server.use(http.post(`${API}/auth/login`, () => apiError(401, 'Invalid email or password')));
    renderApp({ path: '/sign-in', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(screen.getByRole('heading', { name: 'Sign in to Coincast' })).toBeInTheDocument();
  });

  it('validates the email before calling the API', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/auth/login`, () => {
        calls += 1;
        return HttpResponse.json(authBody('a', 'r'));
      }),
    );
    renderApp({ path: '/sign-in', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'secret123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Enter an email address/)).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(calls).toBe(0);
  });

  it('signs in, stores the tokens and lands on the markets page', async () => {
    server.use(
      http.post(`${API}/auth/login`, async ({ request }) => {
        const body = (await request.json()) as { email: string; password: string };
        return body.password === 'correct-horse' ? HttpResponse.json(authBody('access-9', 'refresh-9')) : apiError(401, 'Invalid email or password');
      }),
    );
    const { tokens } = renderApp({ path: '/sign-in', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct-horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Markets' })).toBeInTheDocument();
    expect(tokens.get()).toEqual({ accessToken: 'access-9', refreshToken: 'refresh-9' });
  });
});

describe('sign up', () => {
  it('lists the validation details the API returns', async () => {
    server.use(http.post(`${API}/auth/register`, () => apiError(400, 'Validation failed', ['password must contain a number', 'email is already registered'])));
    renderApp({ path: '/sign-up', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'longpassword');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Validation failed');
    expect(alert).toHaveTextContent('password must contain a number');
    expect(alert).toHaveTextContent('email is already registered');
  });

  it('rejects a short password client-side', async () => {
    renderApp({ path: '/sign-up', signedIn: false });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Use at least 8 characters.')).toBeInTheDocument();
  });
});

describe('silent token refresh', () => {
  it('refreshes once on 401, stores the rotated refresh token and retries the request', async () => {
    const seenRefreshTokens: string[] = [];
    server.use(
      http.get(`${API}/auth/me`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer access-2' ? HttpResponse.json(testUser) : apiError(401, 'jwt expired'),
      ),
      http.post(`${API}/auth/refresh`, async ({ request }) => {
        seenRefreshTokens.push(((await request.json()) as { refreshToken: string }).refreshToken);
        return HttpResponse.json(authBody('access-2', 'refresh-2'));
      }),
    );
    const { tokens } = renderApp({ path: '/' });
    expect(await screen.findByRole('heading', { name: 'Markets' })).toBeInTheDocument();
    expect(seenRefreshTokens).toEqual(['refresh-1']);
    expect(tokens.get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('goes back to sign-in when the refresh fails', async () => {
    server.use(
      http.get(`${API}/auth/me`, () => apiError(401, 'jwt expired')),
      http.post(`${API}/auth/refresh`, () => apiError(401, 'refresh token revoked')),
    );
    const { tokens } = renderApp({ path: '/portfolios' });
    expect(await screen.findByRole('heading', { name: 'Sign in to Coincast' })).toBeInTheDocument();
    await waitFor(() => expect(tokens.get()).toBeNull());
  });

  it('shares one refresh between concurrent 401s', async () => {
    let refreshes = 0;
    server.use(
      http.get(`${API}/markets`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer access-2'
          ? HttpResponse.json({ source: 'ccxt', exchange: 'binance', markets: [] })
          : apiError(401, 'expired'),
      ),
      http.get(`${API}/notifications`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer access-2' ? HttpResponse.json({ unread: 0, items: [] }) : apiError(401, 'expired'),
      ),
      http.post(`${API}/auth/refresh`, () => {
        refreshes += 1;
        return HttpResponse.json(authBody('access-2', `refresh-${refreshes + 1}`));
      }),
    );
    renderApp({ path: '/' });
    expect(await screen.findByText('No markets tracked yet')).toBeInTheDocument();
    expect(refreshes).toBe(1);
  });
});
