import { Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { AdminOnly, CurrentUser } from '../auth/decorators';
import {
  CoinForecastDto,
  ForecastHistoryQueryDto,
  ForecastHistoryRowDto,
  ForecastSummaryDto,
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

const ModelId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Model not found') }));

@ApiTags('models')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('models')
export class ModelsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Get()
  @ApiOkResponse({ type: ModelsDto })
  list(): Promise<ModelsDto> {
    return this.forecasts.models();
  }

  @Post('retrain')
  @AdminOnly()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RetrainAcceptedDto })
  @ApiForbiddenResponse({ description: 'Not an admin (ADMIN_EMAILS)' })
  retrain(@CurrentUser() user: AuthUser): Promise<RetrainAcceptedDto> {
    return this.forecasts.retrain(user.email);
  }

  @Post(':id/promote')
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({ type: ModelTransitionDto })
  @ApiForbiddenResponse({ description: 'Not an admin (ADMIN_EMAILS)' })
  promote(@CurrentUser() user: AuthUser, @ModelId() id: string): Promise<ModelTransitionDto> {
    return this.forecasts.promote(id, user.email);
  }

  @Post(':id/rollback')
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({ type: ModelTransitionDto })
  @ApiForbiddenResponse({ description: 'Not an admin (ADMIN_EMAILS)' })
  rollback(@CurrentUser() user: AuthUser, @ModelId() id: string): Promise<ModelTransitionDto> {
    return this.forecasts.rollback(id, user.email);
  }
}
