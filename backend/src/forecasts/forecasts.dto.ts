import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const HORIZON_VALUES = ['1h', '4h', '24h', '7d', '30d'] as const;

export class ForecastSummaryDto {
  @ApiProperty({ example: 'BTC/USDT' }) symbol!: string;
  @ApiProperty({ enum: HORIZON_VALUES }) horizon!: string;
  @ApiProperty({ description: 'Close time of the last candle used (ISO)' }) originTime!: string;
  @ApiProperty({ description: 'Time the forecast is for (ISO)' }) targetTime!: string;
  @ApiProperty({ description: 'Point forecast of the close price at targetTime' }) point!: number;
  @ApiProperty({ description: '10% quantile (lower end of the 80% interval)' }) p10!: number;
  @ApiProperty({ description: '90% quantile (upper end of the 80% interval)' }) p90!: number;
  @ApiProperty() modelVersion!: string;
  @ApiProperty({ description: 'True while the naive baseline serves (no trained model yet)' }) isNaive!: boolean;
}

export class LiveAccuracyDto {
  @ApiProperty({ description: 'Scored forecasts in the window (last 30 days of target times)' }) n!: number;
  @ApiProperty({ description: 'Mean absolute error, quote currency' }) mae!: number;
  @ApiProperty({ description: "The naive baseline's MAE on the same forecasts" }) naiveMae!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'mae / naiveMae (below 1 beats naive)' }) relMae!: number | null;
  @ApiProperty({ description: 'Share of actuals inside the 80% interval (0..1)' }) coverage80!: number;
}

export class QuantilesDto {
  @ApiProperty({ name: '0.05' }) '0.05'!: number;
  @ApiProperty({ name: '0.1' }) '0.1'!: number;
  @ApiProperty({ name: '0.5' }) '0.5'!: number;
  @ApiProperty({ name: '0.9' }) '0.9'!: number;
  @ApiProperty({ name: '0.95' }) '0.95'!: number;
}

export class HorizonForecastDto {
  @ApiProperty({ enum: HORIZON_VALUES }) horizon!: string;
  @ApiProperty() originTime!: string;
  @ApiProperty() targetTime!: string;
  @ApiProperty() point!: number;
  @ApiProperty({ type: QuantilesDto }) quantiles!: QuantilesDto;
  @ApiProperty() modelVersion!: string;
  @ApiProperty() isNaive!: boolean;
  @ApiProperty({ type: LiveAccuracyDto, nullable: true }) live!: LiveAccuracyDto | null;
}

export class CoinForecastDto {
  @ApiProperty({ example: 'BTC/USDT' }) symbol!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Latest price (live tick, else the last forecast origin price)' }) lastPrice!: number | null;
  @ApiProperty({ type: [HorizonForecastDto] }) horizons!: HorizonForecastDto[];
}

export class ForecastHistoryQueryDto {
  @ApiProperty({ enum: HORIZON_VALUES })
  @IsIn(HORIZON_VALUES, { message: `horizon must be one of: ${HORIZON_VALUES.join(', ')}` })
  horizon!: (typeof HORIZON_VALUES)[number];

  @ApiPropertyOptional({ description: 'Earliest origin time (ISO); default 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @ApiPropertyOptional({ description: 'Latest origin time (ISO); default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

export class ForecastHistoryRowDto {
  @ApiProperty() originTime!: string;
  @ApiProperty() targetTime!: string;
  @ApiProperty() point!: number;
  @ApiProperty() p10!: number;
  @ApiProperty() p90!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Close at targetTime once known' }) actual!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "The naive baseline's point forecast from the same origin" }) naivePoint!: number | null;
}

export class ModelDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ example: 'ensemble' }) type!: string;
  @ApiProperty({ enum: ['champion', 'challenger', 'retired'] }) status!: 'champion' | 'challenger' | 'retired';
  @ApiProperty({ enum: ['hourly', 'daily'] }) horizonGroup!: 'hourly' | 'daily';
  @ApiProperty({ description: 'Backtest at registration: relMae, relPinball, coverage80, daily error mean/σ...', type: Object }) backtest!: Record<string, unknown>;
  @ApiProperty({ description: "Live metrics over 7 and 30 days, pooled over coins with errors relative to the origin price", type: Object })
  live!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) trainedUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) previousChampionId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ModelEventDto {
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'promoted' }) kind!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) modelId!: string | null;
  @ApiProperty({ nullable: true, type: String }) horizonGroup!: string | null;
}

export class ModelsDto {
  @ApiProperty({ type: [ModelDto] }) models!: ModelDto[];
  @ApiProperty({ type: [ModelEventDto] }) events!: ModelEventDto[];
}

export class RetrainAcceptedDto {
  @ApiProperty() jobId!: string;
  @ApiProperty() message!: string;
}

export class ModelTransitionDto {
  @ApiProperty({ description: 'The model that is champion of the group after the transition' }) id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['champion', 'challenger', 'retired'] }) status!: string;
  @ApiProperty({ enum: ['hourly', 'daily'] }) horizonGroup!: string;
}
