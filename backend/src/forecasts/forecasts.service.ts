import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, InvalidError, NotFoundError } from '../common/domain-errors';
import { MarketsService } from '../markets/markets.service';
import { LIVE_WINDOWS_DAYS, windowStart } from './forecast-scoring';
import { FORECAST_MARKET_DATA, type ForecastMarketData } from './forecast-ports';
import { ForecastScheduler } from './forecast-scheduler';
import { ForecastsRepository } from './forecasts.repository';
import type {
  CoinForecastDto,
  ForecastHistoryQueryDto,
  ForecastHistoryRowDto,
  ForecastSummaryDto,
  HorizonBacktestDto,
  HorizonForecastDto,
  ModelDiagnosticsDto,
  ModelsDto,
  RetrainAcceptedDto,
} from './forecasts.dto';
import type { ForecastModelRecord } from './forecast.entities';
import { moveProbability } from './forecast-reader';
import { ForecastExplainer } from './forecast-explainer';
import { buildDiagnostics, type ModelDiagnostics } from './model-diagnostics';
import type { StoredForecast } from './forecasts.repository';
import { ModelRegistry, ModelTransitionError } from './model-registry.repository';
import { GROUP_STEP_MS, anyHorizonGroupOf, anyHorizonMs, horizonsOfGroup, isIntradayHorizon, isServedHorizon } from './slots';
import type { ForecastExplanation, Horizon, IntradayHorizon } from '@coincast/ml';

const DAY_MS = 86_400_000;
const HISTORY_MAX_ROWS = 2_000;
const HORIZON_ORDER: Array<Horizon | IntradayHorizon> = ['5m', '15m', '30m', '1h', '4h', '24h', '7d', '30d'];
const iso = (t: number) => new Date(t).toISOString();

/** The serving model's out-of-sample backtest figures at one horizon, from its registry record. */
function horizonBacktest(record: ForecastModelRecord, horizon: string): HorizonBacktestDto | null {
  const bt = record.backtest as {
    from?: string;
    to?: string;
    fittedUntil?: string;
    horizons?: Record<
      string,
      { scored: number; relPinball: number | null; coverage80: number | null; naiveCoverage80: number | null; terciles?: HorizonBacktestDto['terciles'] }
    >;
  };
  const h = bt.horizons?.[horizon];
  if (!bt.from || !bt.to || !h) return null;
  return {
    from: bt.from,
    to: bt.to,
    fittedUntil: bt.fittedUntil ?? null,
    scored: h.scored,
    relPinball: h.relPinball,
    coverage80: h.coverage80,
    naiveCoverage80: h.naiveCoverage80,
    ...(h.terciles ? { terciles: h.terciles } : {}),
  };
}

/** The API shape of an explanation; the served row's own naive flag wins over the guard's record. */
function explanationDto(e: ForecastExplanation, row: StoredForecast) {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    scale: e.scale,
    totalLogVariance: e.totalLogVariance,
    rangeVsUsual: e.rangeVsUsual,
    sd: finite(e.sd),
    usualSd: finite(e.usualSd),
    usualDays: e.usual.days,
    usualDefinition: e.usual.definition,
    terms: e.terms.map((t) => ({ key: t.key, label: t.label, logVariance: t.logVariance, rangeEffect: t.rangeEffect })),
    intervalSource: row.intervalIsNaive ? 'naive' : e.intervalSource,
  };
}

/** Read side of forecasting for the API, plus the admin transitions. */
@Injectable()
export class ForecastsService {
  private readonly explainer: ForecastExplainer;

  constructor(
    private readonly store: ForecastsRepository,
    private readonly registry: ModelRegistry,
    private readonly scheduler: ForecastScheduler,
    private readonly markets: MarketsService,
    // Market time, not the wall clock: the replay clock may run ahead (REPLAY_SPEED), and so do forecasts.
    @Inject(FORECAST_MARKET_DATA) private readonly market: ForecastMarketData,
  ) {
    this.explainer = new ForecastExplainer(market, registry);
  }

