import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MARKET_STAGES, MarketStage } from './market-stage';
import { MarketBackfillDto } from './markets.dto';

export class CatalogueSearchQueryDto {
  @ApiPropertyOptional({ example: 'sol', description: 'Part of the symbol or base asset (BTC, BTC/USDT, btcusdt); empty lists the first markets' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'q must be at most 40 characters' })
  @Matches(/^[A-Za-z0-9/_ -]*$/, { message: 'q may only contain letters, digits, "/", "-", "_" and spaces' })
  q?: string;

  @ApiPropertyOptional({ example: 'kraken', description: 'Exchange to search (an id from GET /markets `exchanges`); default the home exchange' })
  @IsOptional()
  @IsString()
  @MaxLength(32, { message: 'exchange must be at most 32 characters' })
  @Matches(/^[a-z][a-z0-9]*$/, { message: 'exchange must be an exchange id such as "binance" or "kraken"' })
  exchange?: string;
}

export class CatalogueMarketDto {
  @ApiProperty({ example: 'SOL/USDT', description: 'Market id (SOL/USDT@kraken off the home exchange): what POST /markets/catalogue takes' }) symbol!: string;
  @ApiProperty({ example: 'SOL/USDT', description: "The exchange's own symbol" }) pair!: string;
  @ApiProperty({ example: 'SOL' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ description: 'Already tracked (backfilling or ingested)' }) tracked!: boolean;
}

export class CatalogueSearchDto {
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: 'Binance' }) exchangeName!: string;
  @ApiProperty({ example: 3, description: 'Markets matching, of which at most 50 are listed' }) total!: number;
  @ApiProperty({ type: [CatalogueMarketDto] }) markets!: CatalogueMarketDto[];
}

export class AddMarketDto {
  @ApiProperty({ example: 'SOL/USDT', description: 'SOL/USDT, SOL-USDT or SOLUSDT; SOL/USDT@kraken (or `exchange`) for another exchange' })
  @IsString({ message: 'symbol must be a market symbol such as "SOL/USDT"' })
  @MaxLength(72, { message: 'symbol must be at most 72 characters' })
  symbol!: string;

  @ApiPropertyOptional({ example: 'kraken', description: 'Exchange of the market (default: the one in `symbol`, else the home exchange)' })
  @IsOptional()
  @IsString()
  @MaxLength(32, { message: 'exchange must be at most 32 characters' })
  @Matches(/^[a-z][a-z0-9]*$/, { message: 'exchange must be an exchange id such as "binance" or "kraken"' })
  exchange?: string;
}

export class TrackedMarketDto {
  @ApiProperty({ example: 'SOL/USDT', description: 'Market id' }) symbol!: string;
  @ApiProperty({ example: 'SOL/USDT' }) pair!: string;
  @ApiProperty({ example: 'SOL' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: 'Binance' }) exchangeName!: string;
  @ApiProperty({ enum: MARKET_STAGES }) stage!: MarketStage;
  @ApiProperty({ example: 0, description: 'Days of hourly history stored' }) historyDays!: number;
  @ApiProperty({ type: MarketBackfillDto, nullable: true }) backfill!: MarketBackfillDto | null;
  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' }) addedAt!: string;
}

/** Payload of the socket `market_backfill` event (to every client): a market's stage and backfill progress. */
export type MarketBackfillEvent = TrackedMarketDto;
