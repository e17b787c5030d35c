import { JOB_QUEUES, LEGACY_JOB_NAMES } from './jobs';
import type { Job, JobTable } from './ports';

type RawHandler = (job: never) => Promise<void>;

/** A handler table lacks a job of its queue (or names a job of another queue): start-up fails with this. */
export class MissingJobHandlerError extends Error {
  override readonly name = 'MissingJobHandlerError';
}

/** A job whose name no handler of its queue knows (e.g. left in Redis by another version): the job fails. */
export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
}

/**
 * Turns what `JobQueue.process` was given into one function: a plain handler is used as it is; a handler table is
 * checked against the job catalogue (every job of the queue must have a handler, no other job may appear) and
 * dispatches by job name. Called when a domain registers its processor, i.e. during start-up, so an incomplete
 * table stops the process with a message that names the missing jobs.
 */
export function jobDispatcher(
  queue: string,
  handler: RawHandler | JobTable,
  catalogue: Readonly<Record<string, string>> = JOB_QUEUES,
): (job: Job<unknown>) => Promise<void> {
  if (typeof handler === 'function') return handler as (job: Job<unknown>) => Promise<void>;
  const table = handler;
  const expected = Object.keys(catalogue).filter((name) => catalogue[name] === queue);
  const missing = expected.filter((name) => typeof table[name] !== 'function');
  const foreign = Object.keys(table).filter((name) => !expected.includes(name));
  if (expected.length === 0) throw new MissingJobHandlerError(`job queue '${queue}': no job of the catalogue (infra/jobs.ts) runs on this queue`);
  if (missing.length > 0 || foreign.length > 0) {
    const problems = [
      missing.length > 0 ? `no handler for ${missing.map((name) => `'${name}'`).join(', ')}` : '',
      foreign.length > 0 ? `${foreign.map((name) => `'${name}'`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not a job of this queue` : '',
    ].filter(Boolean);
    throw new MissingJobHandlerError(`job queue '${queue}': ${problems.join('; ')} (JOB_QUEUES in infra/jobs.ts lists the jobs of each queue)`);
  }
  return async (job) => {
    const legacy = LEGACY_JOB_NAMES[job.name];
    const run = Object.hasOwn(table, job.name) ? table[job.name] : legacy && catalogue[legacy] === queue ? table[legacy] : undefined;
    if (!run) throw new UnknownJobError(`job queue '${queue}': unknown job '${job.name}' (${job.id})`);
    await run(job as never);
  };
}

/** The queues whose jobs a process must handle, with their jobs (for the boot-time role summary). */
export function jobsByQueue(catalogue: Readonly<Record<string, string>> = JOB_QUEUES): Map<string, string[]> {
  const queues = new Map<string, string[]>();
  for (const [name, queue] of Object.entries(catalogue)) queues.set(queue, [...(queues.get(queue) ?? []), name]);
  return queues;
}
