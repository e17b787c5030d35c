import { render } from '@testing-library/react';
import { App, createQueryClient } from '../src/app/App';
import { meQueryKey } from '../src/features/auth/api/auth';
import { ApiClient } from '../src/lib/api-client';
import { FakeLiveStream } from '../src/lib/live-stream';
import { LocalStorageTokenStore } from '../src/lib/token-store';

export interface RenderAppOptions {
  path?: string;
  signedIn?: boolean;
  stream?: FakeLiveStream;
}

/** Renders the whole app (router, query cache, real ApiClient over MSW) with a fake live stream. */
export function renderApp({ path = '/', signedIn = true, stream = new FakeLiveStream() }: RenderAppOptions = {}) {
  const tokens = new LocalStorageTokenStore();
  if (signedIn) tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const api = new ApiClient({ baseUrl: '/api/v1', tokens, onSessionExpired: () => queryClient.setQueryData(meQueryKey, null) });
  const utils = render(<App services={{ api, createLiveStream: () => stream }} queryClient={queryClient} initialPath={path} />);
  return { ...utils, stream, queryClient, tokens, api };
}
