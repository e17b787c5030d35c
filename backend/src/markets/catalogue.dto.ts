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
}

export class CatalogueMarketDto {
  @ApiProperty({ example: 'SOL/USDT' }) symbol!: string;
  @ApiProperty({ example: 'SOL' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ description: 'Already tracked (backfilling or ingested)' }) tracked!: boolean;
}

export class CatalogueSearchDto {
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: 3, description: 'Markets matching, of which at most 50 are listed' }) total!: number;
  @ApiProperty({ type: [CatalogueMarketDto] }) markets!: CatalogueMarketDto[];
}

export class AddMarketDto {
  @ApiProperty({ example: 'SOL/USDT', description: 'SOL/USDT, SOL-USDT or SOLUSDT' })
  @IsString({ message: 'symbol must be a market symbol such as "SOL/USDT"' })
  @MaxLength(40, { message: 'symbol must be at most 40 characters' })
  symbol!: string;
}

export class TrackedMarketDto {
  @ApiProperty({ example: 'SOL/USDT' }) symbol!: string;
  @ApiProperty({ example: 'SOL' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ enum: MARKET_STAGES }) stage!: MarketStage;
  @ApiProperty({ example: 0, description: 'Days of hourly history stored' }) historyDays!: number;
  @ApiProperty({ type: MarketBackfillDto, nullable: true }) backfill!: MarketBackfillDto | null;
  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' }) addedAt!: string;
}

/** Payload of the socket `market_backfill` event (to every client): a market's stage and backfill progress. */
export type MarketBackfillEvent = TrackedMarketDto;
