import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { StrategyQueryDto, StrategyReportDto } from './strategy.dto';
import { StrategyService } from './strategy.service';

@ApiTags('strategy')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('strategy')
export class StrategyController {
  constructor(private readonly strategy: StrategyService) {}

  @Get()
  @ApiOperation({
    summary: 'What trading on the served forecasts would have earned',
    description:
      'Walk-forward over the last year of forecasts the product served for the coin (each made before its decision): a volatility-targeted exposure, ' +
      'a direction signal from the probability of a rise, and buy-and-hold, after 10 bp fees and 5 bp slippage per unit traded. ' +
      'status "insufficient" until enough forecasts were served (readyAt says when).',
  })
  @ApiOkResponse({ type: StrategyReportDto })
  @ApiNotFoundResponse({ description: 'Not a tracked market' })
  @ApiTooManyRequestsResponse({ description: 'Too many reports this minute; see Retry-After' })
  report(@CurrentUser() user: AuthUser, @Query() query: StrategyQueryDto): Promise<StrategyReportDto> {
    return this.strategy.report(user.id, query.symbol, query.horizon);
  }
}
