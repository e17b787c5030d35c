import { AlertEvent } from '../alerts/alert-event.entity';
import { AlertRule } from '../alerts/alert-rule.entity';
import { WebhookDelivery } from '../alerts/webhook-delivery.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { Notification } from '../notifications/notification.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { User } from '../users/user.entity';
import { EXCHANGE_ACCOUNT_ENTITIES } from '../exchange-accounts/exchange-account.entity';
import { FORECAST_ENTITIES } from '../forecasts/forecast.entities';
import { NEWS_ENTITIES } from '../news/news.entities';
import { Portfolio, PortfolioTransaction } from '../portfolios/portfolio.entity';

/** Every TypeORM entity of the application. Domains append theirs here. */
export const ENTITIES: (new () => object)[] = [
  User,
  RefreshToken,
  ApiKey,
  Portfolio,
  PortfolioTransaction,
  AlertRule,
  AlertEvent,
  WebhookDelivery,
  Notification,
  ...FORECAST_ENTITIES,
  ...EXCHANGE_ACCOUNT_ENTITIES,
  ...NEWS_ENTITIES,
];
