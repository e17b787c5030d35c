import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { AdminOnly, CurrentUser } from '../auth/decorators';
import { AddMarketDto, CatalogueSearchDto, CatalogueSearchQueryDto, TrackedMarketDto } from './catalogue.dto';
import { MarketCatalogueService } from './market-catalogue.service';

/** The runtime market catalogue: administrators search the exchange's markets and add or remove tracked ones. */
@ApiTags('markets')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('markets/catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: MarketCatalogueService) {}

  @Get('search')
  @AdminOnly()
  @ApiOperation({ summary: "Search the exchange's spot markets (admin)" })
  @ApiOkResponse({ type: CatalogueSearchDto })
  search(@Query() query: CatalogueSearchQueryDto): Promise<CatalogueSearchDto> {
    return this.catalogue.search(query.q, query.exchange);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Track a market (admin): its history is backfilled, then it is ingested and forecast like the others' })
  @ApiCreatedResponse({ type: TrackedMarketDto })
  add(@CurrentUser() user: AuthUser, @Body() body: AddMarketDto): Promise<TrackedMarketDto> {
    return this.catalogue.add(body, user.id);
  }

  @Delete(':symbol')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop tracking a market (admin): ingestion and forecasts stop, its stored history is kept' })
  @ApiParam({ name: 'symbol', example: 'SOL-USDT', description: 'Market id in path form (SOL-USDT@kraken off the home exchange)' })
  @ApiNoContentResponse()
  async remove(@Param('symbol') symbol: string): Promise<void> {
    await this.catalogue.remove(symbol);
  }
}
