import { DynamicModule, Module, RequestMethod, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { REDACTED_PATHS } from './logging';
import { MarketsModule } from './markets/markets.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PortfoliosModule } from './portfolios/portfolios.module';
import { StreamModule } from './stream/stream.module';

/** Domain modules (one folder per domain). Each decides from AppConfig.role what it runs in this process. */
const DOMAIN_MODULES: Array<Type | DynamicModule> = [MetricsModule, AuthModule, StreamModule, MarketsModule, AlertsModule, NotificationsModule, PortfoliosModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Named wildcard: the path-to-regexp 8 syntax (the default '*' logs a conversion warning at boot).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.env.LOG_LEVEL,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // Health probes would drown the log.
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/v1/health') },
            customProps: () => ({ role: config.role }),
          },
        }),
        InfraModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        ...DOMAIN_MODULES,
      ],
      controllers: [HealthController],
    };
  }
}
