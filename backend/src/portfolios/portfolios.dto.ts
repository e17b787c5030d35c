import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PERFORMANCE_RANGE_NAMES, type PerformanceRangeName } from './domain/ranges';
import type { AssetKind, PriceSource } from './domain/assets';
import {
  BASE_CURRENCIES,
  CASH_MODES,
  COST_BASIS_METHODS,
  TRANSACTION_TYPES,
  type BaseCurrency,
  type CashMode,
  type CostBasisMethod,
  type TransactionType,
} from './domain/types';

/** Positive or zero decimal string, at most 20 integer and 18 fractional digits (what `numeric` stores exactly). */
const DECIMAL = /^\d{1,20}(\.\d{1,18})?$/;
const ASSET = /^[A-Za-z0-9]{1,20}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CreatePortfolioDto {
  @ApiProperty({ example: 'Long term' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ enum: BASE_CURRENCIES, default: 'USDT' })
  @IsOptional()
  @IsIn(BASE_CURRENCIES, { message: "baseCurrency must be 'USD' or 'USDT'" })
  baseCurrency?: BaseCurrency;

  @ApiPropertyOptional({ enum: COST_BASIS_METHODS, default: 'average', description: 'How a sale picks the cost of the units sold' })
  @IsOptional()
  @IsIn(COST_BASIS_METHODS, { message: "costBasisMethod must be 'average' or 'fifo'" })
  costBasisMethod?: CostBasisMethod;

  @ApiPropertyOptional({
    enum: CASH_MODES,
    default: 'off',
    description: 'linked: buys debit and sells credit a cash balance in the base currency (deposit cash first); off: each trade is paid from outside',
  })
  @IsOptional()
  @IsIn(CASH_MODES, { message: "cashMode must be 'off' or 'linked'" })
  cashMode?: CashMode;
}

export class UpdatePortfolioDto {
  @ApiPropertyOptional({ example: 'Long term' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ enum: BASE_CURRENCIES })
  @IsOptional()
  @IsIn(BASE_CURRENCIES, { message: "baseCurrency must be 'USD' or 'USDT'" })
  baseCurrency?: BaseCurrency;

  @ApiPropertyOptional({ enum: COST_BASIS_METHODS, description: 'Changing it recomputes all realised P&L' })
  @IsOptional()
  @IsIn(COST_BASIS_METHODS, { message: "costBasisMethod must be 'average' or 'fifo'" })
  costBasisMethod?: CostBasisMethod;

  @ApiPropertyOptional({
    enum: CASH_MODES,
    default: 'off',
    description: 'linked: buys debit and sells credit a cash balance in the base currency (deposit cash first); off: each trade is paid from outside',
  })
  @IsOptional()
  @IsIn(CASH_MODES, { message: "cashMode must be 'off' or 'linked'" })
  cashMode?: CashMode;
}

