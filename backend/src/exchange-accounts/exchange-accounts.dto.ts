import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class ConnectExchangeAccountDto {
  @ApiProperty({ description: 'Portfolio the imported transactions go to' })
  @IsUUID('all', { message: 'portfolioId must be the id of one of your portfolios' })
  portfolioId!: string;

  @ApiProperty({ example: 'binance', description: 'Exchange (see GET /exchange-accounts/exchanges)' })
  @IsString()
  exchange!: string;

  @ApiProperty({ required: false, example: 'Binance main', description: 'A name to tell accounts apart' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  label?: string;

  @ApiProperty({ description: 'The read-only API key' })
  @IsString()
  @MinLength(8, { message: 'apiKey looks too short: paste the whole API key' })
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'apiKey must not contain spaces' })
  apiKey!: string;

  @ApiProperty({ description: 'The API secret; stored encrypted and never returned' })
  @IsString()
  @MinLength(8, { message: 'secret looks too short: paste the whole secret' })
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'secret must not contain spaces' })
  secret!: string;
}

export class ReplaceExchangeKeyDto {
  @ApiProperty({ description: 'The new read-only API key' })
  @IsString()
  @MinLength(8, { message: 'apiKey looks too short: paste the whole API key' })
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'apiKey must not contain spaces' })
  apiKey!: string;

  @ApiProperty({ description: 'Its secret; stored encrypted and never returned' })
  @IsString()
  @MinLength(8, { message: 'secret looks too short: paste the whole secret' })
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'secret must not contain spaces' })
  secret!: string;
}

export class ResolveConflictDto {
  @ApiProperty({ enum: ['import', 'keep-manual'], description: "import: add the exchange's row as well; keep-manual: keep only your entry" })
  @IsIn(['import', 'keep-manual'], { message: "action must be 'import' or 'keep-manual'" })
  action!: 'import' | 'keep-manual';
}

export class SupportedExchangeDto {
  @ApiProperty({ example: 'binance' }) id!: string;
  @ApiProperty({ example: 'Binance' }) name!: string;
  @ApiProperty({ description: 'Whether a key with trading or withdrawal rights is detected and refused' }) checksPermissions!: boolean;
}

export class SkippedRowDto {
  @ApiProperty({ example: 'Deposit of 100 USDT' }) what!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() time!: string;
}

export class ExchangeSyncDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['manual', 'scheduled'] }) trigger!: 'manual' | 'scheduled';
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status!: 'queued' | 'running' | 'succeeded' | 'failed';
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['permissions', 'trades', 'deposits', 'withdrawals', 'importing'],
    description: 'What a running sync is doing',
  })
  phase!: 'permissions' | 'trades' | 'deposits' | 'withdrawals' | 'importing' | null;
  @ApiProperty({ description: 'Rows read from the exchange so far' }) fetched!: number;
  @ApiProperty() added!: number;
  @ApiProperty({ description: 'Rows already imported by an earlier sync' }) duplicates!: number;
  @ApiProperty({ description: 'Rows held back because they look like one of your own entries' }) conflicts!: number;
  @ApiProperty({ type: [SkippedRowDto] }) skipped!: SkippedRowDto[];
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ExchangeAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty() portfolioId!: string;
  @ApiProperty() portfolioName!: string;
  @ApiProperty({ example: 'binance' }) exchange!: string;
  @ApiProperty({ example: 'Binance' }) exchangeName!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'The last characters of the API key, to tell keys apart', example: '…x7Qa' }) apiKeyHint!: string;
  @ApiProperty({ enum: ['active', 'needs_key'], description: 'needs_key: the exchange refused the key; connect a new one' })
  status!: 'active' | 'needs_key';
  @ApiProperty({ nullable: true, type: String }) statusMessage!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSyncedAt!: string | null;
  @ApiProperty({ nullable: true, type: ExchangeSyncDto }) lastSync!: ExchangeSyncDto | null;
  @ApiProperty() openConflicts!: number;
  @ApiProperty() createdAt!: string;
}

export class ConflictDraftDto {
  @ApiProperty({ enum: ['buy', 'sell', 'deposit', 'withdraw'] }) type!: 'buy' | 'sell' | 'deposit' | 'withdraw';
  @ApiProperty() time!: string;
  @ApiProperty() asset!: string;
  @ApiProperty() quantity!: string;
  @ApiProperty() price!: string;
}

export class ExchangeConflictDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Buy of 0.5 BTC' }) what!: string;
  @ApiProperty({ type: ConflictDraftDto, description: "The exchange's row that was held back" }) exchangeRow!: ConflictDraftDto;
  @ApiProperty({ nullable: true, type: String, description: 'Your transaction it resembles' }) manualTransactionId!: string | null;
  @ApiProperty() createdAt!: string;
}
