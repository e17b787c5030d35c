import { Module } from '@nestjs/common';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { MarketsModule } from '../markets/markets.module';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';

/** The market overview page's data: reads candles through markets and forecasts through their exported readers. */
@Module({
  imports: [MarketsModule, ForecastsModule],
  controllers: [OverviewController],
  providers: [OverviewService],
})
export class OverviewModule {}
