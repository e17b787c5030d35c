import { Module } from '@nestjs/common';
import { MarketsModule } from '../markets/markets.module';
import { StreamModule } from '../stream/stream.module';
import { PortfolioChangePublisher } from './live/portfolio-change-publisher';
import { PortfolioLiveValuation } from './live/portfolio-live-valuation.service';
import { PortfolioImportService } from './portfolio-import.service';
import { PortfolioLedgerService } from './portfolio-ledger.service';
import { PortfolioRebalanceService } from './portfolio-rebalance.service';
import { PortfolioTargetsRepository } from './portfolio-targets.repository';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';
import { MarketDataPriceSource, PORTFOLIO_PRICES } from './portfolio-prices';
import { PortfoliosController } from './portfolios.controller';
import { PortfoliosRepository } from './portfolios.repository';
import { PORTFOLIO_CHANGE_LISTENER, PortfoliosService } from './portfolios.service';

@Module({
  imports: [MarketsModule, StreamModule],
  controllers: [PortfoliosController],
  providers: [
    PortfoliosRepository,
    PortfolioTransactionsRepository,
    PortfolioLedgerService,
    PortfoliosService,
    PortfolioImportService,
    PortfolioTargetsRepository,
    PortfolioRebalanceService,
    PortfolioLiveValuation,
    { provide: PORTFOLIO_PRICES, useClass: MarketDataPriceSource },
    { provide: PORTFOLIO_CHANGE_LISTENER, useClass: PortfolioChangePublisher },
  ],
  exports: [PortfoliosService, PortfolioLedgerService, PortfoliosRepository, PortfolioImportService, PORTFOLIO_PRICES],
})
export class PortfoliosModule {}
