import { describe, expect, it } from 'vitest';
import { AppConfig } from '../config/app-config';
import { parseEnv } from '../config/env.schema';
import { InProcessJobQueue } from '../infra/in-process';
import type { Clock } from '../infra/ports';
import { instrumentJobQueue, JobOutcome } from './instrument-job-queue';
import { MetricsService } from './metrics.service';
import { routeLabel, statusClass, UNMATCHED_ROUTE } from './route-label';

function makeService(now = new Date('2026-01-01T00:00:10Z')) {
  const clock: Clock = { now: () => now };
  const jobs = new InProcessJobQueue(() => undefined);
  const config = new AppConfig(parseEnv({ ROLE: 'worker' }));
  return { metrics: new MetricsService(config, clock, jobs), jobs };
}

/** The value of one series (`name{a="1",b="2"}`, labels in any order) in the text exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const parse = (s: string) => {
    const match = /^([^{ ]+)(?:\{(.*)\})?$/.exec(s);
    if (!match) return '';
    const labels = (match[2] ?? '')
      .split(/,(?=\w+=")/)
      .filter(Boolean)
      .sort();
    return `${match[1]}|${labels.join(',')}`;
  };
  const wanted = parse(series);
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line) continue;
    const space = line.lastIndexOf(' ');
    if (parse(line.slice(0, space)) === wanted) return Number(line.slice(space + 1));
  }
  return undefined;
}

const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('route labels', () => {
  it('uses the route pattern, folds unmatched and catch-all routes, trims a trailing slash', () => {
    expect(routeLabel('/api/v1/portfolios/:id')).toBe('/api/v1/portfolios/:id');
    expect(routeLabel('/api/v1/markets/')).toBe('/api/v1/markets');
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('*')).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('/')).toBe('/');
  });

  it('classes status codes', () => {
    expect(statusClass(204)).toBe('2xx');
    expect(statusClass(404)).toBe('4xx');
    expect(statusClass(503)).toBe('5xx');
    expect(statusClass(42)).toBe('unknown');
  });
});

describe('instrumentJobQueue', () => {
  it('times every handler, records failures, still rethrows so the queue retries, and wraps only once', async () => {
    const errors: unknown[] = [];
    const queue = new InProcessJobQueue((_q, _j, error) => errors.push(error));
    const seen: Array<[string, string, number, JobOutcome]> = [];
    const registered: string[] = [];
    let t = 0;
    const clock = () => (t += 250);
    instrumentJobQueue(
      queue,
      (q, name, seconds, outcome) => seen.push([q, name, seconds, outcome]),
      clock,
      (q) => registered.push(q),
    );
    instrumentJobQueue(queue, () => seen.push(['twice', '', 0, 'completed']), clock);
    queue.process<{ fail: boolean }>('work', async (job) => {
      if (job.data.fail) throw new Error('boom');
    });
    expect(registered).toEqual(['work']);
    await queue.enqueue('work', 'ok-job', { fail: false });
    await queue.enqueue('work', 'bad-job', { fail: true });
    await until(() => seen.length >= 2 && errors.length >= 1);
    queue.close();
    expect(seen).toEqual([
      ['work', 'ok-job', 0.25, 'completed'],
      ['work', 'bad-job', 0.25, 'failed'],
    ]);
    expect((errors[0] as Error).message).toBe('boom');
  });
});

describe('MetricsService', () => {
  it('labels every series with the role and exposes process metrics', async () => {
    const { metrics, jobs } = makeService();
    const { body, contentType } = await metrics.render();
    jobs.close();
    expect(contentType).toContain('text/plain');
    expect(body).toMatch(/coincast_process_process_resident_memory_bytes\{role="worker"\} \d+/);
  });

  it('counts published ticks per symbol and sets the ingestion lag from the tick timestamp', async () => {
    const { metrics, jobs } = makeService(new Date('2026-01-01T00:00:10Z'));
    metrics.observeTickPublished({ symbol: 'BTC/USDT', timestamp: '2026-01-01T00:00:07.500Z' });
    metrics.observeTickPublished({ symbol: 'BTC/USDT', timestamp: '2026-01-01T00:00:09Z' });
    metrics.observeTickPublished({ symbol: 'ETH/USDT', timestamp: 'not a date' });
    const { body } = await metrics.render();
    jobs.close();
    expect(sample(body, 'coincast_ticks_published_total{symbol="BTC/USDT",role="worker"}')).toBe(2);
    expect(sample(body, 'coincast_ticks_published_total{symbol="ETH/USDT",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_ingestion_lag_seconds{symbol="BTC/USDT",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_ingestion_lag_seconds{symbol="ETH/USDT",role="worker"}')).toBeUndefined();
  });

  it('times jobs run through the shared queue and reports the depth of queues it has seen', async () => {
    const { metrics, jobs } = makeService();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    jobs.process('slow', async () => gate, { concurrency: 1 });
    await jobs.enqueue('slow', 'first', {});
    await jobs.enqueue('slow', 'second', {});
    await jobs.enqueue('slow', 'third', {});
    metrics.trackQueue('slow');
    const during = await metrics.render();
    expect(sample(during.body, 'coincast_queue_depth{queue="slow",role="worker"}')).toBe(await jobs.depth('slow'));
    expect(await jobs.depth('slow')).toBeGreaterThan(0);
    release();
    const end = Date.now() + 2_000;
    let body = '';
    while (Date.now() < end) {
      body = (await metrics.render()).body;
      if (sample(body, 'coincast_job_duration_seconds_count{queue="slow",name="third",outcome="completed",role="worker"}') === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    jobs.close();
    expect(sample(body, 'coincast_job_duration_seconds_count{queue="slow",name="first",outcome="completed",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_job_duration_seconds_count{queue="slow",name="third",outcome="completed",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_queue_depth{queue="slow",role="worker"}')).toBe(0);
  });

  it('reports the depth of a queue as soon as a processor is registered on it', async () => {
    const { metrics, jobs } = makeService();
    await jobs.enqueue('later', 'waiting', {}, { delayMs: 60_000 });
    jobs.process('later', async () => undefined);
    const { body } = await metrics.render();
    jobs.close();
    expect(sample(body, 'coincast_queue_depth{queue="later",role="worker"}')).toBe(1);
  });

  it('drops the queue depth series instead of hanging when the queue cannot answer', async () => {
    const { metrics, jobs } = makeService();
    jobs.depth = () => new Promise(() => undefined);
    metrics.trackQueue('stuck');
    const started = Date.now();
    const { body } = await metrics.render();
    jobs.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(body).not.toContain('coincast_queue_depth{queue="stuck"');
  });

  it('records forecast cycles and alert evaluations in histograms', async () => {
    const { metrics, jobs } = makeService();
    metrics.observeForecastCycle(12.5);
    metrics.observeForecastCycle(3, 'failed');
    metrics.observeAlertEvaluation(0.00002);
    const { body } = await metrics.render();
    jobs.close();
    expect(sample(body, 'coincast_forecast_cycle_seconds_sum{outcome="completed",role="worker"}')).toBe(12.5);
    expect(sample(body, 'coincast_forecast_cycle_seconds_count{outcome="failed",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_alert_evaluation_seconds_bucket{le="0.00005",role="worker"}')).toBe(1);
    expect(sample(body, 'coincast_alert_evaluation_seconds_bucket{le="0.00001",role="worker"}')).toBe(0);
  });
});
