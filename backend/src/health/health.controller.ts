import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'Database (and Redis, when configured) answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer' })
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const { healthy, checks } = await this.readiness.check();
    if (!healthy) throw new ServiceUnavailableException({ message: 'Not ready', details: Object.entries(checks).map(([k, v]) => `${k}: ${v}`) });
    return { status: 'ok', checks };
  }
}
