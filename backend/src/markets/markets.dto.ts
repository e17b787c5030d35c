import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsOptional, Min } from 'class-validator';
import { TIMEFRAMES, Timeframe } from './candle';
import { MARKET_STAGES, MarketStage } from './market-stage';

/** Largest page of candles one request returns; larger `limit`s are capped to it. */
export const MAX_CANDLES_PER_PAGE = 1_000;
export const DEFAULT_CANDLES_PER_PAGE = 500;

export class CandlesQueryDto {
  @ApiPropertyOptional({ enum: TIMEFRAMES, default: '1h' })
  @IsOptional()
  @IsIn(TIMEFRAMES as unknown as string[], { message: `timeframe must be one of ${TIMEFRAMES.join(', ')}` })
  timeframe?: Timeframe;

  @ApiPropertyOptional({ description: 'ISO 8601; first candle open time (inclusive). Without it the latest candles are returned.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; last candle open time (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CANDLES_PER_PAGE, default: DEFAULT_CANDLES_PER_PAGE, description: 'Capped at 1000.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  limit?: number;
}

export class CandleDto {
  @ApiProperty({ example: '2025-05-31T23:00:00.000Z' }) openTime!: string;
  @ApiProperty({ example: '104625.79' }) open!: string;
  @ApiProperty({ example: '104840' }) high!: string;
  @ApiProperty({ example: '104473.2' }) low!: string;
  @ApiProperty({ example: '104591.88' }) close!: string;
  @ApiProperty({ example: '360.75652', description: 'Base-asset volume' }) volume!: string;
  @ApiProperty({ description: 'True when the candle was fetched after its close time (final values); false for the forming candle' })
  closed!: boolean;
}

export class CandlesPageDto {
  @ApiProperty({ example: 'BTC/USDT', description: 'Market id' }) symbol!: string;
  @ApiProperty({ enum: TIMEFRAMES }) timeframe!: Timeframe;
  @ApiProperty({ enum: ['ccxt', 'replay'] }) source!: 'ccxt' | 'replay';
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ type: [CandleDto] }) candles!: CandleDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `from` to get the next page; null on the last page.' })
  nextFrom!: string | null;
}

export class TickerDto {
  @ApiProperty({ example: 'BTC/USDT', description: 'Market id' }) symbol!: string;
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: '104591.88' }) price!: string;
  @ApiProperty({ example: -1.23, description: 'Percent change over 24 hours' }) change24h!: number;
  @ApiProperty({ example: '18234.5', description: '24h volume, base-asset units' }) volume24h!: string;
  @ApiProperty({ example: '2026-11-23T14:00:00.000Z' }) timestamp!: string;
  @ApiProperty({ enum: ['ccxt', 'replay'] }) source!: 'ccxt' | 'replay';
}

export class MarketBackfillDto {
  @ApiProperty({ example: 12000, description: 'Candles fetched so far (all timeframes)' }) fetched!: number;
  @ApiProperty({ example: 20000, description: 'Candles a full backfill fetches (fewer when the market is younger than the depth)' })
  expected!: number;
  @ApiProperty({ example: 42.5, description: 'Share done, 0 to 100' }) percent!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds left at the pace so far; null before there is a pace, or when done' })
  etaSeconds!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the backfill gave up (the regular candle sync keeps catching up)' })
  error!: string | null;
}

export class MarketDto {
  @ApiProperty({
    example: 'BTC/USDT',
    description: 'Market id: the pair on the home exchange, `BTC/USDT@kraken` on another; every market endpoint takes it (`BTC-USDT@kraken` in paths)',
  })
  symbol!: string;
  @ApiProperty({ example: 'BTC/USDT', description: "The exchange's own symbol of the pair" }) pair!: string;
  @ApiProperty({ example: 'binance', description: 'ccxt id of the exchange (or replay)' }) exchange!: string;
  @ApiProperty({ example: 'Binance' }) exchangeName!: string;
  @ApiProperty({ example: 'BTC' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ nullable: true, type: String }) price!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Percent change over 24 hours' }) change24h!: number | null;
  @ApiProperty({ nullable: true, type: String, description: '24h volume, base-asset units' }) volume24h!: string | null;
  @ApiProperty({ enum: ['ccxt', 'replay'] }) source!: 'ccxt' | 'replay';
  @ApiProperty({ nullable: true, type: String, description: 'Time of the last price update' }) lastUpdate!: string | null;
  @ApiProperty({
    enum: MARKET_STAGES,
    description: 'backfilling: its history is being fetched; collecting: ingested, but less history than forecasts need; forecasting: in every forecast slot',
  })
  stage!: MarketStage;
  @ApiProperty({ example: 730.5, description: 'Days of hourly history stored' }) historyDays!: number;
  @ApiProperty({ type: MarketBackfillDto, nullable: true, description: 'The backfill of a market an admin added (null for the seeded ones)' })
  backfill!: MarketBackfillDto | null;
}

export class ExchangeStatusDto {
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: 'Binance' }) name!: string;
  @ApiProperty({ enum: ['ccxt', 'replay'] }) source!: 'ccxt' | 'replay';
  @ApiProperty({ description: 'The home exchange: its markets are written without @exchange' }) home!: boolean;
  @ApiProperty({
    enum: ['ok', 'refused', 'unreachable', 'unknown'],
    description: 'ok: answering; refused: it refuses this server (HTTP 451/403, region); unreachable: no answer; unknown: not asked yet',
  })
  state!: 'ok' | 'refused' | 'unreachable' | 'unknown';
  @ApiProperty({ nullable: true, type: String, description: 'What happened and what to do, for people' }) message!: string | null;
}

export class MarketsListDto {
  @ApiProperty({ enum: ['ccxt', 'replay'], description: "The home exchange's source" }) source!: 'ccxt' | 'replay';
  @ApiProperty({ example: 'binance', description: 'The home exchange' }) exchange!: string;
  @ApiProperty({ type: [ExchangeStatusDto], description: 'Every configured exchange (home first) with its health' }) exchanges!: ExchangeStatusDto[];
  @ApiProperty({ example: 2, description: 'Days of hourly history a market needs stored before forecasts start' }) forecastMinHistoryDays!: number;
  @ApiProperty({ type: [MarketDto] }) markets!: MarketDto[];
}
