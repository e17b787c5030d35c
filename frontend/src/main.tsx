import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/App';
import { meQueryKey } from './features/auth/api/auth';
import { ApiClient } from './lib/api-client';
import { SocketLiveStream } from './lib/socket-live-stream';
import { forgetStoredSession, MemoryTokenStore } from './lib/token-store';
import './app/styles.css';

const queryClient = createQueryClient();
// The refresh token lives in an httpOnly cookie; the access token only in memory (nothing in localStorage).
forgetStoredSession();
const api = new ApiClient({
  baseUrl: '/api/v1',
  tokens: new MemoryTokenStore(),
  cookieSession: true,
  // Refresh failed: drop the user; RequireAuth then redirects to sign-in.
  onSessionExpired: () => queryClient.setQueryData(meQueryKey, null),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={{ api, createLiveStream: (getToken, refreshSession) => new SocketLiveStream(getToken, refreshSession) }} queryClient={queryClient} />
  </StrictMode>,
);
