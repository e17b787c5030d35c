import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaleCluster } from './support/cluster';

/**
 * The dashboard, served and proxied by nginx with its production CSP and headers, in a real Chromium: no CSP
 * violation, the inline theme script runs (allowed by its hash), and sign-up, the REST API and the live socket
 * stream (long-polling then websocket, through the sticky upstream) all work.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.runIf(existsSync(CHROMIUM))('dashboard in a browser behind nginx', () => {
  let cluster: ScaleCluster;
  let browser: Browser;

  beforeAll(async () => {
    cluster = await ScaleCluster.start({ apiReplicas: 2, workers: 1, env: { TICKER_POLL_MS: '500' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('runs under the production CSP: theme script allowed, sign-up works, live prices move', async () => {
    const context = await browser.newContext({ baseURL: cluster.url });
    const page = await context.newPage();
    // Collected in the page from its first script on, so a violation during boot is not missed.
    // (Browser code as strings: the backend compiles without DOM types.)
    await page.addInitScript({
      content: `window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto('/sign-up');
    // Set by the inline script of index.html: it ran, so the CSP hash admits it.
    expect(await page.evaluate('document.documentElement.dataset.theme')).toMatch(/^(light|dark)$/);
    await page.getByLabel('Email').fill(`browser-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct-horse-battery-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Markets' }).waitFor({ timeout: 30_000 });

    const price = page.getByTestId('price-BTC/USDT');
    await price.waitFor({ timeout: 30_000 });
    const first = (await price.textContent())?.trim();
    // Polled from here: page.waitForFunction with a string would need 'unsafe-eval', which the CSP rightly refuses.
    const deadline = Date.now() + 30_000;
    while ((await price.textContent())?.trim() === first) {
      if (Date.now() > deadline) throw new Error(`BTC price stayed at ${first} for 30 s`);
      await page.waitForTimeout(250);
    }

    const violations = await page.evaluate('window.__csp');
    expect(violations).toEqual([]);
    expect(consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
    await context.close();
  });
});
