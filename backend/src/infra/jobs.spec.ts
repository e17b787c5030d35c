import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { jobDispatcher, MissingJobHandlerError, UnknownJobError } from './job-dispatch';
import { JOB_QUEUES } from './jobs';
import { InProcessJobQueue } from './in-process';
import { JOB_QUEUE, type JobHandlers, type JobQueue } from './ports';

describe('typed job map', () => {
  it('types enqueue and the handler tables: an unknown name, a wrong queue or payload does not compile', async () => {
    const queue: JobQueue = new InProcessJobQueue();
    const calls: string[] = [];
    const forecasts: JobHandlers<'forecasts'> = {
      'forecast-slot': async (job) => void calls.push(`${job.data.group}:${job.data.slot}`),
      'model-lifecycle': async (job) => void calls.push(`day:${job.data.day}`),
    };
    queue.process('forecasts', forecasts);
    await queue.enqueue('forecasts', 'forecast-slot', { group: 'hourly', slot: 1 });
    // @ts-expect-error an unknown job name is a compile error
    await queue.enqueue('forecasts', 'forecast-slots', { group: 'hourly', slot: 1 });
    // @ts-expect-error a job on another job's queue is a compile error
    await queue.enqueue('markets', 'forecast-slot', { group: 'hourly', slot: 1 });
    // @ts-expect-error a payload of the wrong shape is a compile error
    await queue.enqueue('forecasts', 'model-lifecycle', { slot: 1 });
    // @ts-expect-error a handler table must cover every job of its queue
    const incomplete: JobHandlers<'forecasts'> = { 'forecast-slot': async () => undefined };
    expect(incomplete).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    (queue as InProcessJobQueue).close();
    expect(calls[0]).toBe('hourly:1');
  });

  it('every job has a queue', () => {
    expect(Object.keys(JOB_QUEUES).sort()).toEqual([
      'account-email',
      'backfill-market',
      'deliver-notification',
      'deliver-webhook',
      'exchange-sync',
      'exchange-sync-due',
      'forecast-intraday-slot',
      'forecast-slot',
      'intraday-model-train',
      'model-lifecycle',
      'model-train',
      'news-fetch',
      'notification-digest',
      'prune-candles',
      'sync-candles',
      'telegram-poll',
    ]);
  });

  it('refuses an incomplete handler table with a message naming the missing job', () => {
    const queue = new InProcessJobQueue();
    expect(() => queue.process('forecasts', { 'forecast-slot': async () => undefined })).toThrow(MissingJobHandlerError);
    expect(() => queue.process('forecasts', { 'forecast-slot': async () => undefined })).toThrow("job queue 'forecasts': no handler for 'model-lifecycle'");
    expect(() => queue.process('markets', { 'sync-candles': async () => undefined, 'model-train': async () => undefined })).toThrow(
      "'model-train' is not a job of this queue",
    );
    queue.close();
  });

  it('fails a job whose name its queue does not know, and runs a legacy name through its new handler', async () => {
    const seen: string[] = [];
    const run = jobDispatcher('alert-webhooks', { 'deliver-webhook': async (job: { id: string }) => void seen.push(job.id) });
    await run({ id: 'old', name: 'deliver', data: { eventId: 'e' }, attempt: 1 });
    expect(seen).toEqual(['old']);
    await expect(run({ id: 'x', name: 'something-else', data: {}, attempt: 1 })).rejects.toThrow(UnknownJobError);
  });

  it('a missing handler fails start-up', async () => {
    @Injectable()
    class IncompleteWorker implements OnApplicationBootstrap {
      constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}
      onApplicationBootstrap(): void {
        // A table built without the compiler's help (cast) still cannot start with a job unhandled.
        this.queue.process('forecasts', { 'forecast-slot': async () => undefined } as unknown as JobHandlers<'forecasts'>);
      }
    }
    const queue = new InProcessJobQueue();
    @Module({ providers: [{ provide: JOB_QUEUE, useValue: queue }, IncompleteWorker] })
    class TestModule {}
    // createApplicationContext runs the lifecycle hooks (init) itself: start-up is what fails.
    await expect(NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false })).rejects.toThrow(
      "job queue 'forecasts': no handler for 'model-lifecycle'",
    );
    queue.close();
  });
});
