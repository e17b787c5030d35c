import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { CLOCK, type Clock, JOB_QUEUE, type JobHandlers, type JobQueue } from '../infra/ports';
import { InFlight } from '../mail/in-flight';
import { NewsService } from './news.service';

export const NEWS_QUEUE = 'news';

/**
 * Worker duties of news: every NEWS_FETCH_MINUTES (and once at start) a trigger enqueues the slot's `news-fetch`
 * job (deterministic id: with several workers each slot is fetched once), which fetches every configured feed.
 */
@Injectable()
export class NewsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('News');
  private readonly inFlight = new InFlight();

  constructor(
    private readonly config: AppConfig,
    private readonly news: NewsService,
    private readonly triggers: PeriodicTriggers,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  readonly jobHandlers: JobHandlers<typeof NEWS_QUEUE> = {
    'news-fetch': async () => {
      const runs = await this.inFlight.run(() => this.news.fetchAll());
      const added = runs.reduce((sum, run) => sum + run.added, 0);
      const failed = runs.filter((run) => run.outcome === 'failed').length;
      if (added > 0 || failed > 0) this.logger.log(`news: ${added} new stories from ${runs.length} feeds${failed ? `, ${failed} failed` : ''}`);
    },
  };

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.jobs.process(NEWS_QUEUE, this.jobHandlers, { concurrency: 1 });
    const everyMs = this.config.env.NEWS_FETCH_MINUTES * 60_000;
    if (everyMs > 0) this.triggers.every('news:fetch', everyMs, () => this.enqueue(everyMs), { runNow: this.config.newsFeeds.length > 0 });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.inFlight.drain();
  }

  private async enqueue(everyMs: number): Promise<void> {
    if (this.config.newsFeeds.length === 0) return;
    const slot = Math.floor(this.clock.now().getTime() / everyMs) * everyMs;
    await this.jobs.enqueue(NEWS_QUEUE, 'news-fetch', { slot }, { jobId: `news-fetch:${slot}`, attempts: 1 });
  }
}
