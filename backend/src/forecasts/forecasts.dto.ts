import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const HORIZON_VALUES = ['5m', '15m', '30m', '1h', '4h', '24h', '7d', '30d'] as const;

export class QuantilesDto {
  @ApiProperty({ name: '0.05' }) '0.05'!: number;
  @ApiProperty({ name: '0.1' }) '0.1'!: number;
  @ApiProperty({ name: '0.25' }) '0.25'!: number;
  @ApiProperty({ name: '0.5' }) '0.5'!: number;
  @ApiProperty({ name: '0.75' }) '0.75'!: number;
  @ApiProperty({ name: '0.9' }) '0.9'!: number;
  @ApiProperty({ name: '0.95' }) '0.95'!: number;
}

export class CalibrationPointDto {
  @ApiProperty({ description: 'Nominal coverage of the central interval (0.5, 0.8, 0.9)' }) nominal!: number;
  @ApiProperty({ description: 'Observed share of outcomes inside it (0..1)' }) observed!: number;
  @ApiProperty({ description: "The naive baseline's observed share on the same outcomes" }) naive!: number;
}

export class SkillDto {
  @ApiProperty({ description: 'Scored forecasts of this coin and horizon whose target fell in the last 30 days (served ones, naive beside each)' })
  scored!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Pinball loss / the naive baseline\'s on the same outcomes (below 1: better than "no change")' })
  relPinball!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of outcomes inside the 80 % interval [0.1, 0.9] (0..1)' }) coverage80!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "The naive baseline's 80 % coverage on the same outcomes" }) naiveCoverage80!: number | null;
  @ApiProperty({ type: [CalibrationPointDto], description: 'Nominal vs observed coverage at 50 / 80 / 90 %' }) calibration!: CalibrationPointDto[];
}

export class TercileCoverageDto {
  @ApiProperty({ description: 'Coverage of the 80 % interval in this volatility tercile (calm, middle, volatile)' }) coverage80!: number;
  @ApiProperty() naiveCoverage80!: number;
  @ApiProperty() origins!: number;
}

export class HorizonBacktestDto {
  @ApiProperty({ description: 'First origin of the out-of-sample window (ISO)' }) from!: string;
  @ApiProperty({ description: 'End of the window: last target scored (ISO)' }) to!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The backtested copy saw data up to here only (ISO)' }) fittedUntil!: string | null;
  @ApiProperty() scored!: number;
  @ApiProperty({ nullable: true, type: Number }) relPinball!: number | null;
  @ApiProperty({ nullable: true, type: Number }) coverage80!: number | null;
  @ApiProperty({ nullable: true, type: Number }) naiveCoverage80!: number | null;
  @ApiPropertyOptional({ type: [TercileCoverageDto], description: 'Coverage by volatility tercile (calm → volatile)' }) terciles?: TercileCoverageDto[];
}

export class ExplanationTermDto {
  @ApiProperty({
    enum: ['lastDay', 'lastWeek', 'lastMonth', 'last6h', 'lastQuarter', 'garch', 'calendar', 'level'],
    description:
      'What the term stands for: realised volatility of the last day / week / month / 6 hours, recent price swings (GARCH), the time of day and week, or the long-run level',
  })
  key!: string;
  @ApiProperty({ description: 'Plain-English label, e.g. "last week\'s volatility"' }) label!: string;
  @ApiProperty({ description: 'Contribution to ln(predicted variance / usual variance); the terms add up to totalLogVariance' }) logVariance!: number;
  @ApiProperty({ description: 'Effect of this term alone on the width of the range: exp(logVariance / 2) - 1 (0.1 = 10 % wider)' }) rangeEffect!: number;
}

export class ForecastExplanationDto {
  @ApiProperty({ enum: ['har', 'garch', 'none'], description: "Volatility model setting the scale ('none': the naive baseline, no model scale)" })
  scale!: string;
  @ApiProperty({ description: "ln(predicted variance / the coin's usual predicted variance) = sum of the terms" }) totalLogVariance!: number;
  @ApiProperty({ description: "How much wider (+) or narrower (-) than usual the model's range is: exp(totalLogVariance / 2) - 1" }) rangeVsUsual!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Predicted sd of the log return to targetTime (null without a model scale)' }) sd!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The usual sd (exp of the mean log sd over the past year)' }) usualSd!: number | null;
  @ApiProperty({ description: 'Days of past origins "usual" is measured over (up to 365)' }) usualDays!: number;
  @ApiProperty({ description: 'How "usual" is defined' }) usualDefinition!: string;
  @ApiProperty({ type: [ExplanationTermDto], description: 'Contributions, largest first (empty when scale is none)' }) terms!: ExplanationTermDto[];
  @ApiProperty({
    enum: ['model', 'blend', 'naive'],
    description: "Whose range is served: the model's, the average of the model's and the naive baseline's, or the naive baseline's own (historical moves)",
  })
  intervalSource!: string;
}

