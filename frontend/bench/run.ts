// Frontend benchmark: (1) gzipped size of the JS the browser must load before first render
// (the entry script plus its modulepreloads from dist/index.html; lazy route chunks excluded),
// (2) markets page time-to-first-render in headless Chromium against the real backend (replay
// mode): navigation start → first markets row in the DOM, signed-in, cold cache, median of N runs.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, frontendDir, startBackend } from '../e2e/server';

const TARGET_GZIP_KB = 250;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function bundleSizes() {
  const dist = path.join(frontendDir, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file.replace(/^\//, '')))).length;
  const initialGzip = initial.reduce((sum, file) => sum + gz(file), 0);
  const initialRaw = initial.reduce((sum, file) => sum + readFileSync(path.join(dist, file.replace(/^\//, ''))).length, 0);
  const allJs = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const lazy = allJs.filter((f) => !initial.some((i) => i.endsWith(f)));
  const lazyGzip = lazy.map((f) => ({ file: f, gzip: gz(`assets/${f}`) })).sort((a, b) => b.gzip - a.gzip);
  return { initial, initialGzip, initialRaw, lazyGzip };
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function marketsTimeToFirstRender() {
  // Forecast training off: it competes for the CPU at start-up and would measure the backend, not the page.
  const backend = await startBackend({ replaySpeed: 1, env: { FORECASTS_ENABLED: 'false' } });
  try {
    const email = `bench-${Date.now()}@example.com`;
    const response = await fetch(`${backend.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password-123' }),
    });
    if (!response.ok) throw new Error(`register failed: HTTP ${response.status}`);
    const session = (await response.json()) as { accessToken: string; refreshToken: string };
    // Wait until the server is idle (start-up candle sync done): /markets must answer fast 3 times in a row.
    for (let fast = 0, tries = 0; fast < 3 && tries < 120; tries += 1) {
      const started = performance.now();
      await fetch(`${backend.baseUrl}/api/v1/markets`, { headers: { authorization: `Bearer ${session.accessToken}` } });
      fast = performance.now() - started < 100 ? fast + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // The root URL should serve the app; if the server refuses it, measure via the /markets alias.
    const root = await fetch(`${backend.baseUrl}/`);
    const entryPath = root.ok && (root.headers.get('content-type') ?? '').includes('text/html') ? '/' : '/markets';
    if (entryPath !== '/') console.log(`note: GET / answered ${root.status}; measuring ${entryPath} (same page, SPA fallback)`);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const timings: { firstRow: number; fcp: number; rows: number }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ baseURL: backend.baseUrl, viewport: { width: 1280, height: 900 } });
      await context.addInitScript(
        (tokens) => {
          localStorage.setItem('coincast.session', JSON.stringify(tokens));
          // Record when the first markets row is attached, relative to navigation start.
          const observer = new MutationObserver(() => {
            if (document.querySelector('table[aria-label="Markets"] tbody tr')) {
              (window as unknown as { __firstRow: number }).__firstRow = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { childList: true, subtree: true });
        },
        { accessToken: session.accessToken, refreshToken: session.refreshToken },
      );
      const page = await context.newPage();
      await page.goto(entryPath);
      try {
        await page.waitForFunction(() => (window as unknown as { __firstRow?: number }).__firstRow !== undefined, undefined, { timeout: 60_000 });
      } catch (error) {
        await page.screenshot({ path: path.join(frontendDir, 'screenshots', 'bench-failure.png') }).catch(() => undefined);
        throw new Error(`${(error as Error).message.split('\n')[0]} (page at ${page.url()})`);
      }
      const result = await page.evaluate(() => ({
        firstRow: (window as unknown as { __firstRow: number }).__firstRow,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        rows: document.querySelectorAll('table[aria-label="Markets"] tbody tr').length,
      }));
      timings.push(result);
      await context.close();
    }
    await browser.close();
    return timings;
  } finally {
    await backend.stop();
  }
}

async function main() {
  const sizes = bundleSizes();
  console.log('Initial JS (entry + modulepreload):');
  for (const file of sizes.initial) console.log(`  ${file}`);
  console.log(
    `  total ${kb(sizes.initialRaw)} raw, ${kb(sizes.initialGzip)} gzipped (target < ${TARGET_GZIP_KB} KB) ${sizes.initialGzip / 1024 < TARGET_GZIP_KB ? 'OK' : 'OVER TARGET'}`,
  );
  console.log('Lazy chunks (gzipped):');
  for (const chunk of sizes.lazyGzip) console.log(`  ${chunk.file.padEnd(40)} ${kb(chunk.gzip)}`);

  if (process.env.BENCH_SKIP_BROWSER === '1') return;
  try {
    const timings = await marketsTimeToFirstRender();
    console.log(`\nMarkets page, headless Chromium, cold cache, ${timings.length} runs:`);
    console.log(
      `  first markets row rendered: median ${median(timings.map((t) => t.firstRow)).toFixed(0)} ms (min ${Math.min(...timings.map((t) => t.firstRow)).toFixed(0)}, max ${Math.max(...timings.map((t) => t.firstRow)).toFixed(0)})`,
    );
    console.log(`  first contentful paint:     median ${median(timings.map((t) => t.fcp)).toFixed(0)} ms`);
    console.log(`  rows: ${timings[0]?.rows}`);
  } catch (error) {
    console.log(`\nMarkets time-to-first-render not measured: ${(error as Error).message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

void main();