export class PortfolioDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: BASE_CURRENCIES }) baseCurrency!: BaseCurrency;
  @ApiProperty({ enum: COST_BASIS_METHODS }) costBasisMethod!: CostBasisMethod;
  @ApiProperty({ enum: CASH_MODES }) cashMode!: CashMode;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreateTransactionDto {
  @ApiProperty({ enum: TRANSACTION_TYPES })
  @IsIn(TRANSACTION_TYPES, { message: `type must be one of ${TRANSACTION_TYPES.join(', ')}` })
  type!: TransactionType;

  @ApiProperty({ example: '2024-03-01T10:00:00Z', description: 'ISO 8601; not in the future' })
  @IsISO8601({ strict: true }, { message: 'time must be an ISO 8601 date-time' })
  time!: string;

  @ApiProperty({ example: 'BTC', description: 'Asset symbol of a tracked market (BTC for BTC/USDT), a fiat currency (USD, EUR) or a stablecoin (USDT, USDC)' })
  @Transform(upper)
  @Matches(ASSET, { message: 'asset must be a symbol like BTC' })
  asset!: string;

  @ApiProperty({ example: '0.5', description: 'Positive decimal string' })
  @Matches(DECIMAL, { message: 'quantity must be a positive decimal string like "0.5"' })
  quantity!: string;

  @ApiPropertyOptional({
    example: '42000.5',
    description:
      'Unit price in the quote currency. buy/sell: trade price (> 0); deposit/transfer_in: cost basis per unit; income: 0 = zero cost or the market price at receipt',
  })
  @IsOptional()
  @Matches(DECIMAL, { message: 'price must be a decimal string like "42000.5"' })
  price?: string;

  @ApiPropertyOptional({ example: '1.25' })
  @IsOptional()
  @Matches(DECIMAL, { message: 'feeAmount must be a decimal string like "1.25"' })
  feeAmount?: string;

  @ApiPropertyOptional({ example: 'USDT', description: 'USD/USDT (a cash fee), the asset itself, or another held asset (e.g. BNB)' })
  @IsOptional()
  @Transform(upper)
  @Matches(ASSET, { message: 'feeCurrency must be a symbol like USDT' })
  feeCurrency?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ description: 'transfer_in/transfer_out between two own portfolios: the other portfolio (both sides are recorded)' })
  @IsOptional()
  @IsUUID('all', { message: 'counterpartyPortfolioId must be a UUID' })
  counterpartyPortfolioId?: string;
}

export class UpdateTransactionDto {
  @ApiPropertyOptional({ enum: TRANSACTION_TYPES })
  @IsOptional()
  @IsIn(TRANSACTION_TYPES, { message: `type must be one of ${TRANSACTION_TYPES.join(', ')}` })
  type?: TransactionType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'time must be an ISO 8601 date-time' })
  time?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upper)
  @Matches(ASSET, { message: 'asset must be a symbol like BTC' })
  asset?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DECIMAL, { message: 'quantity must be a positive decimal string like "0.5"' })
  quantity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DECIMAL, { message: 'price must be a decimal string like "42000.5"' })
  price?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(DECIMAL, { message: 'feeAmount must be a decimal string like "1.25"' })
  feeAmount?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Transform(upper)
  @Matches(ASSET, { message: 'feeCurrency must be a symbol like USDT' })
  feeCurrency?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class TransactionDto {
  @ApiProperty() id!: string;
  @ApiProperty() portfolioId!: string;
  @ApiProperty({ enum: TRANSACTION_TYPES }) type!: TransactionType;
  @ApiProperty() time!: string;
  @ApiProperty() asset!: string;
  @ApiProperty() quantity!: string;
  @ApiProperty() price!: string;
  @ApiProperty({ nullable: true, type: String }) feeAmount!: string | null;
  @ApiProperty({ nullable: true, type: String }) feeCurrency!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) counterpartyPortfolioId!: string | null;
  @ApiProperty({ nullable: true, type: String }) transferId!: string | null;
  @ApiProperty({ enum: ['manual', 'import'] }) source!: 'manual' | 'import';
  @ApiProperty() createdAt!: string;
}

export class HoldingDto {
  @ApiProperty() asset!: string;
  @ApiProperty({ enum: ['crypto', 'stablecoin', 'fiat'] }) kind!: AssetKind;
  @ApiProperty({
    enum: ['market', 'par', 'none'],
    description: 'market: valued at a market price; par: a stablecoin without a tracked market valued at 1 (or USD/USDT themselves); none: no price known',
  })
  priceSource!: PriceSource;
  @ApiProperty() quantity!: string;
  @ApiProperty() averageCost!: string;
  @ApiProperty() costBasis!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null when no price is known' }) price!: string | null;
  @ApiProperty({
    description: 'true when price is not live but the last stored daily close (the market is no longer tracked, or no tick arrived recently)',
  })
  priceStale!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2025-05-30', description: 'UTC day of the stored close a stale price comes from' })
  priceAsOfDay!: string | null;
  @ApiProperty({ nullable: true, type: String }) value!: string | null;
  @ApiProperty({ nullable: true, type: String }) unrealizedPnl!: string | null;
  @ApiProperty() realizedPnl!: string;
  @ApiProperty({ description: 'Percent of total value' }) allocationPct!: number;
}

