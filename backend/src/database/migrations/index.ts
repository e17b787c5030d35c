import type { MigrationInterface } from 'typeorm';
import { InitAccounts1763900000000 } from './1763900000000-init-accounts';
import { Alerts1763900500000 } from './1763900500000-alerts';
import { Candles1763901000000 } from './1763901000000-candles';
import { Portfolios1763902000000 } from './1763902000000-portfolios';
import { Forecasts1763903000000 } from './1763903000000-forecasts';
import { AlertRulesPortfolioFk1763904000000 } from './1763904000000-alert-rules-portfolio-fk';
import { ForecastsTargetIndex1763905000000 } from './1763905000000-forecasts-target-index';
import { CandlesClosed1796192038975 } from './1796192038975-candles-closed';
import { ForecastsNaiveFlags1796192044258 } from './1796192044258-forecasts-naive-flags';
import { UserRoleTokenEpoch1796192050524 } from './1796192050524-user-role-token-epoch';
import { ExchangeAccounts1796192071342 } from './1796192071342-exchange-accounts';
import { PortfoliosCashTargetsLedgerVersion1796192113571 } from './1796192113571-portfolios-cash-targets-ledger-version';
import { NotificationChannels1796192215731 } from './1796192215731-notification-channels';
import { ModelDiagnostics1796192300000 } from './1796192300000-model-diagnostics';
import { IntradayHorizons1796192400000 } from './1796192400000-intraday-horizons';
import { News1796192550000 } from './1796192550000-news';
import { TrackedMarkets1796192700000 } from './1796192700000-tracked-markets';
import { Watchlist1796192710000 } from './1796192710000-watchlist';

/** Every migration, in order. Domains append theirs here; each has up() and down(). */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitAccounts1763900000000,
  Alerts1763900500000,
  Candles1763901000000,
  Portfolios1763902000000,
  Forecasts1763903000000,
  AlertRulesPortfolioFk1763904000000,
  ForecastsTargetIndex1763905000000,
  CandlesClosed1796192038975,
  ForecastsNaiveFlags1796192044258,
  UserRoleTokenEpoch1796192050524,
  ExchangeAccounts1796192071342,
  PortfoliosCashTargetsLedgerVersion1796192113571,
  NotificationChannels1796192215731,
  ModelDiagnostics1796192300000,
  IntradayHorizons1796192400000,
  News1796192550000,
  TrackedMarkets1796192700000,
  Watchlist1796192710000,
];
