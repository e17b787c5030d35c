import { jobDispatcher } from '../infra/job-dispatch';
import type { Job, JobQueue, JobTable } from '../infra/ports';

const INSTRUMENTED = Symbol('coincast:metrics-instrumented');

export type JobOutcome = 'completed' | 'failed';
export type JobObserver = (queue: string, name: string, seconds: number, outcome: JobOutcome) => void;

/**
 * Makes every handler registered on `queue` report its duration and outcome (and each queue that gets a processor,
 * so its depth is reported from the start). The queue implementation (BullMQ or
 * in-process) is chosen by InfraModule and shared by all domains; decorating the one instance here gives every
 * domain job metrics without any domain knowing about metrics. Must run before the domains register handlers
 * (MetricsService does it in its constructor, which Nest runs before any lifecycle hook).
 */
export function instrumentJobQueue(
  queue: JobQueue,
  observe: JobObserver,
  now: () => number = () => performance.now(),
  onProcessorRegistered: (queue: string) => void = () => undefined,
): void {
  const marked = queue as JobQueue & { [INSTRUMENTED]?: true };
  if (marked[INSTRUMENTED]) return;
  marked[INSTRUMENTED] = true;
  // Below the typed port: the wrapper sees every queue's jobs alike (a handler table is resolved to its dispatcher).
  const raw = queue as unknown as { process(queue: string, handler: (job: Job<unknown>) => Promise<void>, options?: { concurrency?: number }): void };
  const process = raw.process.bind(queue);
  raw.process = (name: string, handler: JobTable | ((job: never) => Promise<void>), options?: { concurrency?: number }) => {
    onProcessorRegistered(name);
    const run = jobDispatcher(name, handler);
    return process(
      name,
      async (job) => {
        const started = now();
        try {
          await run(job);
          observe(name, job.name, (now() - started) / 1000, 'completed');
        } catch (error) {
          observe(name, job.name, (now() - started) / 1000, 'failed');
          throw error;
        }
      },
      options,
    );
  };
}
