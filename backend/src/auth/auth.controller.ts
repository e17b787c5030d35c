import { Body, Controller, Delete, Get, HttpCode, Inject, Ip, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../infra/ports';
import { AccountExport, AccountExportService } from '../users/account-export.service';
import { RESET_TTL_MINUTES } from './account-email.service';
import { AuthUser } from './auth-user';
import {
  AccountMailAnswerDto,
  ChangeEmailDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  OptionalRefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SessionDto,
  UserDto,
  VerifiedEmailDto,
  VerifyEmailDto,
} from './auth.dto';
import { AuthService, Session } from './auth.service';
import { CurrentUser, Public, SessionOnly } from './decorators';

/** The dashboard's refresh token: httpOnly (no script can read it), SameSite=Strict, sent only to the auth routes. */
export const REFRESH_COOKIE = 'coincast_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
/** A browser asks for the cookie flow with this header (a custom header also forces a CORS preflight cross-site). */
export const COOKIE_FLOW_HEADER = 'x-refresh-cookie';

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined> };
type CookieReply = FastifyReply & {
  setCookie(name: string, value: string, options: Record<string, unknown>): FastifyReply;
  clearCookie(name: string, options: Record<string, unknown>): FastifyReply;
};

const cookieFlowHeader = () =>
  ApiHeader({
    name: COOKIE_FLOW_HEADER,
    required: false,
    description: "'1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard)",
  });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accountExport: AccountExportService,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Public()
  @Post('register')
  @cookieFlowHeader()
  @ApiCreatedResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  async register(@Body() body: RegisterDto, @Ip() ip: string, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<Session> {
    return this.deliver(await this.auth.register(body.email, body.password, ip), request, reply);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @cookieFlowHeader()
  @ApiOkResponse({ type: SessionDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  async login(@Body() body: LoginDto, @Ip() ip: string, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<Session> {
    return this.deliver(await this.auth.login(body.email, body.password, ip), request, reply);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @cookieFlowHeader()
  @ApiOkResponse({
    type: SessionDto,
    description: 'The presented refresh token (body, or the cookie with the x-refresh-cookie header) is spent; use the new one',
  })
  async refresh(@Body() body: OptionalRefreshDto, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<Session> {
    const presented = this.presentedRefreshToken(body, request);
    if (!presented)
      throw new UnauthorizedException('Send refreshToken in the body (or, from the dashboard, the refresh cookie with the x-refresh-cookie header)');
    try {
      return this.deliver(await this.auth.refresh(presented), request, reply);
    } catch (error) {
      if (this.usesCookie(request)) reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The sign-in the refresh token belongs to is revoked' })
  async logout(@Body() body: OptionalRefreshDto, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<void> {
    const presented = this.presentedRefreshToken(body, request);
    if (presented) await this.auth.logout(presented);
    if (request.cookies?.[REFRESH_COOKIE]) reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Post('logout-everywhere')
  @HttpCode(204)
  @SessionOnly()
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Every sign-in of the account ends: refresh tokens revoked, access tokens refused and sockets closed on every replica' })
  async logoutEverywhere(@CurrentUser() user: AuthUser, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<void> {
    await this.auth.logoutEverywhere(user.id);
    if (request.cookies?.[REFRESH_COOKIE]) reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
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
  @HttpCode(200)
  @SessionOnly()
  @cookieFlowHeader()
  @ApiBearerAuth()
  @ApiOkResponse({
    type: SessionDto,
    description:
      'Password changed; every other session of the account ends (refresh tokens revoked, access tokens refused, sockets closed); this answer is a fresh session',
  })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: CookieReply,
  ): Promise<Session> {
    return this.deliver(await this.auth.changePassword(user.id, body.currentPassword, body.newPassword), request, reply);
  }

  @Post('email')
  @HttpCode(200)
  @SessionOnly()
  @cookieFlowHeader()
  @ApiBearerAuth()
  @ApiOkResponse({
    type: SessionDto,
    description: 'Address changed (unverified until the link sent to it is opened); the old address gets a notice; every other session ends',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many account e-mails this hour' })
  async changeEmail(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangeEmailDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: CookieReply,
  ): Promise<Session> {
    return this.deliver(await this.auth.changeEmail(user.id, body.currentPassword, body.newEmail), request, reply);
  }

  @Post('email/verification')
  @HttpCode(202)
  @SessionOnly()
  @ApiBearerAuth()
  @ApiOkResponse({ type: AccountMailAnswerDto })
  @ApiTooManyRequestsResponse({ description: 'Too many account e-mails this hour' })
  async requestVerification(@CurrentUser() user: AuthUser): Promise<AccountMailAnswerDto> {
    const outcome = await this.auth.requestVerification(user.id);
    return { message: outcome.alreadyVerified ? `${outcome.email} is already confirmed.` : `A confirmation link is on its way to ${outcome.email}.` };
  }

  @Public()
  @Post('email/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedEmailDto, description: 'The address is verified (and admin when ADMIN_EMAILS lists it)' })
  async verifyEmail(@Body() body: VerifyEmailDto): Promise<VerifiedEmailDto> {
    return { ...(await this.auth.verifyEmail(body.token)), verified: true };
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOkResponse({ type: AccountMailAnswerDto, description: 'The same answer whether or not the address has an account' })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  async forgotPassword(@Body() body: ForgotPasswordDto, @Ip() ip: string): Promise<AccountMailAnswerDto> {
    await this.auth.forgotPassword(body.email, ip);
    return { message: `If an account uses this address, a link to choose a new password is on its way. It works once, for ${RESET_TTL_MINUTES} minutes.` };
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set; every session of the account ended. Sign in with the new password.' })
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.auth.resetPassword(body.token, body.newPassword);
  }

  @Delete('me')
  @HttpCode(204)
  @SessionOnly()
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The account and everything it owns are deleted' })
  async deleteAccount(@CurrentUser() user: AuthUser, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: CookieReply): Promise<void> {
    await this.auth.deleteAccount(user.id);
    if (request.cookies?.[REFRESH_COOKIE]) reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  private usesCookie(request: CookieRequest): boolean {
    return request.headers[COOKIE_FLOW_HEADER] === '1' || request.headers[COOKIE_FLOW_HEADER] === 'true';
  }

  /** The body's token (scripts), else the cookie, but only with the opt-in header (a plain form post cannot set it). */
  private presentedRefreshToken(body: OptionalRefreshDto | undefined, request: CookieRequest): string | undefined {
    if (body?.refreshToken) return body.refreshToken;
    if (!this.usesCookie(request)) return undefined;
    const cookie = request.cookies?.[REFRESH_COOKIE];
    return typeof cookie === 'string' && cookie.length >= 10 && cookie.length <= 200 ? cookie : undefined;
  }

  /** Scripts get the refresh token in JSON; the dashboard (cookie flow) gets it as an httpOnly cookie only. */
  private deliver(session: Session, request: CookieRequest, reply: CookieReply): Session {
    if (!this.usesCookie(request)) return session;
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
      path: REFRESH_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: this.config.env.REFRESH_TTL_DAYS * 86_400,
    });
    return { ...session, refreshToken: '' };
  }
}
