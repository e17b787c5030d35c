import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { ReadinessService } from './readiness.service';

/** Liveness and readiness probes (every role serves them). */
@Module({
  controllers: [HealthController],
  providers: [ReadinessService, HealthRepository],
})
export class HealthModule {}
