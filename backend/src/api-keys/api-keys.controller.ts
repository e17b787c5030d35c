import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser, SessionOnly } from '../auth/decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

/** Session only: a leaked API key cannot list, mint or revoke keys. */
@ApiTags('api-keys')
@ApiBearerAuth()
@SessionOnly()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentUser() user: AuthUser): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(user.id);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in the response once and never again' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(user.id, body.name, body.scope);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<void> {
    await this.apiKeys.revoke(user.id, id);
  }
}
