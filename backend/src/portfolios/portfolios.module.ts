import { Module } from '@nestjs/common';
import { MarketsModule } from '../markets/markets.module';
import { PortfolioImportService } from './portfolio-import.service';
import { MarketDataPriceSource, PORTFOLIO_PRICES } from './portfolio-prices';
import { PortfoliosController } from './portfolios.controller';
import { PortfoliosService } from './portfolios.service';

@Module({
  imports: [MarketsModule],
  controllers: [PortfoliosController],
  providers: [PortfoliosService, PortfolioImportService, { provide: PORTFOLIO_PRICES, useClass: MarketDataPriceSource }],
  exports: [PortfoliosService, PORTFOLIO_PRICES],
})
export class PortfoliosModule {}