export class HorizonForecastDto {
  @ApiProperty({ enum: HORIZON_VALUES }) horizon!: string;
  @ApiProperty({ description: 'Close time of the last CLOSED candle the forecast starts from (ISO)' }) originTime!: string;
  @ApiProperty({ description: 'Time the forecast is for: originTime + horizon (ISO)' }) targetTime!: string;
  @ApiProperty({ description: 'Close price at originTime (what "no change" means)' }) lastPrice!: number;
  @ApiProperty({ description: 'Point forecast of the close at targetTime (the median)' }) point!: number;
  @ApiProperty({ type: QuantilesDto, description: 'Quantiles of the close at targetTime: [0.1, 0.9] is the 80 % range, [0.05, 0.95] the 90 % range' })
  quantiles!: QuantilesDto;
  @ApiProperty({ description: 'True when the point equals the naive baseline\'s (the last price): no model has beaten "no change"' }) pointIsNaive!: boolean;
  @ApiProperty({ description: "True when the quantiles equal the naive baseline's (historical moves of this coin)" }) intervalIsNaive!: boolean;
  @ApiProperty({ description: 'P(close at targetTime > lastPrice), read from the quantiles (0..1)' }) probabilityUp!: number;
  @ApiProperty({ description: 'True when a newer slot should exist by now (the forecast is older than two candles)' }) stale!: boolean;
  @ApiProperty({ description: 'Model version that made it (`naive` = the baseline)' }) modelVersion!: string;
  @ApiProperty({ type: SkillDto, description: 'How this coin and horizon did over the last 30 days' }) skill!: SkillDto;
  @ApiProperty({ type: HorizonBacktestDto, nullable: true, description: "The serving model's out-of-sample backtest at this horizon (null for naive)" })
  backtest!: HorizonBacktestDto | null;
  @ApiPropertyOptional({
    type: ForecastExplanationDto,
    nullable: true,
    description: "Why the range is as wide as it is, relative to the coin's usual level (coin endpoint only; null when the model has no explanation)",
  })
  explanation?: ForecastExplanationDto | null;
}

export class ForecastSummaryDto extends HorizonForecastDto {
  @ApiProperty({ example: 'BTC/USDT', description: 'Market id (BTC/USDT@kraken off the home exchange)' }) symbol!: string;
  @ApiProperty({ example: 'binance', description: "The market's exchange" }) exchange!: string;
}

export class CoinForecastDto {
  @ApiProperty({ example: 'BTC/USDT', description: 'Market id (BTC/USDT@kraken off the home exchange)' }) symbol!: string;
  @ApiProperty({ example: 'binance', description: "The market's exchange" }) exchange!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Live price now (latest tick, else the newest forecast origin price)' }) lastPrice!: number | null;
  @ApiProperty({ description: "Market time of the answer (ISO; the replay clock when replaying), for the forecasts' age" }) marketTime!: string;
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

export class BacktestWindowDto {
  @ApiProperty({ description: 'First origin scored (ISO)' }) from!: string;
  @ApiProperty({ description: 'Last target scored (ISO)' }) to!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The backtested copy was fitted on data up to here (ISO); null for old in-sample backtests' })
  fittedUntil!: string | null;
  @ApiProperty({ description: 'True when fitted before the window (out of sample)' }) outOfSample!: boolean;
}

export class ModelDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ example: 'ensemble' }) type!: string;
  @ApiProperty({ enum: ['champion', 'challenger', 'retired'] }) status!: 'champion' | 'challenger' | 'retired';
  @ApiProperty({ enum: ['hourly', 'daily', 'intraday'] }) horizonGroup!: 'hourly' | 'daily' | 'intraday';
  @ApiProperty({
    description: 'Out-of-sample backtest at registration: relPinball, coverage80, per-horizon figures, paired test vs naive',
    type: 'object',
    additionalProperties: true,
  })
  backtest!: Record<string, unknown>;
  @ApiProperty({ type: BacktestWindowDto, nullable: true }) backtestWindow!: BacktestWindowDto | null;
  @ApiProperty({
    description: 'Live metrics over 7 and 30 days, pooled over coins with errors relative to the origin price',
    type: 'object',
    additionalProperties: true,
  })
  live!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, description: 'Training data ends here: the close of the last closed hourly candle (ISO)' }) trainedUntil!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) previousChampionId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) promotedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) retiredAt!: string | null;
}

export class ModelEventDto {
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'promoted' }) kind!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) modelId!: string | null;
  @ApiProperty({ nullable: true, type: String }) horizonGroup!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Figures behind the decision (evidence: basis, against, scored, effectiveN, ratio, statistic, needed, window)',
  })
  details!: Record<string, unknown>;
}

export class LiveDayDto {
  @ApiProperty({ enum: ['hourly', 'daily', 'intraday'] }) group!: string;
  @ApiProperty({ description: 'UTC day of the targets (ISO date)' }) day!: string;
  @ApiProperty() scored!: number;
  @ApiProperty({ nullable: true, type: Number, description: "Served forecasts' pinball / naive's that day" }) relPinball!: number | null;
  @ApiProperty() coverage80!: number;
}

export class ModelsDto {
  @ApiProperty({ type: [ModelDto] }) models!: ModelDto[];
  @ApiProperty({ type: [ModelEventDto] }) events!: ModelEventDto[];
  @ApiProperty({ type: [LiveDayDto], description: 'Live relPinball of the served forecasts per group and day, last 60 days' }) liveByDay!: LiveDayDto[];
}

