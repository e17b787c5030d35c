import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MarketsModule } from '../markets/markets.module';
import { PortfoliosModule } from '../portfolios/portfolios.module';
import { CcxtExchangeClientFactory } from './ccxt-exchange.client';
import { ExchangeAccountsController } from './exchange-accounts.controller';
import { ExchangeAccountsRepository } from './exchange-accounts.repository';
import { ExchangeAccountsService } from './exchange-accounts.service';
import { ExchangeAccountsWorker } from './exchange-accounts.worker';
import { EXCHANGE_CLIENTS } from './exchange-client';

@Module({
  imports: [PortfoliosModule, MarketsModule],
  controllers: [ExchangeAccountsController],
  providers: [
    {
      provide: EXCHANGE_CLIENTS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new CcxtExchangeClientFactory({ timeoutMs: config.env.MARKET_TIMEOUT_MS, apiOrigin: config.env.EXCHANGE_ACCOUNTS_API_URL }),
    },
    ExchangeAccountsRepository,
    ExchangeAccountsService,
    ExchangeAccountsWorker,
  ],
})
export class ExchangeAccountsModule {}
