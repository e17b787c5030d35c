import { Body, Controller, Delete, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser } from './auth-user';
import { ChangePasswordDto, LoginDto, RefreshDto, RegisterDto, SessionDto, UserDto } from './auth.dto';
import { AuthService, Session } from './auth.service';
import { CLOCK, Clock } from '../infra/ports';
import { AccountExport, AccountExportService } from '../users/account-export.service';
import { CurrentUser, Public } from './decorators';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accountExport: AccountExportService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  register(@Body() body: RegisterDto, @Ip() ip: string): Promise<Session> {
    return this.auth.register(body.email, body.password, ip);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<Session> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'The presented refresh token is spent; use the new one' })
  refresh(@Body() body: RefreshDto): Promise<Session> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The sign-in the refresh token belongs to is revoked' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Session['user'] {
    return this.auth.me(user);
  }

  @Get('me/export')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'Everything the account owns as JSON (profile, portfolios, transactions, alerts, events, API key metadata); no secrets' })
  exportAccount(@CurrentUser() user: AuthUser): Promise<AccountExport> {
    return this.accountExport.export(user.id, this.clock.now());
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Password changed; every refresh token of the account is revoked' })
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user.id, body.currentPassword, body.newPassword);
  }

  @Delete('me')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The account and everything it owns are deleted' })
  async deleteAccount(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.deleteAccount(user.id);
  }
}
