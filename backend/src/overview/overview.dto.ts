import { ApiProperty } from '@nestjs/swagger';

export class MoverDto {
  @ApiProperty({ example: 'BTC/USDT' }) symbol!: string;
  @ApiProperty({ example: 'BTC' }) base!: string;
  @ApiProperty({ example: 104_250.5, description: 'Last hourly close' }) price!: number;
  @ApiProperty({ example: 3.12, description: 'Change over the window, percent' }) changePct!: number;
}

export class MoversDto {
  @ApiProperty({ enum: ['1h', '24h', '7d'] }) window!: '1h' | '24h' | '7d';
  @ApiProperty({ type: [MoverDto], description: 'Biggest rises first (only markets that rose)' }) gainers!: MoverDto[];
  @ApiProperty({ type: [MoverDto], description: 'Biggest falls first (only markets that fell)' }) losers!: MoverDto[];
}

export class ExpectedRangeDto {
  @ApiProperty({ example: 'BTC/USDT' }) symbol!: string;
  @ApiProperty({ example: 'BTC' }) base!: string;
  @ApiProperty({ description: 'Price the forecast was made from' }) lastPrice!: number;
  @ApiProperty({ description: 'Low end of the expected range in 24 hours (10 % quantile)' }) low!: number;
  @ApiProperty({ description: 'High end of the expected range in 24 hours (90 % quantile)' }) high!: number;
  @ApiProperty({ example: 6.4, description: 'Width of that range as a percent of the price (8 in 10 outcomes expected inside it)' }) rangePct!: number;
  @ApiProperty({ description: 'When the forecast was made' }) originTime!: string;
}

export class WidenedRangeDto {
  @ApiProperty({ example: 'ETH/USDT' }) symbol!: string;
  @ApiProperty({ example: 'ETH' }) base!: string;
  @ApiProperty({ example: 8.1, description: "Today's expected 24h range, percent of price" }) rangePct!: number;
  @ApiProperty({ example: 5.3, description: 'The one forecast about 24 hours earlier, percent of price' }) previousRangePct!: number;
  @ApiProperty({ example: 2.8, description: 'rangePct − previousRangePct, percentage points' }) widenedBy!: number;
}

export class BreadthDto {
  @ApiProperty({ description: 'Markets up over 24 hours' }) up!: number;
  @ApiProperty() down!: number;
  @ApiProperty({ description: 'Moved less than 0.01 % either way' }) flat!: number;
  @ApiProperty({ description: 'Markets with a known 24h change' }) total!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.65, description: 'Share of markets up (0–1); null when none is known' }) upShare!: number | null;
}

export class OverviewDto {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ description: 'Tracked markets' }) markets!: number;
  @ApiProperty({ type: [MoversDto] }) movers!: MoversDto[];
  @ApiProperty({ type: [ExpectedRangeDto], description: 'Widest expected 24h range (most volatile by the forecast) first' })
  widestRanges!: ExpectedRangeDto[];
  @ApiProperty({ type: [WidenedRangeDto], description: 'Expected 24h ranges that widened most since the forecast a day earlier' })
  widenedRanges!: WidenedRangeDto[];
  @ApiProperty({ type: BreadthDto }) breadth!: BreadthDto;
}
