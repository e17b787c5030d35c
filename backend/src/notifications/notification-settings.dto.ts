import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

const CHANNELS = ['email', 'telegram'] as const;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export class EmailChannelDto {
  @ApiProperty() address!: string;
  @ApiProperty({ description: 'The address was confirmed through the e-mailed link (required for e-mail alerts)' }) verified!: boolean;
  @ApiProperty({ description: 'False after an unsubscribe: no alert e-mails (account e-mails still go out)' }) enabled!: boolean;
  @ApiProperty({ description: 'Paused after repeated delivery failures' }) paused!: boolean;
  @ApiProperty({ description: 'False when the server has no SMTP server configured: e-mails are kept in its outbox and not sent' }) sending!: boolean;
}

export class TelegramChannelDto {
  @ApiProperty({ description: 'The server has a Telegram bot configured' }) available!: boolean;
  @ApiProperty() linked!: boolean;
  @ApiProperty({ description: 'Paused after repeated delivery failures' }) paused!: boolean;
}

export class NotificationSettingsDto {
  @ApiProperty({ type: EmailChannelDto }) email!: EmailChannelDto;
  @ApiProperty({ type: TelegramChannelDto }) telegram!: TelegramChannelDto;
  @ApiProperty({ enum: CHANNELS, isArray: true, description: 'Channels of alerts that do not choose their own (the in-app inbox always gets every alert)' })
  defaultChannels!: ('email' | 'telegram')[];
  @ApiProperty({ nullable: true, type: String, example: '22:00', description: 'Start of quiet hours (HH:MM, in timeZone); null = none' })
  quietStart!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '07:00' }) quietEnd!: string | null;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone!: string;
  @ApiProperty({ description: 'Messages per hour per channel before the rest are held for one digest' }) hourlyCap!: number;
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional({ enum: CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(CHANNELS, { each: true, message: 'defaultChannels may contain email and telegram' })
  defaultChannels?: ('email' | 'telegram')[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '22:00' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(HHMM, { message: 'quietStart must be a time like 22:00' })
  quietStart?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '07:00' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(HHMM, { message: 'quietEnd must be a time like 07:00' })
  quietEnd?: string | null;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'IANA time zone of the quiet hours' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  hourlyCap?: number;

  @ApiPropertyOptional({ description: 'true: alert e-mails again after an unsubscribe' })
  @IsOptional()
  @IsBoolean()
  emailEnabled?: boolean;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, description: 'Resume these paused channels' })
  @IsOptional()
  @IsArray()
  @IsIn(CHANNELS, { each: true, message: 'resume may contain email and telegram' })
  resume?: ('email' | 'telegram')[];
}

export class TelegramLinkDto {
  @ApiProperty({ example: 'https://t.me/CoincastBot?start=Zx9…', description: 'Open it in Telegram and press Start; works once' }) url!: string;
  @ApiProperty() expiresAt!: string;
}
