import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from './server';

// The CI box is shared and slow at times: give findBy/waitFor more than the 1 s default.
configure({ asyncUtilTimeout: 5000 });

vi.mock('lightweight-charts', () => import('./fake-charts'));

// jsdom lacks matchMedia; the app only reads it for the theme default.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}

// Unhandled requests fail the test: every call the UI makes must be part of the mocked contract.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  localStorage.clear();
});
afterAll(() => server.close());
