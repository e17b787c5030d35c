import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * The one mechanism for periodic work: named interval triggers kept in @nestjs/schedule's SchedulerRegistry (so
 * ScheduleModule clears them at shutdown and they can be listed). A trigger only enqueues an idempotent job with a
 * deterministic id, or runs work that is idempotent on its own; a run still in progress when the next is due is
 * skipped, and a failure is logged, never thrown into the timer.
 */
@Injectable()
export class PeriodicTriggers implements OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  private readonly names = new Set<string>();

  constructor(private readonly registry: SchedulerRegistry) {}

  /** Runs `work` every `everyMs` (and once at once when `runNow`); a second trigger of the same name is refused. */
  every(name: string, everyMs: number, work: () => Promise<unknown>, options: { runNow?: boolean } = {}): void {
    if (this.registry.doesExist('interval', name)) throw new Error(`periodic trigger '${name}' is registered twice`);
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      work()
        .catch((error: unknown) => this.logger.warn(`${name} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (running = false));
    };
    const timer = setInterval(run, everyMs);
    this.registry.addInterval(name, timer);
    this.names.add(name);
    if (options.runNow) run();
  }

  /** The triggers registered by this process, e.g. `markets:sync-candles every 60s`. */
  list(): string[] {
    return [...this.names].sort();
  }

  /** Stops every trigger first thing at shutdown, before the domains close what their work uses. */
  onModuleDestroy(): void {
    for (const name of this.names) if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    this.names.clear();
  }
}
