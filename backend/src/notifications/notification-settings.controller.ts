import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, SessionOnly } from '../auth/decorators';
import { escapeHtml } from '../mail/templates';
import { NotificationSettingsDto, TelegramLinkDto, UpdateNotificationSettingsDto } from './notification-settings.dto';
import { NotificationSettingsService } from './notification-settings.service';
import { TelegramLinkService } from './telegram-link.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:480px;margin:40px auto;padding:0 16px"><h1 style="font-size:1.3rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationSettingsController {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly telegram: TelegramLinkService,
  ) {}

  @Get('settings')
  @ApiBearerAuth()
  @ApiOkResponse({ type: NotificationSettingsDto })
  get(@CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return this.settings.get(user.id);
  }

  @Patch('settings')
  @ApiBearerAuth()
  @ApiOkResponse({ type: NotificationSettingsDto })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.settings.update(user.id, body);
  }

  @Post('telegram/link')
  @HttpCode(200)
  @SessionOnly()
  @ApiBearerAuth()
  @ApiOkResponse({ type: TelegramLinkDto, description: 'A one-time deep link to the bot; pressing Start in Telegram links that chat' })
  async link(@CurrentUser() user: AuthUser): Promise<TelegramLinkDto> {
    const link = await this.telegram.createLink(user.id);
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  }

  @Delete('telegram')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The chat is unlinked (also possible with /stop in the chat)' })
  unlink(@CurrentUser() user: AuthUser): Promise<void> {
    return this.telegram.unlink(user.id);
  }

  /** The page behind the link in an e-mail's footer: a button that POSTs (a GET never unsubscribes: link scanners open links). */
  @Public()
  @Get('unsubscribe')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'u', required: true })
  @ApiQuery({ name: 's', required: true })
  @ApiOkResponse({ description: 'A page with a button that stops alert e-mails' })
  unsubscribePage(@Query('u') userId?: string, @Query('s') signature?: string): string {
    const query = `u=${encodeURIComponent(userId ?? '')}&s=${encodeURIComponent(signature ?? '')}`;
    return page(
      'Stop alert e-mails?',
      `<p>Coincast will stop e-mailing your alerts. Account e-mails (password reset) still arrive, and you can switch alert e-mails back on in Settings.</p><form method="post" action="?${escapeHtml(query)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop alert e-mails</button></form>`,
    );
  }

  /** RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` here; the signed query says who. */
  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'u', required: true })
  @ApiQuery({ name: 's', required: true })
  @ApiOkResponse({ description: 'Alert e-mails are switched off' })
  async unsubscribe(@Query('u') userId?: string, @Query('s') signature?: string): Promise<string> {
    const ok = !!userId && UUID.test(userId) && !!signature && (await this.settings.unsubscribe(userId, signature));
    return ok
      ? page('Alert e-mails stopped', '<p>You will get no more alert e-mails. Switch them back on any time in Coincast under Settings → Notifications.</p>')
      : page(
          'This link does not work',
          '<p>The unsubscribe link is incomplete or altered. Sign in to Coincast and switch alert e-mails off under Settings → Notifications.</p>',
        );
  }
}
