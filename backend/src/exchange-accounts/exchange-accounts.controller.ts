import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser, SessionOnly } from '../auth/decorators';
import {
  ConnectExchangeAccountDto,
  ExchangeAccountDto,
  ExchangeConflictDto,
  ExchangeSyncDto,
  ReplaceExchangeKeyDto,
  ResolveConflictDto,
  SupportedExchangeDto,
} from './exchange-accounts.dto';
import { ExchangeAccountsService } from './exchange-accounts.service';

const ownedId = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Session only: an API key of Coincast cannot read or change exchange credentials. */
@ApiTags('exchange-accounts')
@ApiBearerAuth()
@SessionOnly()
@Controller('exchange-accounts')
export class ExchangeAccountsController {
  constructor(private readonly accounts: ExchangeAccountsService) {}

  @Get('exchanges')
  @ApiOkResponse({ type: [SupportedExchangeDto] })
  exchanges(): SupportedExchangeDto[] {
    return this.accounts.supported();
  }

  @Get()
  @ApiOkResponse({ type: [ExchangeAccountDto] })
  list(@CurrentUser() user: AuthUser): Promise<ExchangeAccountDto[]> {
    return this.accounts.list(user.id);
  }

  @Post()
  @ApiCreatedResponse({ type: ExchangeAccountDto, description: 'Connected (the key was checked with the exchange) and a first sync queued' })
  connect(@CurrentUser() user: AuthUser, @Body() body: ConnectExchangeAccountDto): Promise<ExchangeAccountDto> {
    return this.accounts.connect(user.id, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ExchangeAccountDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string): Promise<ExchangeAccountDto> {
    return this.accounts.get(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Disconnected; transactions already imported stay in the portfolio' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string): Promise<void> {
    await this.accounts.remove(user.id, id);
  }

  @Patch(':id/key')
  @ApiOkResponse({ type: ExchangeAccountDto })
  replaceKey(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string, @Body() body: ReplaceExchangeKeyDto): Promise<ExchangeAccountDto> {
    return this.accounts.replaceKey(user.id, id, body);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ExchangeSyncDto, description: 'The queued sync, or the one already queued or running' })
  sync(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string): Promise<ExchangeSyncDto> {
    return this.accounts.requestSync(user.id, id, 'manual');
  }

  @Get(':id/syncs')
  @ApiOkResponse({ type: [ExchangeSyncDto], description: 'The sync log, newest first' })
  syncs(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string): Promise<ExchangeSyncDto[]> {
    return this.accounts.syncs(user.id, id);
  }

  @Get(':id/conflicts')
  @ApiOkResponse({ type: [ExchangeConflictDto], description: 'Exchange rows held back because they look like one of your own entries' })
  conflicts(@CurrentUser() user: AuthUser, @Param('id', ownedId) id: string): Promise<ExchangeConflictDto[]> {
    return this.accounts.conflicts(user.id, id);
  }

  @Post(':id/conflicts/:conflictId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async resolve(
    @CurrentUser() user: AuthUser,
    @Param('id', ownedId) id: string,
    @Param('conflictId', ownedId) conflictId: string,
    @Body() body: ResolveConflictDto,
  ): Promise<void> {
    await this.accounts.resolveConflict(user.id, id, conflictId, body.action);
  }
}
