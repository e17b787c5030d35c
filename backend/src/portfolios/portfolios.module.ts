import { Module } from '@nestjs/common';
import { MarketsModule } from '../markets/markets.module';
import { PortfolioChangePublisher } from './live/portfolio-change-publisher';
import { PortfolioLiveValuation } from './live/portfolio-live-valuation.service';
import { PortfolioImportService } from './portfolio-import.service';
import { MarketDataPriceSource, PORTFOLIO_PRICES } from './portfolio-prices';
import { PortfoliosController } from './portfolios.controller';
import { PORTFOLIO_CHANGE_LISTENER, PortfoliosService } from './portfolios.service';

@Module({
  imports: [MarketsModule],
  controllers: [PortfoliosController],
  providers: [
    PortfoliosService,
    PortfolioImportService,
    PortfolioLiveValuation,
    { provide: PORTFOLIO_PRICES, useClass: MarketDataPriceSource },
    { provide: PORTFOLIO_CHANGE_LISTENER, useClass: PortfolioChangePublisher },
  ],
  exports: [PortfoliosService, PORTFOLIO_PRICES],
})
export class PortfoliosModule {}
