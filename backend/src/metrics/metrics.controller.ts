import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint, off unless METRICS_PUBLIC=true (then public at the app level because Prometheus scrapes
 * each replica directly on the internal network; nginx refuses it to outside clients, see nginx/nginx.conf).
 */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'Prometheus text exposition format (version 0.0.4)' })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.config.env.METRICS_PUBLIC)
      throw new NotFoundException('Metrics are not served on the API port: set METRICS_PUBLIC=true (internal networks only) or scrape METRICS_PORT');
    const { contentType, body } = await this.metrics.render();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
