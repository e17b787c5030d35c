import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { ALERT_MODES, ALERT_STATUSES, ALERT_TYPES, type AlertDirection, type AlertMode, type AlertStatus, type AlertType } from './alert-types';

/** The horizons a forecast_move rule may watch: the ones forecasts are served for, sub-hour ones included. */
export const FORECAST_MOVE_HORIZONS = ['5m', '15m', '30m', '1h', '4h', '24h', '7d', '30d'];

/** A JSON number becomes its decimal string, so thresholds may be sent as 65000 or "65000". */
const numberToDecimalString = ({ value }: { value: unknown }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

export class CreateAlertDto {
  @ApiProperty({ enum: ALERT_TYPES })
  @IsIn(ALERT_TYPES, { message: `type must be one of: ${ALERT_TYPES.join(', ')}` })
  type!: AlertType;

  @ApiPropertyOptional({
    example: 'BTC/USDT',
    description: 'Market (BTC/USDT, BTC-USDT or BTCUSDT; BTC/USDT@kraken on another exchange than the home one); not for portfolio_value',
  })
  @IsOptional()
  @IsString()
  @MaxLength(72)
  symbol?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '65000',
    description: 'Price (or portfolio value) in the quote currency: a decimal string, or a JSON number (stored as its decimal string)',
  })
  @IsOptional()
  @Transform(numberToDecimalString)
  @IsString({ message: 'threshold must be a decimal number such as "65000" or "0.25"' })
  @Matches(/^-?\d{1,20}(\.\d{1,18})?$/, { message: 'threshold must be a decimal number such as "65000" or "0.25"' })
  threshold?: string;

  @ApiPropertyOptional({ example: 5, description: 'pct_change: move in percent; forecast_move: size of the move (±X%)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'pct must be a number' })
  pct?: number;

  @ApiPropertyOptional({ example: 60, description: 'pct_change: window length in minutes' })
  @IsOptional()
  @IsInt({ message: 'windowMinutes must be a whole number of minutes' })
  windowMinutes?: number;

  @ApiPropertyOptional({ description: 'portfolio_value: the portfolio to watch' })
  @IsOptional()
  @IsUUID('all', { message: 'portfolioId must be a UUID' })
  portfolioId?: string;

  @ApiPropertyOptional({
    enum: ['above', 'below'],
    description: 'portfolio_value: required; pct_change and forecast_move: up only / down only (default: either way)',
  })
  @IsOptional()
  @IsIn(['above', 'below'], { message: "direction must be 'above' or 'below'" })
  direction?: AlertDirection;

  @ApiPropertyOptional({ example: '24h', enum: FORECAST_MOVE_HORIZONS, description: 'forecast_move: forecast horizon (5m … 30d)' })
  @IsOptional()
  @IsString()
  @IsIn(FORECAST_MOVE_HORIZONS, { message: `horizon must be one of: ${FORECAST_MOVE_HORIZONS.join(', ')}` })
  horizon?: string;

  @ApiPropertyOptional({ example: 70, description: 'forecast_move: minimum probability in percent, 1–100 (70 = 70%)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'probability must be a number' })
  probability?: number;

  @ApiPropertyOptional({ enum: ALERT_MODES, default: 'once', description: 'once: disarmed after firing; every: fires again after the cooldown' })
  @IsOptional()
  @IsIn(ALERT_MODES, { message: "mode must be 'once' or 'every'" })
  mode?: AlertMode;

  @ApiPropertyOptional({ example: 60, description: 'every-mode: minutes before the rule may fire again (default 60)' })
  @IsOptional()
  @IsInt({ message: 'cooldownMinutes must be a whole number of minutes' })
  @Min(1, { message: 'cooldownMinutes must be at least 1' })
  cooldownMinutes?: number;

  @ApiPropertyOptional({ example: '2030-01-01T00:00:00Z', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(500)
  note?: string | null;

  @ApiPropertyOptional({ example: 'https://example.com/hooks/coincast', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    enum: ['email', 'telegram'],
    isArray: true,
    nullable: true,
    description: 'Where this alert is sent besides the in-app inbox: e-mail and/or Telegram; [] = nowhere else; null or absent = your default channels',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(['email', 'telegram'], { each: true, message: 'channels may contain email and telegram' })
  channels?: ('email' | 'telegram')[] | null;
}

/** Any field of the rule except its type. A triggered or expired rule is armed again by an update. */
export class UpdateAlertDto extends PartialType(CreateAlertDto) {}

export class AlertRuleDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ALERT_TYPES }) type!: AlertType;
  @ApiProperty({ nullable: true, type: String, description: 'Market id' }) symbol!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'binance', description: "The market's exchange (null for portfolio_value)" })
  exchange!: string | null;
  @ApiProperty({ nullable: true, type: String }) threshold!: string | null;
  @ApiProperty({ nullable: true, type: Number }) pct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) windowMinutes!: number | null;
  @ApiProperty({ nullable: true, type: String }) portfolioId!: string | null;
  @ApiProperty({ nullable: true, enum: ['above', 'below'] }) direction!: AlertDirection | null;
  @ApiProperty({ nullable: true, type: String }) horizon!: string | null;
  @ApiProperty({ nullable: true, type: Number }) probability!: number | null;
  @ApiProperty({ enum: ALERT_MODES }) mode!: AlertMode;
  @ApiProperty() cooldownMinutes!: number;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) webhookUrl!: string | null;
  @ApiProperty({ nullable: true, enum: ['email', 'telegram'], isArray: true, description: "null = the owner's default channels" })
  channels!: ('email' | 'telegram')[] | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "HMAC-SHA256 key that signs this rule's webhooks: only in the answer that created it (POST /alerts, or the PATCH that added the webhook); null everywhere else. Rotate with POST /alerts/{id}/webhook-secret",
  })
  webhookSecret!: string | null;
  @ApiProperty({ description: 'Whether a webhook secret exists (it is never shown again after creation)' }) hasWebhookSecret!: boolean;
  @ApiProperty({ enum: ALERT_STATUSES }) status!: AlertStatus;
  @ApiProperty({ nullable: true, type: String }) lastTriggeredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'every-mode: no firing before this time' }) cooldownUntil!: string | null;
  @ApiProperty() triggerCount!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AlertEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() triggeredAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Price (or portfolio value) that triggered the rule' }) price!: string | null;
  @ApiProperty() message!: string;
}

export class WebhookDeliveryDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['webhook', 'email', 'telegram'] }) channel!: 'webhook' | 'email' | 'telegram';
  @ApiProperty({
    description: 'sent, failed; for e-mail/Telegram also pending, sending, held (quiet hours or hourly cap), digested (went out in a digest), skipped',
  })
  status!: string;
  @ApiProperty({ description: '0 for an e-mail/Telegram message that was held or skipped without an attempt' }) attempt!: number;
  @ApiProperty({ description: 'The webhook URL, or e-mail / Telegram' }) url!: string;
  @ApiProperty() succeeded!: boolean;
  @ApiProperty({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty() attemptedAt!: string;
}

export class WebhookSecretDto {
  @ApiProperty({ description: 'The new HMAC-SHA256 key; shown once. The previous key stops signing at once.' }) webhookSecret!: string;
}
