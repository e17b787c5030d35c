import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { REDIS } from '../infra/ports';

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

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
    const checks: Record<string, string> = {};
    let healthy = true;
    try {
      await withTimeout(this.db.query('SELECT 1'), 2_000);
      checks.database = 'ok';
    } catch (error) {
      healthy = false;
      checks.database = `down: ${(error as Error).message}`;
    }
    if (this.redis) {
      try {
        await withTimeout(this.redis.ping(), 2_000);
        checks.redis = 'ok';
      } catch (error) {
        healthy = false;
        checks.redis = `down: ${(error as Error).message}`;
      }
    }
    if (!healthy) throw new ServiceUnavailableException({ message: 'Not ready', details: Object.entries(checks).map(([k, v]) => `${k}: ${v}`) });
    return { status: 'ok', checks };
  }
}
