import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/decorators';
import { NewsFeedsDto, NewsListDto, NewsQueryDto } from './news.dto';
import { NewsService } from './news.service';

@ApiTags('news')
@ApiBearerAuth()
@Controller('news')
export class NewsController {
  constructor(private readonly news: NewsService) {}

  @Get()
  @ApiOkResponse({ type: NewsListDto, description: 'Latest stories, newest first; 404 for a market that is not tracked' })
  list(@Query() query: NewsQueryDto): Promise<NewsListDto> {
    return this.news.list(query);
  }

  /** Admin only: it shows the configured feed URLs. */
  @Get('feeds')
  @AdminOnly()
  @ApiOkResponse({ type: NewsFeedsDto })
  feeds(): Promise<NewsFeedsDto> {
    return this.news.feeds();
  }
}
