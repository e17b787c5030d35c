import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators';
import { PortfolioForecastDto } from './portfolio-forecast.dto';
import { PortfolioForecastService } from './portfolio-forecast.service';

@ApiTags('portfolios')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('portfolios')
export class PortfolioForecastController {
  constructor(private readonly service: PortfolioForecastService) {}

  @Get(':id/forecast')
  @ApiOperation({
    summary: "Forecast of the portfolio's value",
    description:
      '80 % and 90 % ranges of the value at 24h, 7d and 30d, 95 % value at risk and expected shortfall, and each holding’s share of the risk. ' +
      'Built from each coin’s served forecast quantiles joined by the coins’ joint daily history (an empirical copula); cash and stablecoins count without risk.',
  })
  @ApiOkResponse({ type: PortfolioForecastDto })
  @ApiNotFoundResponse({ description: 'No such portfolio of yours' })
  forecast(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<PortfolioForecastDto> {
    return this.service.forecast(user.id, id);
  }
}
