import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse 42', description: '10-128 characters, at least one letter and one digit' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

/** Refresh/logout: the token in the body (scripts), or none when the dashboard's refresh cookie carries it. */
export class OptionalRefreshDto {
  @ApiPropertyOptional({ description: 'Omit when the refresh cookie is sent (dashboard, with the x-refresh-cookie header)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ description: '10-128 characters, at least one letter and one digit' })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token of the e-mailed link (?token=…)' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ description: '10-128 characters, at least one letter and one digit' })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class VerifyEmailDto {
  @ApiProperty({ description: 'The token of the e-mailed link (?token=…)' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class ChangeEmailDto {
  @ApiProperty({ example: 'ada@example.org' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'newEmail must be a valid e-mail address' })
  @MaxLength(254)
  newEmail!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;
}

export class AccountMailAnswerDto {
  @ApiProperty({ description: 'What happens next, for people' }) message!: string;
}

export class VerifiedEmailDto {
  @ApiProperty() email!: string;
  @ApiProperty() verified!: boolean;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['user', 'admin'] }) role!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty() createdAt!: string;
}

export class SessionDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'JWT, send as Authorization: Bearer' }) accessToken!: string;
  @ApiProperty({ description: 'Opaque; single use: every refresh returns a new one. Empty in the cookie flow (the token is in the httpOnly cookie)' })
  refreshToken!: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
}
