import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MarketsService } from '../markets/markets.service';
import { LIVE_WINDOWS_DAYS, windowStart } from './forecast-scoring';
import { FORECAST_MARKET_DATA, type ForecastMarketData } from './forecast-ports';
import { ForecastScheduler } from './forecast-scheduler';
import { ForecastStore } from './forecast.store';
import type { CoinForecastDto, ForecastHistoryQueryDto, ForecastHistoryRowDto, ForecastSummaryDto, ModelsDto, RetrainAcceptedDto } from './forecasts.dto';
import { ModelRegistry, ModelTransitionError } from './model-registry';
import { GROUP_HORIZONS, HORIZON_MS, isHorizon } from './slots';
import type { Horizon } from '@coincast/ml';

const DAY_MS = 86_400_000;
const HISTORY_MAX_ROWS = 2_000;
const HORIZON_ORDER: Horizon[] = ['1h', '4h', '24h', '7d', '30d'];
const iso = (t: number) => new Date(t).toISOString();

/** Read side of forecasting for the API, plus the admin transitions. */
@Injectable()
export class ForecastsService {
  constructor(
    private readonly store: ForecastStore,
    private readonly registry: ModelRegistry,
    private readonly scheduler: ForecastScheduler,
    private readonly markets: MarketsService,
    // Market time, not the wall clock: the replay clock may run ahead (REPLAY_SPEED), and so do forecasts.
    @Inject(FORECAST_MARKET_DATA) private readonly market: ForecastMarketData,
  ) {}

  async latest(): Promise<ForecastSummaryDto[]> {
    const rows = await this.store.latestServed(await this.markets.trackedSymbols());
    return rows
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || HORIZON_ORDER.indexOf(a.horizon as Horizon) - HORIZON_ORDER.indexOf(b.horizon as Horizon))
      .map((f) => ({
        symbol: f.symbol,
        horizon: f.horizon,
        originTime: iso(f.originTime),
        targetTime: iso(f.targetTime),
        point: f.point,
        p10: f.quantiles['0.1'],
        p90: f.quantiles['0.9'],
        modelVersion: f.modelVersion,
        isNaive: f.isNaive,
      }));
  }

  async forSymbol(input: string): Promise<CoinForecastDto> {
    const symbol = await this.markets.resolveSymbol(input);
    const rows = (await this.store.latestServed([symbol])).sort((a, b) => HORIZON_ORDER.indexOf(a.horizon as Horizon) - HORIZON_ORDER.indexOf(b.horizon as Horizon));
    const tick = await this.markets.latestTick(symbol).catch(() => undefined);
    const lastPrice = tick?.price ?? rows.reduce<{ t: number; p: number | null }>((acc, f) => (f.originTime > acc.t ? { t: f.originTime, p: f.lastPrice } : acc), { t: -1, p: null }).p;
    const from = windowStart(this.market.now(), 30);
    const horizons = await Promise.all(
      rows.map(async (f) => {
        const live = await this.store.liveMetrics({ modelVersion: f.modelVersion, horizons: [f.horizon], symbol, from, scaled: false });
        return {
          horizon: f.horizon,
          originTime: iso(f.originTime),
          targetTime: iso(f.targetTime),
          point: f.point,
          quantiles: { '0.05': f.quantiles['0.05'], '0.1': f.quantiles['0.1'], '0.5': f.quantiles['0.5'], '0.9': f.quantiles['0.9'], '0.95': f.quantiles['0.95'] },
          modelVersion: f.modelVersion,
          isNaive: f.isNaive,
          live: live ? { n: live.n, mae: live.mae, naiveMae: live.naiveMae, relMae: live.relMae, coverage80: live.coverage80 } : null,
        };
      }),
    );
    return { symbol, lastPrice, horizons };
  }

  async history(input: string, query: ForecastHistoryQueryDto): Promise<ForecastHistoryRowDto[]> {
    const symbol = await this.markets.resolveSymbol(input);
    if (!isHorizon(query.horizon)) throw new BadRequestException(`horizon must be one of: ${HORIZON_ORDER.join(', ')}`);
    const to = query.to ? Date.parse(query.to) : this.market.now();
    const from = query.from ? Date.parse(query.from) : to - Math.max(30 * DAY_MS, 40 * HORIZON_MS[query.horizon]);
    if (from > to) throw new BadRequestException('from must not be after to');
    const rows = await this.store.history(symbol, query.horizon, from, to, HISTORY_MAX_ROWS);
    return rows.map((r) => ({ originTime: iso(r.originTime), targetTime: iso(r.targetTime), point: r.point, p10: r.p10, p90: r.p90, actual: r.actual, naivePoint: r.naivePoint }));
  }

  async models(): Promise<ModelsDto> {
    const now = this.market.now();
    const records = await this.registry.list();
    const models = await Promise.all(
      records.map(async (r) => {
        const live: Record<string, unknown> = {};
        for (const days of LIVE_WINDOWS_DAYS) {
          live[`${days}d`] = await this.store.liveMetrics({ modelVersion: r.version, horizons: GROUP_HORIZONS[r.horizonGroup], from: windowStart(now, days), scaled: true });
        }
        return {
          id: r.id,
          version: r.version,
          type: r.type,
          status: r.status,
          horizonGroup: r.horizonGroup,
          backtest: r.backtest,
          live,
          trainedUntil: r.trainedUntil ? r.trainedUntil.toISOString() : null,
          previousChampionId: r.previousChampionId,
          createdAt: r.createdAt.toISOString(),
        };
      }),
    );
    const events = (await this.registry.events()).map((e) => ({ at: e.at.toISOString(), kind: e.kind, reason: e.reason, modelId: e.modelId, horizonGroup: e.horizonGroup }));
    return { models, events };
  }

  async retrain(by: string): Promise<RetrainAcceptedDto> {
    const reason = `manual retraining requested by ${by}`;
    await this.registry.log('retrain_requested', reason, null, null);
    // One job per minute at most: double clicks collapse into one training run.
    const jobId = await this.scheduler.requestTraining(reason, `manual:${iso(this.market.now()).slice(0, 16)}`);
    return { jobId, message: 'Retraining queued; the new model is registered as a challenger when it finishes' };
  }

  async promote(id: string, by: string) {
    return this.transition(() => this.registry.promote(id, `promoted manually by ${by}`));
  }

  async rollback(id: string, by: string) {
    return this.transition(() => this.registry.rollback(id, `rolled back manually by ${by}`));
  }

  private async transition(run: () => Promise<{ id: string; version: string; status: string; horizonGroup: string }>) {
    try {
      const r = await run();
      return { id: r.id, version: r.version, status: r.status, horizonGroup: r.horizonGroup };
    } catch (error) {
      if (error instanceof ModelTransitionError) {
        if (error.message === 'Model not found') throw new NotFoundException('Model not found');
        throw new ConflictException(error.message);
      }
      throw error;
    }
  }
}
