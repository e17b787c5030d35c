import { Inject, Injectable } from '@nestjs/common';
import { PUBSUB, PubSub } from '../../infra/ports';
import type { PortfolioChangeListener } from '../portfolios.service';

/** PUBSUB channel announcing that portfolios' transactions or settings changed (any api replica → the worker). */
export const PORTFOLIOS_CHANGED_CHANNEL = 'portfolios:changed';

export interface PortfoliosChanged {
  userId: string;
  portfolioIds: string[];
}

/** Tells every process (through PUBSUB) that cached portfolio state is stale. */
@Injectable()
export class PortfolioChangePublisher implements PortfolioChangeListener {
  constructor(@Inject(PUBSUB) private readonly pubsub: PubSub) {}

  async portfolioChanged(userId: string, portfolioIds: string[]): Promise<void> {
    const message: PortfoliosChanged = { userId, portfolioIds };
    await this.pubsub.publish(PORTFOLIOS_CHANGED_CHANNEL, message);
  }
}
