import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { WatchlistDto } from './watchlist.dto';
import { WatchlistService } from './watchlist.service';

/** The caller's watchlist (read-only API keys may read it, not change it). */
@ApiTags('watchlist')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('watchlist')
export class WatchlistController {
  constructor(private readonly watchlist: WatchlistService) {}

  @Get()
  @ApiOperation({ summary: 'Markets the caller starred' })
  @ApiOkResponse({ type: WatchlistDto })
  list(@CurrentUser() user: AuthUser): Promise<WatchlistDto> {
    return this.watchlist.list(user.id);
  }

  @Put(':symbol')
  @ApiOperation({ summary: 'Star a tracked market (starring it again changes nothing)' })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT', description: 'BTC-USDT, BTCUSDT or url-encoded BTC/USDT' })
  @ApiOkResponse({ type: WatchlistDto })
  add(@CurrentUser() user: AuthUser, @Param('symbol') symbol: string): Promise<WatchlistDto> {
    return this.watchlist.add(user.id, symbol);
  }

  @Delete(':symbol')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unstar a market' })
  @ApiParam({ name: 'symbol', example: 'BTC-USDT' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @Param('symbol') symbol: string): Promise<void> {
    await this.watchlist.remove(user.id, symbol);
  }
}