export class RetrainAcceptedDto {
  @ApiProperty() jobId!: string;
  @ApiProperty() message!: string;
}

export class ModelTransitionDto {
  @ApiProperty({ description: 'The model that is champion of the group after the transition' }) id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['champion', 'challenger', 'retired'] }) status!: string;
  @ApiProperty({ enum: ['hourly', 'daily', 'intraday'] }) horizonGroup!: string;
}

export class LossCurveDto {
  @ApiProperty({ example: 'gru', description: 'Neural member' }) member!: string;
  @ApiProperty({ type: [Number], description: 'Training loss (pinball) per epoch' }) loss!: number[];
}

export class MemberWeightDto {
  @ApiProperty({ example: 'ridge' }) member!: string;
  @ApiProperty({ description: 'Weight in the combined point forecast (0: did not beat naive on validation)' }) weight!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Validation mean absolute error of the standardised return' }) validationMae!: number | null;
}

export class TailBlendDto {
  @ApiProperty() member!: string;
  @ApiProperty({ description: "Weight of the member's tails in the 80 % interval" }) weight!: number;
}

export class GuardStepDto {
  @ApiProperty({ enum: ['model', 'naive', 'blend'], description: "What the guard decided: the model's, naive's, or the average of both (interval only)" })
  decision!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Diebold-Mariano statistic against naive (negative = better)' }) statistic!: number | null;
  @ApiProperty({ description: 'Mean relative loss difference against naive (-0.03 = 3 % lower)' }) meanLossDiff!: number;
  @ApiProperty({ description: 'Roughly the number of non-overlapping validation outcomes' }) effectiveN!: number;
  @ApiProperty() significant!: boolean;
}

export class HorizonTrainingDto {
  @ApiProperty() validationOrigins!: number;
  @ApiProperty({ nullable: true, type: Number }) naiveMae!: number | null;
  @ApiProperty({ type: [MemberWeightDto] }) members!: MemberWeightDto[];
  @ApiProperty({ description: "Share of the members' combined point kept (0 = naive's point)" }) shrink!: number;
  @ApiProperty({ type: TailBlendDto, nullable: true }) tails!: TailBlendDto | null;
  @ApiProperty({ type: GuardStepDto, nullable: true }) point!: GuardStepDto | null;
  @ApiProperty({ type: GuardStepDto, nullable: true }) interval!: GuardStepDto | null;
}

export class HorizonDiagnosticsDto {
  @ApiProperty({ enum: HORIZON_VALUES }) horizon!: string;
  @ApiProperty({ description: 'Out-of-sample forecasts scored' }) scored!: number;
  @ApiProperty({ nullable: true, type: Number, description: "Mean absolute error / naive's on the same outcomes" }) relMae!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "Pinball loss / naive's on the same outcomes" }) relPinball!: number | null;
  @ApiProperty({ nullable: true, type: Number }) coverage80!: number | null;
  @ApiProperty({ nullable: true, type: Number }) naiveCoverage80!: number | null;
  @ApiProperty({ type: [CalibrationPointDto], description: 'Nominal vs observed coverage at 50 / 80 / 90 % (empty for older models)' })
  calibration!: CalibrationPointDto[];
  @ApiProperty({ type: [TercileCoverageDto], description: 'Coverage of the 80 % interval by volatility tercile (calm → volatile)' })
  terciles!: TercileCoverageDto[];
  @ApiProperty({ type: HorizonTrainingDto, nullable: true, description: "Members' weights and the guard's decisions (null for models without them)" })
  training!: HorizonTrainingDto | null;
}

export class CoinDiagnosticsDto {
  @ApiProperty({ example: 'BTC/USDT' }) coin!: string;
  @ApiProperty() scored!: number;
  @ApiProperty({ nullable: true, type: Number }) relMae!: number | null;
  @ApiProperty({ nullable: true, type: Number }) relPinball!: number | null;
  @ApiProperty({ nullable: true, type: Number }) coverage80!: number | null;
  @ApiProperty({ nullable: true, type: Number }) naiveCoverage80!: number | null;
}

export class DiagnosticsWindowDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ nullable: true, type: String }) fittedUntil!: string | null;
}

export class ModelDiagnosticsDto {
  @ApiProperty() modelId!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['hourly', 'daily', 'intraday'] }) horizonGroup!: string;
  @ApiProperty({ description: 'False for models registered before diagnostics were stored (no calibration curve, no per-coin table) and for naive' })
  complete!: boolean;
  @ApiProperty({ type: DiagnosticsWindowDto, nullable: true, description: 'Out-of-sample backtest window' }) window!: DiagnosticsWindowDto | null;
  @ApiProperty({ type: [LossCurveDto] }) lossCurves!: LossCurveDto[];
  @ApiProperty({ type: [HorizonDiagnosticsDto] }) horizons!: HorizonDiagnosticsDto[];
  @ApiProperty({ type: [CoinDiagnosticsDto] }) perCoin!: CoinDiagnosticsDto[];
}