  async latest(): Promise<ForecastSummaryDto[]> {
    const symbols = await this.markets.trackedSymbols();
    const rows = await this.store.latestServed(symbols);
    const horizons = await this.describe(rows, symbols);
    return rows
      .map((f, i) => ({ symbol: f.symbol, exchange: this.markets.exchangeOf(f.symbol), ...horizons[i]! }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || HORIZON_ORDER.indexOf(a.horizon as Horizon) - HORIZON_ORDER.indexOf(b.horizon as Horizon));
  }

  async forSymbol(input: string): Promise<CoinForecastDto> {
    const symbol = await this.markets.resolveSymbol(input);
    const rows = (await this.store.latestServed([symbol])).sort(
      (a, b) => HORIZON_ORDER.indexOf(a.horizon as Horizon) - HORIZON_ORDER.indexOf(b.horizon as Horizon),
    );
    const tick = await this.markets.latestTick(symbol).catch(() => undefined);
    const lastPrice =
      tick?.price ??
      rows.reduce<{ t: number; p: number | null }>((acc, f) => (f.originTime > acc.t ? { t: f.originTime, p: f.lastPrice } : acc), { t: -1, p: null }).p;
    const horizons = await this.describe(rows, [symbol]);
    const explanations = await this.explainer.explain(rows);
    rows.forEach((f, i) => {
      const e = explanations.get(ForecastExplainer.keyOf(f));
      horizons[i]!.explanation = e ? explanationDto(e, f) : null;
    });
    return { symbol, exchange: this.markets.exchangeOf(symbol), lastPrice, marketTime: iso(this.market.now()), horizons };
  }

  /** The honest per-horizon fields (item 5 of issue 16): naive flags, P(up), staleness, 30-day skill, backtest. */
  private async describe(rows: StoredForecast[], symbols: string[]): Promise<HorizonForecastDto[]> {
    const now = this.market.now();
    const skills = await this.store.servedSkill(symbols, windowStart(now, 30));
    const skillOf = new Map(skills.map((k) => [`${k.symbol}|${k.horizon}`, k]));
    const records = new Map<string, ForecastModelRecord | null>();
    for (const id of new Set(rows.map((f) => f.modelId).filter((x): x is string => !!x))) records.set(id, await this.registry.get(id));
    return rows.map((f) => {
      const k = skillOf.get(`${f.symbol}|${f.horizon}`);
      const step = GROUP_STEP_MS[anyHorizonGroupOf(f.horizon as Horizon | IntradayHorizon)];
      const record = f.modelId ? records.get(f.modelId) : null;
      return {
        horizon: f.horizon,
        originTime: iso(f.originTime),
        targetTime: iso(f.targetTime),
        lastPrice: f.lastPrice,
        point: f.point,
        quantiles: { ...f.quantiles },
        pointIsNaive: f.pointIsNaive,
        intervalIsNaive: f.intervalIsNaive,
        probabilityUp: moveProbability(f, 0).up,
        // The next slot is due one candle after the origin; older than two candles means slots are not running.
        stale: now - f.originTime > 2 * step,
        modelVersion: f.modelVersion,
        skill: {
          scored: k?.scored ?? 0,
          relPinball: k?.relPinball ?? null,
          coverage80: k ? k.coverage['0.8'] : null,
          naiveCoverage80: k ? k.naiveCoverage['0.8'] : null,
          calibration: k
            ? (['0.5', '0.8', '0.9'] as const).map((level) => ({ nominal: Number(level), observed: k.coverage[level], naive: k.naiveCoverage[level] }))
            : [],
        },
        backtest: record && record.type !== 'naive' ? horizonBacktest(record, f.horizon) : null,
      };
    });
  }

  async history(input: string, query: ForecastHistoryQueryDto): Promise<ForecastHistoryRowDto[]> {
    const symbol = await this.markets.resolveSymbol(input);
    if (!isServedHorizon(query.horizon)) throw InvalidError.of(`horizon must be one of: ${HORIZON_ORDER.join(', ')}`, 'horizon');
    const to = query.to ? Date.parse(query.to) : this.market.now();
    const from = query.from
      ? Date.parse(query.from)
      : to - (isIntradayHorizon(query.horizon) ? 2 * DAY_MS : Math.max(30 * DAY_MS, 40 * anyHorizonMs(query.horizon)));
    if (from > to) throw InvalidError.of('from must not be after to', 'from');
    const rows = await this.store.history(symbol, query.horizon, from, to, HISTORY_MAX_ROWS);
    return rows.map((r) => ({
      originTime: iso(r.originTime),
      targetTime: iso(r.targetTime),
      point: r.point,
      p10: r.p10,
      p90: r.p90,
      actual: r.actual,
      naivePoint: r.naivePoint,
    }));
  }

  async models(): Promise<ModelsDto> {
    const now = this.market.now();
    const records = await this.registry.list();
    const models = await Promise.all(
      records.map(async (r) => {
        const live: Record<string, unknown> = {};
        for (const days of LIVE_WINDOWS_DAYS) {
          live[`${days}d`] = await this.store.liveMetrics({
            modelVersion: r.version,
            horizons: horizonsOfGroup(r.horizonGroup),
            from: windowStart(now, days),
            scaled: true,
          });
        }
        const bt = r.backtest as { from?: string; to?: string; fittedUntil?: string; outOfSample?: boolean };
        return {
          id: r.id,
          version: r.version,
          type: r.type,
          status: r.status,
          horizonGroup: r.horizonGroup,
          backtest: r.backtest,
          backtestWindow: bt.from && bt.to ? { from: bt.from, to: bt.to, fittedUntil: bt.fittedUntil ?? null, outOfSample: bt.outOfSample === true } : null,
          live,
          trainedUntil: r.trainedUntil ? r.trainedUntil.toISOString() : null,
          previousChampionId: r.previousChampionId,
          createdAt: r.createdAt.toISOString(),
          promotedAt: r.promotedAt ? r.promotedAt.toISOString() : null,
          retiredAt: r.retiredAt ? r.retiredAt.toISOString() : null,
        };
      }),
    );
    const events = (await this.registry.events()).map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      reason: e.reason,
      modelId: e.modelId,
      horizonGroup: e.horizonGroup,
      details: e.details ?? {},
    }));
    const liveByDay = (await this.store.servedByDay(windowStart(now, 60))).map((d) => ({ ...d, day: iso(d.day).slice(0, 10) }));
    return { models, events, liveByDay };
  }

  /** A model version's diagnostics: stored at registration, rebuilt from the backtest and artifact for older models. */
  async diagnostics(id: string): Promise<ModelDiagnosticsDto> {
    const record = await this.registry.get(id);
    if (!record) throw new NotFoundError('Model not found');
    if (record.horizonGroup === 'intraday') throw new NotFoundError('No diagnostics are kept for the sub-hour models yet');
    let d = (await this.registry.diagnostics(id)) as ModelDiagnostics | null;
    if (!d) {
      const metadata = record.artifactId ? await this.registry.artifactMetadata(record.artifactId) : null;
      d = buildDiagnostics(record.horizonGroup, metadata, record.backtest, null);
    }
    return {
      modelId: record.id,
      version: record.version,
      horizonGroup: record.horizonGroup,
      complete: d.complete,
      window: d.window,
      lossCurves: d.lossCurves,
      horizons: d.horizons,
      perCoin: d.perCoin,
    };
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
        if (error.message === 'Model not found') throw new NotFoundError('Model not found');
        throw new ConflictError(error.message);
      }
      throw error;
    }
  }
}
