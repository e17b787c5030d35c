import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../infra/ports';
import {
  COIN_FORECAST_SOURCE,
  DAILY_CLOSE_SOURCE,
  PORTFOLIO_HOLDINGS_SOURCE,
  type CoinForecastSource,
  type DailyCloseSource,
  type PortfolioHoldingsSource,
} from './portfolio-forecast-ports';
import type { PortfolioForecastDto, PortfolioHorizonForecastDto } from './portfolio-forecast.dto';
import {
  alignDailyCloses,
  JOINT_HISTORY_DAYS,
  jointLogReturns,
  marginalFromHistory,
  marginalFromPriceQuantiles,
  MIN_JOINT_OBSERVATIONS,
  PORTFOLIO_HORIZONS,
  portfolioRisk,
  type Marginal,
} from './portfolio-risk';

const DAY_MS = 86_400_000;

/** Cash and stablecoins: riskless at their value (the ledger values stablecoins; at par where it has no price). */
const FIAT = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD'];
const STABLECOINS = ['USDT', 'USDC', 'DAI', 'BUSD', 'TUSD', 'FDUSD', 'USDP', 'PYUSD', 'USDE', 'EURC'];
const RISKLESS: ReadonlySet<string> = new Set([...FIAT, ...STABLECOINS]);
/** Cash and stablecoins by the ledger's kind; by name where a holding carries no kind. */
export const isRiskless = (h: { asset: string; kind?: string }) =>
  h.kind === 'fiat' || h.kind === 'stablecoin' || (h.kind === undefined && RISKLESS.has(h.asset.toUpperCase()));

/**
 * The forecast of a portfolio's value: holdings from portfolios, each coin's served forecast quantiles from
 * forecasts, and the coins' joint daily history from markets, put together by the pure portfolioRisk.
 */
@Injectable()
export class PortfolioForecastService {
  constructor(
    @Inject(PORTFOLIO_HOLDINGS_SOURCE) private readonly holdings: PortfolioHoldingsSource,
    @Inject(COIN_FORECAST_SOURCE) private readonly forecasts: CoinForecastSource,
    @Inject(DAILY_CLOSE_SOURCE) private readonly closes: DailyCloseSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forecast(userId: string, portfolioId: string): Promise<PortfolioForecastDto> {
    const { baseCurrency, holdings } = await this.holdings.holdingsOf(userId, portfolioId);
    const now = this.clock.now().getTime();
    const open = holdings.filter((h) => h.quantity > 0);
    const cash = open.filter((h) => isRiskless(h)).map((h) => ({ asset: h.asset, value: h.value ?? h.quantity }));
    const coins = open.filter((h) => !isRiskless(h));
    const excluded: PortfolioForecastDto['excluded'] = coins
      .filter((h) => !(h.value !== null && h.value > 0))
      .map((h) => ({ asset: h.asset, value: null, reason: 'no price' as const }));
    let priced = coins.filter((h) => h.value !== null && h.value > 0).map((h) => ({ asset: h.asset, value: h.value! }));

    const assets = priced.map((h) => h.asset);
    const served = await this.forecasts.latest(assets);
    // Closed daily candles only: those opened before today (UTC).
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const closes = await this.closes.dailyCloses(assets, new Date(today - (JOINT_HISTORY_DAYS + 31) * DAY_MS), new Date(today));

    // Each coin's marginal per horizon: the served forecast, else its own history's h-day returns.
    const marginals = new Map<string, Map<string, { marginal: Marginal; basis: 'forecast' | 'history' }>>();
    for (const { asset } of priced) {
      const own = alignDailyCloses([closes.get(asset) ?? new Map()]);
      const byHorizon = new Map<string, { marginal: Marginal; basis: 'forecast' | 'history' }>();
      for (const { horizon, days } of PORTFOLIO_HORIZONS) {
        const f = served.get(asset)?.get(horizon);
        const marginal = f ? marginalFromPriceQuantiles(f.lastPrice, f.quantiles) : undefined;
        if (marginal && marginal.levels.length >= 2) byHorizon.set(horizon, { marginal, basis: 'forecast' });
        else {
          const returns = jointLogReturns(own, days).map((row) => row[0]!);
          if (returns.length >= MIN_JOINT_OBSERVATIONS) byHorizon.set(horizon, { marginal: marginalFromHistory(returns), basis: 'history' });
        }
      }
      marginals.set(asset, byHorizon);
    }
    for (const h of priced) {
      if (marginals.get(h.asset)!.size < PORTFOLIO_HORIZONS.length) excluded.push({ asset: h.asset, value: h.value, reason: 'no forecast' });
    }
    priced = priced.filter((h) => marginals.get(h.asset)!.size === PORTFOLIO_HORIZONS.length);

    const riskless = cash.reduce((sum, h) => sum + h.value, 0);
    const jointCloses = alignDailyCloses(priced.map((h) => closes.get(h.asset)!));
    const horizons: PortfolioHorizonForecastDto[] = PORTFOLIO_HORIZONS.map(({ horizon, days }) => {
      const risk = portfolioRisk({
        riskless,
        holdings: priced.map((h) => ({ asset: h.asset, value: h.value, marginal: marginals.get(h.asset)!.get(horizon)!.marginal })),
        jointHistory: jointLogReturns(jointCloses, days),
      });
      const q = risk.quantiles;
      return {
        horizon,
        targetTime: new Date(now + days * DAY_MS).toISOString(),
        low90: q['0.05']!,
        low80: q['0.1']!,
        median: q['0.5']!,
        high80: q['0.9']!,
        high90: q['0.95']!,
        valueAtRisk95: risk.valueAtRisk,
        expectedShortfall95: risk.expectedShortfall,
        scenarios: risk.scenarios,
        dependence: risk.dependence,
        contributions: risk.holdings.map((c) => ({
          asset: c.asset,
          value: c.value,
          expectedShortfall: c.expectedShortfall,
          share: c.share,
          basis: marginals.get(c.asset)!.get(horizon)!.basis,
        })),
      };
    });
    return {
      baseCurrency,
      asOf: new Date(now).toISOString(),
      value: riskless + priced.reduce((sum, h) => sum + h.value, 0),
      riskless,
      cash,
      excluded,
      horizons,
    };
  }
}
