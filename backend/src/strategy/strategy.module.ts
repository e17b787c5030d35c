import { Module } from '@nestjs/common';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { MarketsModule } from '../markets/markets.module';
import { StoredStrategyData } from './strategy-data.adapter';
import { STRATEGY_DATA } from './strategy-ports';
import { StrategyController } from './strategy.controller';
import { StrategyService } from './strategy.service';

/** The strategy backtest page (GET /strategy): reads served forecasts and candles through their domains' readers. */
@Module({
  imports: [ForecastsModule, MarketsModule],
  controllers: [StrategyController],
  providers: [StrategyService, { provide: STRATEGY_DATA, useClass: StoredStrategyData }],
})
export class StrategyModule {}