export class HoldingsDto {
  @ApiProperty({ enum: BASE_CURRENCIES }) baseCurrency!: string;
  @ApiProperty() totalValue!: string;
  @ApiProperty() totalCost!: string;
  @ApiProperty() unrealizedPnl!: string;
  @ApiProperty({ description: 'Realised P&L of all sales, minus cash fees not attached to a trade' }) realizedPnl!: string;
  @ApiProperty({ type: [HoldingDto] }) holdings!: HoldingDto[];
}

export const PERFORMANCE_RANGES = PERFORMANCE_RANGE_NAMES;
export type PerformanceRange = PerformanceRangeName;

export class PerformanceQueryDto {
  @ApiPropertyOptional({ enum: PERFORMANCE_RANGES, default: 'ALL' })
  @IsOptional()
  @IsIn(PERFORMANCE_RANGES, { message: `range must be one of ${PERFORMANCE_RANGES.join(', ')}` })
  range?: PerformanceRange;

  @ApiPropertyOptional({ example: '2024-01-01', description: 'Custom range: first day (UTC), instead of range' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date like 2024-01-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2024-06-30', description: 'Custom range: last day (UTC), default today' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date like 2024-06-30' })
  to?: string;
}

export class PerformancePointDto {
  @ApiProperty({ example: '2024-03-01' }) date!: string;
  @ApiProperty({ description: 'Value at the day close (today: at the latest price)' }) value!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The same cash flows invested in BTC' }) benchmarkValue!: string | null;
}

export class PerformanceDto {
  @ApiProperty({ type: [PerformancePointDto] }) series!: PerformancePointDto[];
  @ApiProperty({ description: 'Time-weighted return of the range (0.1 = +10%)' }) twr!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Money-weighted return: annualised for ranges ≥ 1 year' }) irr!: number | null;
}

/** Largest page of transactions one request returns. */
export const TRANSACTION_PAGE_MAX = 1000;

export class TransactionPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: TRANSACTION_PAGE_MAX, default: TRANSACTION_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(TRANSACTION_PAGE_MAX, { message: `limit must be at most ${TRANSACTION_PAGE_MAX}` })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Transactions to skip (newest first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0, { message: 'offset must be at least 0' })
  offset?: number;
}

export const IMPORT_PRESETS = ['coincast', 'binance'] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];

export class ImportDto {
  @ApiProperty({ description: 'The CSV text (see README for the columns of each preset)' })
  @IsString()
  @MinLength(1)
  csv!: string;

  @ApiPropertyOptional({ enum: IMPORT_PRESETS, default: 'coincast' })
  @IsOptional()
  @IsIn(IMPORT_PRESETS, { message: "preset must be 'coincast' or 'binance'" })
  preset?: ImportPreset;

  @ApiPropertyOptional({ default: false, description: 'Only report what would be added' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'Line number in the file (the header is line 1)' }) line!: number;
  @ApiProperty() message!: string;
}

export class ImportResultDto {
  @ApiProperty({ description: 'Data rows read' }) total!: number;
  @ApiProperty({ description: 'Valid rows not imported before' }) toAdd!: number;
  @ApiProperty({ description: 'Rows already imported (same content)' }) duplicates!: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors!: ImportErrorDto[];
  @ApiPropertyOptional({ description: 'Rows written (absent on a dry run)' }) added?: number;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'], { message: "format must be 'csv' or 'json'" })
  format?: 'csv' | 'json';

  @ApiPropertyOptional({ enum: ['transactions', 'holdings'], default: 'transactions' })
  @IsOptional()
  @IsIn(['transactions', 'holdings'], { message: "what must be 'transactions' or 'holdings'" })
  what?: 'transactions' | 'holdings';
}
