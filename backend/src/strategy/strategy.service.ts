import { Inject, Injectable } from '@nestjs/common';
import { RateLimitedError } from '../common/domain-errors';
import { CACHE, RATE_LIMITER, type Cache, type RateLimiter } from '../infra/ports';
import { MarketsService } from '../markets/markets.service';
import type { StrategyHorizon, StrategyReportDto } from './strategy.dto';
import { STRATEGY_DATA, type StrategyData } from './strategy-ports';
import { decisionGrid, STRATEGY_STEP_MS, STRATEGY_WINDOW_DAYS, strategyReport } from './strategy-report';

const DAY_MS = 86_400_000;
/** Reports per user per minute: each one reads a year of forecasts and closes (when not cached). */
export const STRATEGY_RATE_LIMIT = 30;
const RATE_WINDOW_SECONDS = 60;

/**
 * The strategy page: what trading on the served forecasts would have earned against holding. The computation is
 * milliseconds of arithmetic (a year of daily decisions, or 8,760 hourly ones, × 3 strategies) on the event loop;
 * the cost is reading the rows, so each (symbol, horizon, decision slot) is computed once and cached: a new decision
 * time (a new UTC day at 24h) is a new key.
 */
@Injectable()
export class StrategyService {
  constructor(
    private readonly markets: MarketsService,
    @Inject(STRATEGY_DATA) private readonly data: StrategyData,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async report(userId: string, input: string, horizon: StrategyHorizon = '24h'): Promise<StrategyReportDto> {
    const hit = await this.limiter.hit(`strategy:${userId}`, STRATEGY_RATE_LIMIT, RATE_WINDOW_SECONDS);
    if (!hit.allowed) throw new RateLimitedError(`Too many strategy reports. Try again in ${hit.retryAfterSeconds} s.`, hit.retryAfterSeconds);
    const symbol = await this.markets.resolveSymbol(input);
    const now = this.data.now();
    const step = STRATEGY_STEP_MS[horizon];
    const key = `strategy:v1:${symbol}:${horizon}:${Math.floor(now / step)}`;
    const cached = await this.cache.get<StrategyReportDto>(key);
    if (cached) return cached;
    const forecasts = await this.data.servedForecasts(symbol, horizon, { from: now - STRATEGY_WINDOW_DAYS * DAY_MS, to: now, everyMs: step });
    const closes = await this.data.closesAt(symbol, decisionGrid(forecasts, now, step));
    const report = strategyReport({ symbol, horizon, now, forecasts, closes });
    await this.cache.set(key, report, Math.max(60, Math.ceil(step / 1000)));
    return report;
  }
}
