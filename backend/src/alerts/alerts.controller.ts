import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { AlertEventDto, AlertRuleDto, CreateAlertDto, UpdateAlertDto, WebhookDeliveryDto, WebhookSecretDto } from './alerts.dto';
import { AlertsService } from './alerts.service';

/** Another user's alert, or a malformed id, is simply "not found". */
const AlertId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Alert not found') }));

@ApiTags('alerts')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOkResponse({ type: [AlertRuleDto] })
  list(@CurrentUser() user: AuthUser): Promise<AlertRuleDto[]> {
    return this.alerts.list(user.id);
  }

  @Post()
  @ApiCreatedResponse({ type: AlertRuleDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateAlertDto): Promise<AlertRuleDto> {
    return this.alerts.create(user.id, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: AlertRuleDto })
  get(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<AlertRuleDto> {
    return this.alerts.get(user.id, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AlertRuleDto })
  update(@CurrentUser() user: AuthUser, @AlertId() id: string, @Body() body: UpdateAlertDto): Promise<AlertRuleDto> {
    return this.alerts.update(user.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<void> {
    await this.alerts.remove(user.id, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertRuleDto })
  pause(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<AlertRuleDto> {
    return this.alerts.pause(user.id, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertRuleDto })
  resume(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<AlertRuleDto> {
    return this.alerts.resume(user.id, id);
  }

  @Post(':id/webhook-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookSecretDto, description: 'A new signing secret, shown in this answer only (read-write credentials only)' })
  rotateWebhookSecret(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<WebhookSecretDto> {
    return this.alerts.rotateWebhookSecret(user.id, id);
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [AlertEventDto] })
  events(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<AlertEventDto[]> {
    return this.alerts.events(user.id, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: [WebhookDeliveryDto], description: 'Every webhook delivery attempt of this alert, newest first' })
  deliveries(@CurrentUser() user: AuthUser, @AlertId() id: string): Promise<WebhookDeliveryDto[]> {
    return this.alerts.deliveries(user.id, id);
  }
}
