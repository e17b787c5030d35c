import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { JOB_QUEUE, JobHandlers, JobQueue } from '../infra/ports';
import { EXCHANGE_QUEUE, ExchangeAccountsService } from './exchange-accounts.service';

/**
 * Worker duties of exchange accounts: the sync jobs, and every EXCHANGE_SYNC_INTERVAL_MINUTES a trigger that
 * enqueues the slot's `exchange-sync-due` job (deterministic id: with several workers each slot runs once), which
 * queues a sync of every active account (at most one per account waits or runs).
 */
@Injectable()
export class ExchangeAccountsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('ExchangeAccounts');

  constructor(
    private readonly config: AppConfig,
    private readonly accounts: ExchangeAccountsService,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly triggers: PeriodicTriggers,
  ) {}

  readonly jobHandlers: JobHandlers<typeof EXCHANGE_QUEUE> = {
    'exchange-sync': (job) => this.accounts.runSync(job.data.accountId, job.data.syncId),
    'exchange-sync-due': async () => {
      const queued = await this.accounts.queueScheduled();
      if (queued > 0) this.logger.log(`scheduled sync of ${queued} exchange accounts`);
    },
  };

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.jobs.process(EXCHANGE_QUEUE, this.jobHandlers, { concurrency: 2 });
    const everyMs = this.config.env.EXCHANGE_SYNC_INTERVAL_MINUTES * 60_000;
    if (everyMs > 0) this.triggers.every('exchange-accounts:sync-due', everyMs, () => this.enqueueDue(everyMs));
  }

  private async enqueueDue(everyMs: number): Promise<void> {
    const slot = Math.floor(Date.now() / everyMs) * everyMs;
    await this.jobs.enqueue(EXCHANGE_QUEUE, 'exchange-sync-due', { slot }, { jobId: `exchange-sync-due:${slot}`, attempts: 1 });
  }
}
