import { DynamicModule, Module, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExchangeAccountsModule } from './exchange-accounts/exchange-accounts.module';
import { HealthModule } from './health/health.module';
import { InfraModule } from './infra/infra.module';
import { ForecastsModule } from './forecasts/forecasts.module';
import { MarketsModule } from './markets/markets.module';
import { MetricsModule } from './metrics/metrics.module';
import { NewsModule } from './news/news.module';
import { OverviewModule } from './overview/overview.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PortfoliosModule } from './portfolios/portfolios.module';
import { PortfolioRiskModule } from './portfolios/risk/portfolio-risk.module';
import { StreamModule } from './stream/stream.module';
import { StrategyModule } from './strategy/strategy.module';
import { WatchlistModule } from './watchlist/watchlist.module';

/** Domain modules (one folder per domain). Each decides from AppConfig.role what it runs in this process. */
const DOMAIN_MODULES: Array<Type | DynamicModule> = [
  MetricsModule,
  AuthModule,
  StreamModule,
  MarketsModule,
  AlertsModule,
  NotificationsModule,
  PortfoliosModule,
  ForecastsModule,
  PortfolioRiskModule,
  ExchangeAccountsModule,
  NewsModule,
  OverviewModule,
  StrategyModule,
  WatchlistModule,
];

@Module({})
export class AppModule {
  /**
   * `appLogger` is the process's application logger (see logging.ts); Nest's LoggerService writes through it.
   * Request lines come from Fastify's own logger, so `useExisting` keeps nestjs-pino from adding its pino-http
   * middleware and the empty route list keeps it from adding any per-request middleware.
   */
  static forRoot(config: AppConfig, appLogger: PinoInstance): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { logger: appLogger }, useExisting: true, forRoutes: [] }),
        InfraModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        HealthModule,
        ...DOMAIN_MODULES,
      ],
    };
  }
}
