import { INestApplicationContext, Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { jobsByQueue } from './infra/job-dispatch';
import { PeriodicTriggers } from './infra/periodic-triggers';
import { JOB_QUEUE } from './infra/ports';

/** What one process runs, read from the started application (not from what its role should run). */
export interface RoleSummary {
  role: 'all' | 'api' | 'worker';
  /** REST, OpenAPI and the socket.io gateway. */
  http: boolean;
  /** Job queues with a processor here, each with the jobs of the map it handles. */
  queues: Array<{ queue: string; jobs: string[] }>;
  /** Periodic triggers (PeriodicTriggers) registered here. */
  triggers: string[];
  /** Mismatches between the role and what runs (an api process with a processor, a worker with none). */
  problems: string[];
}

export function describeRole(app: INestApplicationContext, options: { http: boolean }): RoleSummary {
  const config = app.get(AppConfig);
  const queue = app.get<{ processedQueues?: () => string[] }>(JOB_QUEUE);
  const jobs = jobsByQueue();
  const queues = (queue.processedQueues?.() ?? []).map((name) => ({ queue: name, jobs: jobs.get(name) ?? [] }));
  const triggers = app.get(PeriodicTriggers).list();
  const problems: string[] = [];
  if (!config.runsWorker && queues.length > 0) problems.push(`role ${config.role} processes job queues (${queues.map((q) => q.queue).join(', ')})`);
  if (!config.runsWorker && triggers.length > 0) problems.push(`role ${config.role} runs periodic triggers (${triggers.join(', ')})`);
  if (config.runsWorker && queues.length === 0) problems.push(`role ${config.role} processes no job queue`);
  if (config.runsApi !== options.http) problems.push(`role ${config.role} ${options.http ? 'serves' : 'does not serve'} HTTP`);
  return { role: config.role, http: options.http, queues, triggers, problems };
}

/** One line, e.g. `role worker runs: http no · jobs markets[sync-candles], … · triggers markets:poll-tickers, …`. */
export function formatRoleSummary(summary: RoleSummary): string {
  const jobs = summary.queues.map((q) => `${q.queue}[${q.jobs.join(', ')}]`).join(', ') || 'none';
  return `role ${summary.role} runs: http ${summary.http ? 'yes (REST, OpenAPI, socket.io)' : 'no'} · jobs ${jobs} · triggers ${summary.triggers.join(', ') || 'none'}`;
}

/** The boot-time check: logs what this process runs, and warns about each mismatch with its role. */
export function logRoleSummary(app: INestApplicationContext, options: { http: boolean }): RoleSummary {
  const summary = describeRole(app, options);
  const logger = new Logger('Role');
  logger.log(formatRoleSummary(summary));
  for (const problem of summary.problems) logger.warn(problem);
  return summary;
}
