import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const STRATEGY_HORIZONS = ['1h', '4h', '24h'] as const;
export type StrategyHorizon = (typeof STRATEGY_HORIZONS)[number];

export class StrategyQueryDto {
  @ApiProperty({ example: 'BTC/USDT', description: 'A tracked market (BTC/USDT, BTC-USDT or BTCUSDT)' })
  @IsString()
  @MaxLength(40)
  symbol!: string;

  @ApiProperty({
    required: false,
    enum: STRATEGY_HORIZONS,
    default: '24h',
    description: 'Which served forecasts drive the decisions, and how often they are made: 24h = once a day at 00:00 UTC, 4h = every 4 hours, 1h = every hour',
  })
  @IsOptional()
  @IsIn(STRATEGY_HORIZONS, { message: 'horizon must be one of 1h, 4h, 24h' })
  horizon?: StrategyHorizon;
}

export class StrategyCostsDto {
  @ApiProperty({ description: 'Exchange fee per unit of turnover, basis points' }) feeBp!: number;
  @ApiProperty({ description: 'Slippage per unit of turnover, basis points' }) slippageBp!: number;
}

export class StrategySettingsDto {
  @ApiProperty({ description: 'Annualised volatility the volatility-targeted exposure aims at (0.5 = 50 %)' }) targetVol!: number;
  @ApiProperty({ description: 'Largest exposure the volatility target may take (1 = fully invested, no leverage)' }) maxExposure!: number;
  @ApiProperty({ description: 'The direction signal is invested when the probability of a rise exceeds this (0..1)' }) upThreshold!: number;
  @ApiProperty({ description: 'Changes of exposure smaller than this share of the equity are not traded' }) rebalanceBand!: number;
}

export class StrategyResultDto {
  @ApiProperty({ enum: ['vol-target', 'direction', 'buy-and-hold'] }) key!: string;
  @ApiProperty({ example: 'Volatility-targeted' }) label!: string;
  @ApiProperty({ description: 'What the strategy does, in words' }) description!: string;
  @ApiProperty({ description: 'Compound annual growth rate after costs (0.12 = 12 % a year)' }) cagr!: number;
  @ApiProperty({ description: 'Return over the whole window after costs' }) totalReturn!: number;
  @ApiProperty({ description: 'Annualised volatility of the returns' }) volatility!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Annualised Sharpe ratio (risk-free rate 0); null without any variation' }) sharpe!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Annualised Sortino ratio; null without a losing period' }) sortino!: number | null;
  @ApiProperty({ description: 'Largest fall from a previous high (0.25 = 25 %)' }) maxDrawdown!: number;
  @ApiProperty({ description: 'Turnover per year (1 = the whole equity bought or sold once)' }) turnover!: number;
  @ApiProperty({ description: 'Decisions at which something was traded' }) trades!: number;
  @ApiProperty({ description: 'Share of the time invested (0..1)' }) exposureShare!: number;
  @ApiProperty({ description: 'Mean exposure (share of the equity in the coin)' }) averageExposure!: number;
  @ApiProperty({ description: 'Fees and slippage paid over the window, as return given up' }) costs!: number;
}

export class StrategyVerdictDto {
  @ApiProperty({ enum: ['vol-target', 'direction'] }) key!: string;
  @ApiProperty({ description: 'Higher compound annual growth than buy-and-hold' }) beatsOnReturn!: boolean;
  @ApiProperty({ description: 'Higher Sharpe ratio than buy-and-hold' }) beatsOnSharpe!: boolean;
  @ApiProperty({ description: 'The comparison in one sentence' }) sentence!: string;
}

export class StrategyEquityPointDto {
  @ApiProperty({ description: 'Time (ISO 8601)' }) time!: string;
  @ApiProperty({ description: 'Equity of the volatility-targeted strategy (start = 1)' }) volTarget!: number;
  @ApiProperty({ description: 'Equity of the direction signal (start = 1)' }) direction!: number;
  @ApiProperty({ description: 'Equity of buy-and-hold (start = 1)' }) buyAndHold!: number;
}

export class StrategyReportDto {
  @ApiProperty({ example: 'BTC/USDT' }) symbol!: string;
  @ApiProperty({ enum: STRATEGY_HORIZONS }) horizon!: StrategyHorizon;
  @ApiProperty({ enum: ['ready', 'insufficient'], description: 'insufficient: too few served forecasts yet; see requiredDecisions and readyAt' })
  status!: 'ready' | 'insufficient';
  @ApiProperty({ description: 'Market time the report was computed at (ISO 8601)' }) marketTime!: string;
  @ApiProperty({ description: 'Decisions that had a served forecast' }) decisions!: number;
  @ApiProperty({ description: 'Decisions needed before the figures are shown' }) requiredDecisions!: number;
  @ApiProperty({ nullable: true, type: String, description: 'When enough forecasts will have been served, if the forecasts keep running (ISO 8601)' })
  readyAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'First decision (ISO 8601)' }) from!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'End of the last period (ISO 8601)' }) to!: string | null;
  @ApiProperty({ type: StrategyCostsDto }) costs!: StrategyCostsDto;
  @ApiProperty({ type: StrategySettingsDto }) settings!: StrategySettingsDto;
  @ApiProperty({ type: [StrategyResultDto], description: 'Empty while status is insufficient' }) strategies!: StrategyResultDto[];
  @ApiProperty({ type: [StrategyVerdictDto], description: 'Each strategy against buy-and-hold' }) verdicts!: StrategyVerdictDto[];
  @ApiProperty({ type: [StrategyEquityPointDto], description: 'Equity curves, at most 400 points' }) equity!: StrategyEquityPointDto[];
}
