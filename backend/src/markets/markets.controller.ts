import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CandlesPageDto, CandlesQueryDto, MarketsListDto, TickerDto } from './markets.dto';
import { MarketsService } from './markets.service';

@ApiTags('markets')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('markets')
export class MarketsController {
  constructor(private readonly markets: MarketsService) {}

  @Get()
  @ApiOperation({ summary: 'Tracked markets with last price, 24h change and volume, and the data source' })
  @ApiOkResponse({ type: MarketsListDto })
  list(): Promise<MarketsListDto> {
    return this.markets.listMarkets();
  }

  @Get(':symbol/candles')
  @ApiOperation({ summary: 'Stored candles, oldest first; page forward with nextFrom' })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT', description: 'BTC-USDT, BTCUSDT or url-encoded BTC/USDT' })
  @ApiOkResponse({ type: CandlesPageDto })
  candles(@Param('symbol') symbol: string, @Query() query: CandlesQueryDto): Promise<CandlesPageDto> {
    return this.markets.getCandles(symbol, query);
  }

  @Get(':symbol/ticker')
  @ApiOperation({ summary: 'Latest ticker of a tracked market' })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT' })
  @ApiOkResponse({ type: TickerDto })
  ticker(@Param('symbol') symbol: string): Promise<TickerDto> {
    return this.markets.getTicker(symbol);
  }
}
