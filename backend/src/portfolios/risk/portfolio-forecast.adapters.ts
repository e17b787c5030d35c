import { Injectable } from '@nestjs/common';
import { ForecastsRepository } from '../../forecasts/forecasts.repository';
import { CandlesRepository } from '../../markets/candles.repository';
import { MarketsService } from '../../markets/markets.service';
import { VALUATION_QUOTE } from '../portfolio-prices';
import { PortfoliosService } from '../portfolios.service';
import type { CoinForecastSource, CoinQuantiles, DailyCloseSource, ForecastHolding, PortfolioHoldingsSource } from './portfolio-forecast-ports';

/** Holdings through the portfolios service (read-only; it scopes by owner). */
@Injectable()
export class PortfoliosHoldingsAdapter implements PortfolioHoldingsSource {
  constructor(private readonly portfolios: PortfoliosService) {}

  async holdingsOf(userId: string, portfolioId: string): Promise<{ baseCurrency: string; holdings: ForecastHolding[] }> {
    const response = await this.portfolios.holdings(userId, portfolioId);
    return {
      baseCurrency: response.baseCurrency,
      holdings: response.holdings.map((h) => ({
        asset: h.asset,
        kind: h.kind,
        quantity: Number(h.quantity),
        value: h.value === null ? null : Number(h.value),
      })),
    };
  }
}

/** Served per-coin quantiles through the forecasts domain's repository (its latest served forecast per horizon). */
@Injectable()
export class ServedForecastsAdapter implements CoinForecastSource {
  constructor(
    private readonly forecasts: ForecastsRepository,
    private readonly markets: MarketsService,
  ) {}

  /** Forecasts of the market each asset is priced from (the price order's first exchange that has it). */
  async latest(assets: readonly string[]): Promise<Map<string, Map<string, CoinQuantiles>>> {
    const markets = await this.markets.pricingMarkets(assets, VALUATION_QUOTE);
    const assetOf = new Map([...markets].map(([asset, market]) => [market, asset]));
    const rows = await this.forecasts.latestServed([...markets.values()]);
    const out = new Map<string, Map<string, CoinQuantiles>>();
    for (const f of rows) {
      const asset = assetOf.get(f.symbol);
      if (!asset) continue;
      const byHorizon = out.get(asset) ?? new Map<string, CoinQuantiles>();
      byHorizon.set(f.horizon, { horizon: f.horizon, originTime: f.originTime, lastPrice: f.lastPrice, quantiles: { ...f.quantiles } });
      out.set(asset, byHorizon);
    }
    return out;
  }
}

/** Daily closes through the markets domain's candle reader, from the market each asset is priced from. */
@Injectable()
export class MarketsDailyClosesAdapter implements DailyCloseSource {
  constructor(
    private readonly candles: CandlesRepository,
    private readonly markets: MarketsService,
  ) {}

  async dailyCloses(assets: readonly string[], from: Date, to: Date): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>(assets.map((a) => [a, new Map<number, number>()]));
    if (assets.length === 0) return out;
    const markets = await this.markets.pricingMarkets(assets, VALUATION_QUOTE);
    const assetOf = new Map([...markets].map(([asset, market]) => [market, asset]));
    for (const row of await this.candles.dailyOpenCloses([...markets.values()], from, to)) {
      out.get(assetOf.get(row.symbol)!)?.set(row.openTime, row.close);
    }
    return out;
  }
}
