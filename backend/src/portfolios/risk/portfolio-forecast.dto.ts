import { ApiProperty } from '@nestjs/swagger';

export class HoldingRiskDto {
  @ApiProperty({ example: 'BTC' }) asset!: string;
  @ApiProperty({ description: 'Value now, in the portfolio currency' }) value!: number;
  @ApiProperty({ description: "The holding's part of the expected shortfall (Euler contribution), in the portfolio currency" })
  expectedShortfall!: number;
  @ApiProperty({ description: 'Share of the portfolio expected shortfall, 0..1 (the shares sum to 1; a hedge can be negative)' }) share!: number;
  @ApiProperty({
    enum: ['forecast', 'history'],
    description: "forecast: the coin's served forecast quantiles; history: no forecast is served, its own past returns stand in",
  })
  basis!: 'forecast' | 'history';
}

export class PortfolioHorizonForecastDto {
  @ApiProperty({ enum: ['24h', '7d', '30d'] }) horizon!: '24h' | '7d' | '30d';
  @ApiProperty({ description: 'When the horizon ends (ISO 8601)' }) targetTime!: string;
  @ApiProperty({ description: 'Lower end of the 90 % range of the portfolio value (5 % quantile)' }) low90!: number;
  @ApiProperty({ description: 'Lower end of the 80 % range (10 % quantile)' }) low80!: number;
  @ApiProperty({ description: 'Median portfolio value' }) median!: number;
  @ApiProperty({ description: 'Upper end of the 80 % range (90 % quantile)' }) high80!: number;
  @ApiProperty({ description: 'Upper end of the 90 % range (95 % quantile)' }) high90!: number;
  @ApiProperty({ description: 'Loss not exceeded with 95 % probability, in the portfolio currency (0 = no risk)' }) valueAtRisk95!: number;
  @ApiProperty({ description: 'Mean loss in the worst 5 % of scenarios, in the portfolio currency' }) expectedShortfall95!: number;
  @ApiProperty({ description: 'Joint scenarios the range is computed from' }) scenarios!: number;
  @ApiProperty({
    enum: ['historical', 'comonotonic', 'none'],
    description:
      'historical: co-movement from the coins’ joint daily history; comonotonic: too little shared history, coins taken to move together fully; none: at most one coin',
  })
  dependence!: 'historical' | 'comonotonic' | 'none';
  @ApiProperty({ type: [HoldingRiskDto] }) contributions!: HoldingRiskDto[];
}

export class CashHoldingDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ description: 'Value, counted without risk' }) value!: number;
}

export class ExcludedHoldingDto {
  @ApiProperty() asset!: string;
  @ApiProperty({ nullable: true, type: Number }) value!: number | null;
  @ApiProperty({ enum: ['no price', 'no forecast'] }) reason!: 'no price' | 'no forecast';
}

export class PortfolioForecastDto {
  @ApiProperty() baseCurrency!: string;
  @ApiProperty({ description: 'When the forecast was made (ISO 8601)' }) asOf!: string;
  @ApiProperty({ description: 'Value now of what the forecast covers (cash and forecast coins)' }) value!: number;
  @ApiProperty({ description: 'Cash and stablecoins, counted at their value without risk' }) riskless!: number;
  @ApiProperty({ type: [CashHoldingDto] }) cash!: CashHoldingDto[];
  @ApiProperty({ type: [ExcludedHoldingDto], description: 'Holdings left out of the forecast, and why' }) excluded!: ExcludedHoldingDto[];
  @ApiProperty({ type: [PortfolioHorizonForecastDto] }) horizons!: PortfolioHorizonForecastDto[];
}
