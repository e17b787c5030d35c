import { Inject, Injectable } from '@nestjs/common';
import { ForecastsRepository } from '../forecasts/forecasts.repository';
import { CLOCK, type Clock } from '../infra/ports';
import { CandlesRepository } from '../markets/candles.repository';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import { splitSymbol } from '../markets/symbols';
import { breadth, dayBefore, MOVER_WINDOWS, percentChange, rangePercent, round2, type MoverWindow } from './overview-calc';
import type { ExpectedRangeDto, MoverDto, MoversDto, OverviewDto, WidenedRangeDto } from './overview.dto';

const HOUR = 3_600_000;
/** Entries per list. */
export const OVERVIEW_TOP = 5;
/** A market whose newest closed candle is older than this is left out (its source stopped). */
const STALE_CANDLES_MS = 6 * HOUR;
/** A served 24h forecast older than this is not "today's". */
const STALE_FORECAST_MS = 6 * HOUR;

/**
 * The market overview: movers from the stored hourly candles (read through the markets domain's candle reader),
 * expected ranges from the served 24h forecasts (through the forecasts repository), and breadth.
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly markets: MarketsService,
    private readonly candles: CandlesRepository,
    private readonly forecasts: ForecastsRepository,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async overview(): Promise<OverviewDto> {
    const now = this.clock.now().getTime();
    const symbols = await this.markets.trackedSymbols();
    const [series, served] = await Promise.all([
      this.candles.closedCandlesOfMany(symbols, '1h', now, MOVER_WINDOWS['7d'] + 3),
      this.forecasts.latestServed(symbols),
    ]);

    const changes = new Map<string, Record<MoverWindow, number | null> & { price: number }>();
    for (const symbol of symbols) {
      const candles = (series.get(symbol) ?? []).map((c) => ({ openTime: c.openTime, close: c.close }));
      const last = candles.at(-1);
      if (!last || now - (last.openTime + HOUR) > STALE_CANDLES_MS) continue;
      changes.set(symbol, {
        price: last.close,
        '1h': percentChange(candles, 1),
        '24h': percentChange(candles, 24),
        '7d': percentChange(candles, 24 * 7),
      });
    }

    const movers: MoversDto[] = (Object.keys(MOVER_WINDOWS) as MoverWindow[]).map((window) => {
      const rows: MoverDto[] = [...changes].flatMap(([symbol, change]) =>
        change[window] === null ? [] : [{ symbol, base: splitSymbol(symbol).base, price: change.price, changePct: round2(change[window]) }],
      );
      return {
        window,
        gainers: rows
          .filter((row) => row.changePct > 0)
          .sort((a, b) => b.changePct - a.changePct)
          .slice(0, OVERVIEW_TOP),
        losers: rows
          .filter((row) => row.changePct < 0)
          .sort((a, b) => a.changePct - b.changePct)
          .slice(0, OVERVIEW_TOP),
      };
    });

    const today = served.filter((forecast) => forecast.horizon === '24h' && now - forecast.originTime <= STALE_FORECAST_MS);
    const ranges: Array<ExpectedRangeDto & { exact: number }> = today.flatMap((forecast) => {
      const width = rangePercent({ ...forecast, q10: forecast.quantiles['0.1'], q90: forecast.quantiles['0.9'] });
      if (width === null) return [];
      return [
        {
          symbol: forecast.symbol,
          base: splitSymbol(forecast.symbol).base,
          lastPrice: forecast.lastPrice,
          low: forecast.quantiles['0.1'],
          high: forecast.quantiles['0.9'],
          rangePct: round2(width),
          originTime: new Date(forecast.originTime).toISOString(),
          exact: width,
        },
      ];
    });
    const widestRanges = [...ranges]
      .sort((a, b) => b.exact - a.exact)
      .slice(0, OVERVIEW_TOP)
      .map(({ exact: _exact, ...range }) => range);

    const widened: WidenedRangeDto[] = [];
    await Promise.all(
      ranges.map(async (range) => {
        const origin = Date.parse(range.originTime);
        const earlier = await this.forecasts.history(range.symbol, '24h', origin - 27 * HOUR, origin - 21 * HOUR, 12);
        const previous = dayBefore(origin, earlier);
        if (!previous) return;
        // The naive baseline's point is the price the forecast was made from.
        const width = rangePercent({ originTime: previous.originTime, lastPrice: previous.naivePoint ?? previous.point, q10: previous.p10, q90: previous.p90 });
        // Unchanged to the hundredth of a point is not "widened".
        if (width === null || round2(range.exact - width) <= 0) return;
        widened.push({
          symbol: range.symbol,
          base: range.base,
          rangePct: range.rangePct,
          previousRangePct: round2(width),
          widenedBy: round2(range.exact - width),
        });
      }),
    );
    widened.sort((a, b) => b.widenedBy - a.widenedBy || a.symbol.localeCompare(b.symbol));

    return {
      generatedAt: new Date(now).toISOString(),
      markets: symbols.length,
      movers,
      widestRanges,
      widenedRanges: widened.slice(0, OVERVIEW_TOP),
      breadth: breadth([...changes.values()].map((change) => change['24h'])),
    };
  }
}
