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
import { ForecastsModule } from './forecasts/forecasts.module';
import { MarketsModule } from './markets/markets.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PortfoliosModule } from './portfolios/portfolios.module';
import { StreamModule } from './stream/stream.module';

/** Domain modules (one folder per domain). Each decides from AppConfig.role what it runs in this process. */
const DOMAIN_MODULES: Array<Type | DynamicModule> = [MetricsModule, AuthModule, StreamModule, MarketsModule, AlertsModule, NotificationsModule, PortfoliosModule, ForecastsModule];

@Module({})
export class AppModule {
  /** `logStream` receives the JSON log lines instead of stdout (tests scan it for leaked secrets). */
  static forRoot(config: AppConfig, logStream?: NodeJS.WritableStream): DynamicModule {
    const pinoOptions = {
      level: config.env.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Health probes would drown the log.
      autoLogging: { ignore: (req: { url?: string }) => (req.url ?? '').startsWith('/api/v1/health') },
      customProps: () => ({ role: config.role }),
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Named wildcard: the path-to-regexp 8 syntax (the default '*' logs a conversion warning at boot).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: logStream ? [pinoOptions, logStream] : pinoOptions,
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
