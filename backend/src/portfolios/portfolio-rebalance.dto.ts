import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CASH_MODES, type CashMode } from './domain/types';
import { TransactionDto } from './portfolios.dto';

const ASSET = /^[A-Za-z0-9]{1,20}$/;
const DECIMAL = /^\d{1,20}(\.\d{1,18})?$/;
/** A percentage 0-100 with at most 4 decimals. */
const PERCENT = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const MAX_TARGETS = 50;

export class TargetWeightDto {
  @ApiProperty({ example: 'BTC', description: 'A tracked coin, a fiat currency or a stablecoin (the base currency is the cash target)' })
  @Transform(upper)
  @Matches(ASSET, { message: 'asset must be a symbol like BTC' })
  asset!: string;

  @ApiProperty({ example: '60', description: 'Target weight in percent (0-100, up to 4 decimals), as a decimal string' })
  @Matches(PERCENT, { message: 'weightPct must be a percentage between 0 and 100 like "60" or "12.5"' })
  weightPct!: string;
}

export class SetTargetsDto {
  @ApiProperty({
    type: [TargetWeightDto],
    description: 'All target weights (replacing the previous ones); they must add up to 100. An empty list clears them.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS, { message: `at most ${MAX_TARGETS} target weights` })
  @ValidateNested({ each: true })
  @Type(() => TargetWeightDto)
  targets!: TargetWeightDto[];
}

export class TargetsDto {
  @ApiProperty({ type: [TargetWeightDto] }) targets!: TargetWeightDto[];
}

export class RebalanceQueryDto {
  @ApiPropertyOptional({ example: '0.1', default: '0.1', description: 'Trading fee in percent of each trade (0-10)' })
  @IsOptional()
  @Matches(/^(10(\.0{1,4})?|\d(\.\d{1,4})?)$/, { message: 'feePct must be a percentage between 0 and 10 like "0.1"' })
  feePct?: string;
}

export class RebalanceRowDto {
  @ApiProperty() asset!: string;
  @ApiProperty({ description: 'Value now, in the base currency' }) value!: string;
  @ApiProperty({ description: 'Weight now, in percent' }) currentPct!: number;
  @ApiProperty({ description: 'Target weight, in percent' }) targetPct!: number;
  @ApiProperty({ description: 'Current minus target, in percentage points (positive = overweight)' }) driftPct!: number;
}

export const REBALANCE_TRADE_TYPES = ['buy', 'sell', 'deposit', 'withdraw'] as const;
export type RebalanceTradeType = (typeof REBALANCE_TRADE_TYPES)[number];

export class RebalanceTradeDto {
  @ApiProperty({ enum: REBALANCE_TRADE_TYPES })
  @IsIn(REBALANCE_TRADE_TYPES, { message: `type must be one of ${REBALANCE_TRADE_TYPES.join(', ')}` })
  type!: RebalanceTradeType;

  @ApiProperty({ example: 'BTC' })
  @Transform(upper)
  @Matches(ASSET, { message: 'asset must be a symbol like BTC' })
  asset!: string;

  @ApiProperty({ example: '0.01' })
  @Matches(DECIMAL, { message: 'quantity must be a positive decimal string like "0.5"' })
  quantity!: string;

  @ApiProperty({ example: '60000', description: 'Unit price in the base currency' })
  @Matches(DECIMAL, { message: 'price must be a decimal string like "42000.5"' })
  price!: string;

  @ApiProperty({ example: '0.6', description: 'Fee in the base currency (0 for deposits and withdrawals)' })
  @Matches(DECIMAL, { message: 'fee must be a decimal string like "0.6"' })
  fee!: string;
}

export class RebalancePlanDto {
  @ApiProperty() baseCurrency!: string;
  @ApiProperty({ enum: CASH_MODES }) cashMode!: CashMode;
  @ApiProperty({ description: 'Fee used, in percent of each trade' }) feePct!: number;
  @ApiProperty() totalValue!: string;
  @ApiProperty({ description: 'Fees of all suggested trades, in the base currency' }) totalFees!: string;
  @ApiProperty({ description: 'Largest drift from a target, in percentage points' }) maxDriftPct!: number;
  @ApiProperty({ type: [RebalanceRowDto], description: 'Largest drift first' }) rows!: RebalanceRowDto[];
  @ApiProperty({ type: [RebalanceTradeDto], description: 'Sales first, then purchases, then a cash deposit or withdrawal' }) trades!: RebalanceTradeDto[];
}

export class ApplyRebalanceDto {
  @ApiProperty({ type: [RebalanceTradeDto], description: 'The suggested trades to record (as shown), all at the current time, in this order' })
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS + 1, { message: `at most ${MAX_TARGETS + 1} trades` })
  @ValidateNested({ each: true })
  @Type(() => RebalanceTradeDto)
  trades!: RebalanceTradeDto[];
}

export class AppliedRebalanceDto {
  @ApiProperty({ type: [TransactionDto] }) transactions!: TransactionDto[];
}
