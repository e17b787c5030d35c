import { Module } from '@nestjs/common';
import { ForecastsModule } from '../../forecasts/forecasts.module';
import { MarketsModule } from '../../markets/markets.module';
import { PortfoliosModule } from '../portfolios.module';
import { COIN_FORECAST_SOURCE, DAILY_CLOSE_SOURCE, PORTFOLIO_HOLDINGS_SOURCE } from './portfolio-forecast-ports';
import { MarketsDailyClosesAdapter, PortfoliosHoldingsAdapter, ServedForecastsAdapter } from './portfolio-forecast.adapters';
import { PortfolioForecastController } from './portfolio-forecast.controller';
import { PortfolioForecastService } from './portfolio-forecast.service';

/** The portfolio forecast (GET /portfolios/:id/forecast): reads portfolios, forecasts and markets through its ports. */
@Module({
  imports: [PortfoliosModule, ForecastsModule, MarketsModule],
  controllers: [PortfolioForecastController],
  providers: [
    PortfolioForecastService,
    { provide: PORTFOLIO_HOLDINGS_SOURCE, useClass: PortfoliosHoldingsAdapter },
    { provide: COIN_FORECAST_SOURCE, useClass: ServedForecastsAdapter },
    { provide: DAILY_CLOSE_SOURCE, useClass: MarketsDailyClosesAdapter },
  ],
})
export class PortfolioRiskModule {}
