import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_NEWS_LIMIT = 100;

export class NewsQueryDto {
  @ApiPropertyOptional({ example: 'BTC/USDT', description: 'Only stories about this market’s coin (BTC/USDT, BTC-USDT or BTCUSDT); absent: all stories' })
  @IsOptional()
  @IsString({ message: 'symbol must be a market symbol like BTC/USDT' })
  @MaxLength(30, { message: 'symbol must be a market symbol like BTC/USDT' })
  symbol?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_NEWS_LIMIT, default: 20 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_NEWS_LIMIT, { message: `limit must be at most ${MAX_NEWS_LIMIT}` })
  limit?: number;
}

export class NewsItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Bitcoin climbs above $100,000' }) title!: string;
  @ApiProperty({ example: 'https://example.com/markets/bitcoin-100k', description: 'The story at its source (http or https only)' }) link!: string;
  @ApiProperty({ example: 'CoinDesk', description: 'Title of the feed it came from' }) source!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Plain-text summary, shortened' }) summary!: string | null;
  @ApiProperty({ example: '2026-12-02T15:04:00.000Z' }) publishedAt!: string;
  @ApiProperty({ type: [String], example: ['BTC'], description: 'Coins the story is about (bases)' }) coins!: string[];
}

export class NewsListDto {
  @ApiProperty({ type: String, nullable: true, example: 'BTC/USDT', description: 'The market asked for, if any' }) symbol!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'BTC' }) coin!: string | null;
  @ApiProperty({ description: 'How many feeds NEWS_FEEDS configures (0: no news is fetched)' }) feedsConfigured!: number;
  @ApiProperty({ type: String, nullable: true, description: 'With no feeds configured: how to add some' }) hint!: string | null;
  @ApiProperty({ type: [NewsItemDto] }) items!: NewsItemDto[];
}

export class NewsFeedDto {
  @ApiProperty() url!: string;
  @ApiProperty({ description: 'The feed’s own title, or its host before the first fetch' }) title!: string;
  @ApiProperty({ enum: ['waiting', 'ok', 'failing'], description: 'waiting: not fetched yet; failing: the last fetch failed' }) status!:
    'waiting' | 'ok' | 'failing';
  @ApiProperty({ type: String, nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastFetchedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last fetch failed, in words (null while it works)' }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastErrorAt!: string | null;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ description: 'Stories stored from this feed' }) items!: number;
}

export class NewsFeedsDto {
  @ApiProperty() configured!: boolean;
  @ApiProperty({ type: String, nullable: true }) hint!: string | null;
  @ApiProperty({ description: 'Minutes between fetches (NEWS_FETCH_MINUTES; 0: not scheduled)' }) everyMinutes!: number;
  @ApiProperty({ type: [NewsFeedDto] }) feeds!: NewsFeedDto[];
}
