import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from './server';

// The CI box is shared and slow at times: give findBy/waitFor more than the 1 s default.
configure({ asyncUtilTimeout: 5000 });

vi.mock('lightweight-charts', () => import('./fake-charts'));

// jsdom lacks matchMedia; the app only reads it for the theme default.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Unhandled requests fail the test: every call the UI makes must be part of the mocked contract.
// Loopback 127.0.0.1 is left alone for tests that run a real server (socket.io).
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => {
  cleanup();
  server.resetHandlers();
  if (typeof localStorage !== 'undefined') localStorage.clear();
});
afterAll(() => server.close());
