/**
 * Generated from the backend OpenAPI document by openapi-typescript: do not edit.
 * Regenerate with `npm run api-types` at the root (backend/src/cli/openapi.ts).
 */
export interface paths {
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AlertsController_list"];
        put?: never;
        post: operations["AlertsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AlertsController_get"];
        put?: never;
        post?: never;
        delete: operations["AlertsController_remove"];
        options?: never;
        head?: never;
        patch: operations["AlertsController_update"];
        trace?: never;
    };
    "/api/v1/alerts/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AlertsController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AlertsController_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AlertsController_pause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AlertsController_resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AlertsController_rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ApiKeysController_list"];
        put?: never;
        post: operations["ApiKeysController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["ApiKeysController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_changeEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_requestVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_logoutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        delete: operations["AuthController_deleteAccount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_exportAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ExchangeAccountsController_list"];
        put?: never;
        post: operations["ExchangeAccountsController_connect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ExchangeAccountsController_get"];
        put?: never;
        post?: never;
        delete: operations["ExchangeAccountsController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}/conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ExchangeAccountsController_conflicts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}/conflicts/{conflictId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ExchangeAccountsController_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["ExchangeAccountsController_replaceKey"];
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ExchangeAccountsController_sync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/{id}/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ExchangeAccountsController_syncs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange-accounts/exchanges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ExchangeAccountsController_exchanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forecasts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ForecastsController_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forecasts/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ForecastsController_forSymbol"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forecasts/{symbol}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ForecastsController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tracked markets with last price, 24h change and volume, and the data source */
        get: operations["MarketsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/{symbol}/candles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored candles, oldest first; page forward with nextFrom */
        get: operations["MarketsController_candles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/{symbol}/ticker": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Latest ticker of a tracked market */
        get: operations["MarketsController_ticker"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Track a market (admin): its history is backfilled, then it is ingested and forecast like the others */
        post: operations["CatalogueController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/catalogue/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop tracking a market (admin): ingestion and forecasts stop, its stored history is kept */
        delete: operations["CatalogueController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/catalogue/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the exchange's spot markets (admin) */
        get: operations["CatalogueController_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["MetricsController_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ModelsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ModelsController_promote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ModelsController_rollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{model}/diagnostics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ModelsController_diagnostics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/retrain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ModelsController_retrain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/news": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NewsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/news/feeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NewsController_feeds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotificationsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["NotificationsController_markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["NotificationsController_markAllRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotificationSettingsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["NotificationSettingsController_update"];
        trace?: never;
    };
    "/api/v1/notifications/telegram": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["NotificationSettingsController_unlink"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/telegram/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["NotificationSettingsController_link"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotificationSettingsController_unsubscribePage"];
        put?: never;
        post: operations["NotificationSettingsController_unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top movers (1h / 24h / 7d), widest expected 24h ranges, ranges that widened since yesterday, breadth */
        get: operations["OverviewController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_list"];
        put?: never;
        post: operations["PortfoliosController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_get"];
        put?: never;
        post?: never;
        delete: operations["PortfoliosController_remove"];
        options?: never;
        head?: never;
        patch: operations["PortfoliosController_update"];
        trace?: never;
    };
    "/api/v1/portfolios/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/forecast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Forecast of the portfolio's value
         * @description 80 % and 90 % ranges of the value at 24h, 7d and 30d, 95 % value at risk and expected shortfall, and each holding’s share of the risk. Built from each coin’s served forecast quantiles joined by the coins’ joint daily history (an empirical copula); cash and stablecoins count without risk.
         */
        get: operations["PortfolioForecastController_forecast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/holdings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_holdings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PortfoliosController_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_performance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/rebalance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Drift from the target weights and the trades (with fees) that restore them */
        get: operations["PortfoliosController_rebalance"];
        put?: never;
        /** Record the suggested trades as transactions at the current time */
        post: operations["PortfoliosController_applyRebalance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Target weights for rebalancing */
        get: operations["PortfoliosController_getTargets"];
        /** Replace the target weights (they must add up to 100 %; an empty list clears them) */
        put: operations["PortfoliosController_setTargets"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PortfoliosController_listTransactions"];
        put?: never;
        post: operations["PortfoliosController_createTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolios/{id}/transactions/{txId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["PortfoliosController_deleteTransaction"];
        options?: never;
        head?: never;
        patch: operations["PortfoliosController_updateTransaction"];
        trace?: never;
    };
    "/api/v1/strategy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What trading on the served forecasts would have earned
         * @description Walk-forward over the last year of forecasts the product served for the coin (each made before its decision): a volatility-targeted exposure, a direction signal from the probability of a rise, and buy-and-hold, after 10 bp fees and 5 bp slippage per unit traded. status "insufficient" until enough forecasts were served (readyAt says when).
         */
        get: operations["StrategyController_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/watchlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Markets the caller starred */
        get: operations["WatchlistController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/watchlist/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Star a tracked market (starring it again changes nothing) */
        put: operations["WatchlistController_add"];
        post?: never;
        /** Unstar a market */
        delete: operations["WatchlistController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccountMailAnswerDto: {
            /** @description What happens next, for people */
            message: string;
        };
        AddMarketDto: {
            /**
             * @description Exchange of the market (default: the one in `symbol`, else the home exchange)
             * @example kraken
             */
            exchange?: string;
            /**
             * @description SOL/USDT, SOL-USDT or SOLUSDT; SOL/USDT@kraken (or `exchange`) for another exchange
             * @example SOL/USDT
             */
            symbol: string;
        };
        AlertEventDto: {
            id: string;
            message: string;
            /** @description Price (or portfolio value) that triggered the rule */
            price: string | null;
            triggeredAt: string;
        };
        AlertRuleDto: {
            /** @description null = the owner's default channels */
            channels: ("email" | "telegram")[] | null;
            cooldownMinutes: number;
            /** @description every-mode: no firing before this time */
            cooldownUntil: string | null;
            createdAt: string;
            /** @enum {string|null} */
            direction: "above" | "below" | null;
            /**
             * @description The market's exchange (null for portfolio_value)
             * @example binance
             */
            exchange: string | null;
            expiresAt: string | null;
            /** @description Whether a webhook secret exists (it is never shown again after creation) */
            hasWebhookSecret: boolean;
            horizon: string | null;
            id: string;
            lastTriggeredAt: string | null;
            /** @enum {string} */
            mode: "once" | "every";
            note: string | null;
            pct: number | null;
            portfolioId: string | null;
            probability: number | null;
            /** @enum {string} */
            status: "armed" | "triggered" | "paused" | "expired";
            /** @description Market id */
            symbol: string | null;
            threshold: string | null;
            triggerCount: number;
            /** @enum {string} */
            type: "price_above" | "price_below" | "crosses_up" | "crosses_down" | "pct_change" | "portfolio_value" | "forecast_move";
            updatedAt: string;
            /** @description HMAC-SHA256 key that signs this rule's webhooks: only in the answer that created it (POST /alerts, or the PATCH that added the webhook); null everywhere else. Rotate with POST /alerts/{id}/webhook-secret */
            webhookSecret: string | null;
            webhookUrl: string | null;
            windowMinutes: number | null;
        };
        ApiKeyDto: {
            createdAt: string;
            id: string;
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key */
            prefix: string;
            /** @enum {string} */
            scope: "read" | "write";
        };
        AppliedRebalanceDto: {
            transactions: components["schemas"]["TransactionDto"][];
        };
        ApplyRebalanceDto: {
            /** @description The suggested trades to record (as shown), all at the current time, in this order */
            trades: components["schemas"]["RebalanceTradeDto"][];
        };
        BacktestWindowDto: {
            /** @description The backtested copy was fitted on data up to here (ISO); null for old in-sample backtests */
            fittedUntil: string | null;
            /** @description First origin scored (ISO) */
            from: string;
            /** @description True when fitted before the window (out of sample) */
            outOfSample: boolean;
            /** @description Last target scored (ISO) */
            to: string;
        };
        BreadthDto: {
            down: number;
            /** @description Moved less than 0.01 % either way */
            flat: number;
            /** @description Markets with a known 24h change */
            total: number;
            /** @description Markets up over 24 hours */
            up: number;
            /**
             * @description Share of markets up (0–1); null when none is known
             * @example 0.65
             */
            upShare: number | null;
        };
        CalibrationPointDto: {
            /** @description The naive baseline's observed share on the same outcomes */
            naive: number;
            /** @description Nominal coverage of the central interval (0.5, 0.8, 0.9) */
            nominal: number;
            /** @description Observed share of outcomes inside it (0..1) */
            observed: number;
        };
        CandleDto: {
            /** @example 104591.88 */
            close: string;
            /** @description True when the candle was fetched after its close time (final values); false for the forming candle */
            closed: boolean;
            /** @example 104840 */
            high: string;
            /** @example 104473.2 */
            low: string;
            /** @example 104625.79 */
            open: string;
            /** @example 2025-05-31T23:00:00.000Z */
            openTime: string;
            /**
             * @description Base-asset volume
             * @example 360.75652
             */
            volume: string;
        };
        CandlesPageDto: {
            candles: components["schemas"]["CandleDto"][];
            /** @example binance */
            exchange: string;
            /** @description Pass as `from` to get the next page; null on the last page. */
            nextFrom: string | null;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /**
             * @description Market id
             * @example BTC/USDT
             */
            symbol: string;
            /** @enum {string} */
            timeframe: "1m" | "5m" | "1h" | "1d";
        };
        CashHoldingDto: {
            /** @example USDT */
            asset: string;
            /** @description Value, counted without risk */
            value: number;
        };
        CatalogueMarketDto: {
            /** @example SOL */
            base: string;
            /**
             * @description The exchange's own symbol
             * @example SOL/USDT
             */
            pair: string;
            /** @example USDT */
            quote: string;
            /**
             * @description Market id (SOL/USDT@kraken off the home exchange): what POST /markets/catalogue takes
             * @example SOL/USDT
             */
            symbol: string;
            /** @description Already tracked (backfilling or ingested) */
            tracked: boolean;
        };
        CatalogueSearchDto: {
            /** @example binance */
            exchange: string;
            /** @example Binance */
            exchangeName: string;
            markets: components["schemas"]["CatalogueMarketDto"][];
            /**
             * @description Markets matching, of which at most 50 are listed
             * @example 3
             */
            total: number;
        };
        ChangeEmailDto: {
            currentPassword: string;
            /** @example ada@example.org */
            newEmail: string;
        };
        ChangePasswordDto: {
            currentPassword: string;
            /** @description 10-128 characters, at least one letter and one digit */
            newPassword: string;
        };
        CoinDiagnosticsDto: {
            /** @example BTC/USDT */
            coin: string;
            coverage80: number | null;
            naiveCoverage80: number | null;
            relMae: number | null;
            relPinball: number | null;
            scored: number;
        };
        CoinForecastDto: {
            /**
             * @description The market's exchange
             * @example binance
             */
            exchange: string;
            horizons: components["schemas"]["HorizonForecastDto"][];
            /** @description Live price now (latest tick, else the newest forecast origin price) */
            lastPrice: number | null;
            /** @description Market time of the answer (ISO; the replay clock when replaying), for the forecasts' age */
            marketTime: string;
            /**
             * @description Market id (BTC/USDT@kraken off the home exchange)
             * @example BTC/USDT
             */
            symbol: string;
        };
        ConflictDraftDto: {
            asset: string;
            price: string;
            quantity: string;
            time: string;
            /** @enum {string} */
            type: "buy" | "sell" | "deposit" | "withdraw";
        };
        ConnectExchangeAccountDto: {
            /** @description The read-only API key */
            apiKey: string;
            /**
             * @description Exchange (see GET /exchange-accounts/exchanges)
             * @example binance
             */
            exchange: string;
            /**
             * @description A name to tell accounts apart
             * @example Binance main
             */
            label?: string;
            /** @description Portfolio the imported transactions go to */
            portfolioId: string;
            /** @description The API secret; stored encrypted and never returned */
            secret: string;
        };
        CreateAlertDto: {
            /** @description Where this alert is sent besides the in-app inbox: e-mail and/or Telegram; [] = nowhere else; null or absent = your default channels */
            channels?: ("email" | "telegram")[] | null;
            /**
             * @description every-mode: minutes before the rule may fire again (default 60)
             * @example 60
             */
            cooldownMinutes?: number;
            /**
             * @description portfolio_value: required; pct_change and forecast_move: up only / down only (default: either way)
             * @enum {string}
             */
            direction?: "above" | "below";
            /** @example 2030-01-01T00:00:00Z */
            expiresAt?: string | null;
            /**
             * @description forecast_move: forecast horizon (5m … 30d)
             * @example 24h
             * @enum {string}
             */
            horizon?: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
            /**
             * @description once: disarmed after firing; every: fires again after the cooldown
             * @default once
             * @enum {string}
             */
            mode: "once" | "every";
            note?: string | null;
            /**
             * @description pct_change: move in percent; forecast_move: size of the move (±X%)
             * @example 5
             */
            pct?: number;
            /** @description portfolio_value: the portfolio to watch */
            portfolioId?: string;
            /**
             * @description forecast_move: minimum probability in percent, 1–100 (70 = 70%)
             * @example 70
             */
            probability?: number;
            /**
             * @description Market (BTC/USDT, BTC-USDT or BTCUSDT; BTC/USDT@kraken on another exchange than the home one); not for portfolio_value
             * @example BTC/USDT
             */
            symbol?: string;
            /**
             * @description Price (or portfolio value) in the quote currency: a decimal string, or a JSON number (stored as its decimal string)
             * @example 65000
             */
            threshold?: string | number;
            /** @enum {string} */
            type: "price_above" | "price_below" | "crosses_up" | "crosses_down" | "pct_change" | "portfolio_value" | "forecast_move";
            /** @example https://example.com/hooks/coincast */
            webhookUrl?: string | null;
            /**
             * @description pct_change: window length in minutes
             * @example 60
             */
            windowMinutes?: number;
        };
        CreateApiKeyDto: {
            /** @example my trading script */
            name: string;
            /**
             * @description read: GET only; write: every route
             * @enum {string}
             */
            scope: "read" | "write";
        };
        CreatedApiKeyDto: {
            createdAt: string;
            id: string;
            /** @description The key itself. Shown once: only its hash is stored. */
            key: string;
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key */
            prefix: string;
            /** @enum {string} */
            scope: "read" | "write";
        };
        CreatePortfolioDto: {
            /**
             * @default USDT
             * @enum {string}
             */
            baseCurrency: "USD" | "USDT";
            /**
             * @description linked: buys debit and sells credit a cash balance in the base currency (deposit cash first); off: each trade is paid from outside
             * @default off
             * @enum {string}
             */
            cashMode: "off" | "linked";
            /**
             * @description How a sale picks the cost of the units sold
             * @default average
             * @enum {string}
             */
            costBasisMethod: "average" | "fifo";
            /** @example Long term */
            name: string;
        };
        CreateTransactionDto: {
            /**
             * @description Asset symbol of a tracked market (BTC for BTC/USDT), a fiat currency (USD, EUR) or a stablecoin (USDT, USDC)
             * @example BTC
             */
            asset: string;
            /** @description transfer_in/transfer_out between two own portfolios: the other portfolio (both sides are recorded) */
            counterpartyPortfolioId?: string;
            /** @example 1.25 */
            feeAmount?: string;
            /**
             * @description USD/USDT (a cash fee), the asset itself, or another held asset (e.g. BNB)
             * @example USDT
             */
            feeCurrency?: string;
            note?: string;
            /**
             * @description Unit price in the quote currency. buy/sell: trade price (> 0); deposit/transfer_in: cost basis per unit; income: 0 = zero cost or the market price at receipt
             * @example 42000.5
             */
            price?: string;
            /**
             * @description Positive decimal string
             * @example 0.5
             */
            quantity: string;
            /**
             * @description ISO 8601; not in the future
             * @example 2024-03-01T10:00:00Z
             */
            time: string;
            /** @enum {string} */
            type: "buy" | "sell" | "deposit" | "withdraw" | "transfer_in" | "transfer_out" | "fee" | "income";
        };
        DiagnosticsWindowDto: {
            fittedUntil: string | null;
            from: string;
            to: string;
        };
        EmailChannelDto: {
            address: string;
            /** @description False after an unsubscribe: no alert e-mails (account e-mails still go out) */
            enabled: boolean;
            /** @description Paused after repeated delivery failures */
            paused: boolean;
            /** @description False when the server has no SMTP server configured: e-mails are kept in its outbox and not sent */
            sending: boolean;
            /** @description The address was confirmed through the e-mailed link (required for e-mail alerts) */
            verified: boolean;
        };
        ExchangeAccountDto: {
            /**
             * @description The last characters of the API key, to tell keys apart
             * @example …x7Qa
             */
            apiKeyHint: string;
            createdAt: string;
            /** @example binance */
            exchange: string;
            /** @example Binance */
            exchangeName: string;
            id: string;
            label: string;
            lastSync: components["schemas"]["ExchangeSyncDto"] | null;
            lastSyncedAt: string | null;
            openConflicts: number;
            portfolioId: string;
            portfolioName: string;
            /**
             * @description needs_key: the exchange refused the key; connect a new one
             * @enum {string}
             */
            status: "active" | "needs_key";
            statusMessage: string | null;
        };
        ExchangeConflictDto: {
            createdAt: string;
            /** @description The exchange's row that was held back */
            exchangeRow: components["schemas"]["ConflictDraftDto"];
            id: string;
            /** @description Your transaction it resembles */
            manualTransactionId: string | null;
            /** @example Buy of 0.5 BTC */
            what: string;
        };
        ExchangeStatusDto: {
            /** @example binance */
            exchange: string;
            /** @description The home exchange: its markets are written without @exchange */
            home: boolean;
            /** @description What happened and what to do, for people */
            message: string | null;
            /** @example Binance */
            name: string;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /**
             * @description ok: answering; refused: it refuses this server (HTTP 451/403, region); unreachable: no answer; unknown: not asked yet
             * @enum {string}
             */
            state: "ok" | "refused" | "unreachable" | "unknown";
        };
        ExchangeSyncDto: {
            added: number;
            /** @description Rows held back because they look like one of your own entries */
            conflicts: number;
            createdAt: string;
            /** @description Rows already imported by an earlier sync */
            duplicates: number;
            error: string | null;
            /** @description Rows read from the exchange so far */
            fetched: number;
            finishedAt: string | null;
            id: string;
            /**
             * @description What a running sync is doing
             * @enum {string|null}
             */
            phase: "permissions" | "trades" | "deposits" | "withdrawals" | "importing" | null;
            skipped: components["schemas"]["SkippedRowDto"][];
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            /** @enum {string} */
            trigger: "manual" | "scheduled";
        };
        ExcludedHoldingDto: {
            asset: string;
            /** @enum {string} */
            reason: "no price" | "no forecast";
            value: number | null;
        };
        ExpectedRangeDto: {
            /** @example BTC */
            base: string;
            /** @description High end of the expected range in 24 hours (90 % quantile) */
            high: number;
            /** @description Price the forecast was made from */
            lastPrice: number;
            /** @description Low end of the expected range in 24 hours (10 % quantile) */
            low: number;
            /** @description When the forecast was made */
            originTime: string;
            /**
             * @description Width of that range as a percent of the price (8 in 10 outcomes expected inside it)
             * @example 6.4
             */
            rangePct: number;
            /** @example BTC/USDT */
            symbol: string;
        };
        ExplanationTermDto: {
            /**
             * @description What the term stands for: realised volatility of the last day / week / month / 6 hours, recent price swings (GARCH), the time of day and week, or the long-run level
             * @enum {string}
             */
            key: "lastDay" | "lastWeek" | "lastMonth" | "last6h" | "lastQuarter" | "garch" | "calendar" | "level";
            /** @description Plain-English label, e.g. "last week's volatility" */
            label: string;
            /** @description Contribution to ln(predicted variance / usual variance); the terms add up to totalLogVariance */
            logVariance: number;
            /** @description Effect of this term alone on the width of the range: exp(logVariance / 2) - 1 (0.1 = 10 % wider) */
            rangeEffect: number;
        };
        ForecastExplanationDto: {
            /**
             * @description Whose range is served: the model's, the average of the model's and the naive baseline's, or the naive baseline's own (historical moves)
             * @enum {string}
             */
            intervalSource: "model" | "blend" | "naive";
            /** @description How much wider (+) or narrower (-) than usual the model's range is: exp(totalLogVariance / 2) - 1 */
            rangeVsUsual: number;
            /**
             * @description Volatility model setting the scale ('none': the naive baseline, no model scale)
             * @enum {string}
             */
            scale: "har" | "garch" | "none";
            /** @description Predicted sd of the log return to targetTime (null without a model scale) */
            sd: number | null;
            /** @description Contributions, largest first (empty when scale is none) */
            terms: components["schemas"]["ExplanationTermDto"][];
            /** @description ln(predicted variance / the coin's usual predicted variance) = sum of the terms */
            totalLogVariance: number;
            /** @description Days of past origins "usual" is measured over (up to 365) */
            usualDays: number;
            /** @description How "usual" is defined */
            usualDefinition: string;
            /** @description The usual sd (exp of the mean log sd over the past year) */
            usualSd: number | null;
        };
        ForecastHistoryRowDto: {
            /** @description Close at targetTime once known */
            actual: number | null;
            /** @description The naive baseline's point forecast from the same origin */
            naivePoint: number | null;
            originTime: string;
            p10: number;
            p90: number;
            point: number;
            targetTime: string;
        };
        ForecastSummaryDto: {
            /** @description The serving model's out-of-sample backtest at this horizon (null for naive) */
            backtest: components["schemas"]["HorizonBacktestDto"] | null;
            /**
             * @description The market's exchange
             * @example binance
             */
            exchange: string;
            /** @description Why the range is as wide as it is, relative to the coin's usual level (coin endpoint only; null when the model has no explanation) */
            explanation?: components["schemas"]["ForecastExplanationDto"] | null;
            /** @enum {string} */
            horizon: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
            /** @description True when the quantiles equal the naive baseline's (historical moves of this coin) */
            intervalIsNaive: boolean;
            /** @description Close price at originTime (what "no change" means) */
            lastPrice: number;
            /** @description Model version that made it (`naive` = the baseline) */
            modelVersion: string;
            /** @description Close time of the last CLOSED candle the forecast starts from (ISO) */
            originTime: string;
            /** @description Point forecast of the close at targetTime (the median) */
            point: number;
            /** @description True when the point equals the naive baseline's (the last price): no model has beaten "no change" */
            pointIsNaive: boolean;
            /** @description P(close at targetTime > lastPrice), read from the quantiles (0..1) */
            probabilityUp: number;
            /** @description Quantiles of the close at targetTime: [0.1, 0.9] is the 80 % range, [0.05, 0.95] the 90 % range */
            quantiles: components["schemas"]["QuantilesDto"];
            /** @description How this coin and horizon did over the last 30 days */
            skill: components["schemas"]["SkillDto"];
            /** @description True when a newer slot should exist by now (the forecast is older than two candles) */
            stale: boolean;
            /**
             * @description Market id (BTC/USDT@kraken off the home exchange)
             * @example BTC/USDT
             */
            symbol: string;
            /** @description Time the forecast is for: originTime + horizon (ISO) */
            targetTime: string;
        };
        ForgotPasswordDto: {
            /** @example ada@example.com */
            email: string;
        };
        GuardStepDto: {
            /**
             * @description What the guard decided: the model's, naive's, or the average of both (interval only)
             * @enum {string}
             */
            decision: "model" | "naive" | "blend";
            /** @description Roughly the number of non-overlapping validation outcomes */
            effectiveN: number;
            /** @description Mean relative loss difference against naive (-0.03 = 3 % lower) */
            meanLossDiff: number;
            significant: boolean;
            /** @description Diebold-Mariano statistic against naive (negative = better) */
            statistic: number | null;
        };
        HoldingDto: {
            /** @description Percent of total value */
            allocationPct: number;
            asset: string;
            averageCost: string;
            costBasis: string;
            /** @enum {string} */
            kind: "crypto" | "stablecoin" | "fiat";
            /** @description null when no price is known */
            price: string | null;
            /**
             * @description UTC day of the stored close a stale price comes from
             * @example 2025-05-30
             */
            priceAsOfDay: string | null;
            /**
             * @description market: valued at a market price; par: a stablecoin without a tracked market valued at 1 (or USD/USDT themselves); none: no price known
             * @enum {string}
             */
            priceSource: "market" | "par" | "none";
            /** @description true when price is not live but the last stored daily close (the market is no longer tracked, or no tick arrived recently) */
            priceStale: boolean;
            quantity: string;
            realizedPnl: string;
            unrealizedPnl: string | null;
            value: string | null;
        };
        HoldingRiskDto: {
            /** @example BTC */
            asset: string;
            /**
             * @description forecast: the coin's served forecast quantiles; history: no forecast is served, its own past returns stand in
             * @enum {string}
             */
            basis: "forecast" | "history";
            /** @description The holding's part of the expected shortfall (Euler contribution), in the portfolio currency */
            expectedShortfall: number;
            /** @description Share of the portfolio expected shortfall, 0..1 (the shares sum to 1; a hedge can be negative) */
            share: number;
            /** @description Value now, in the portfolio currency */
            value: number;
        };
        HoldingsDto: {
            /** @enum {string} */
            baseCurrency: "USD" | "USDT";
            holdings: components["schemas"]["HoldingDto"][];
            /** @description Realised P&L of all sales, minus cash fees not attached to a trade */
            realizedPnl: string;
            totalCost: string;
            totalValue: string;
            unrealizedPnl: string;
        };
        HorizonBacktestDto: {
            coverage80: number | null;
            /** @description The backtested copy saw data up to here only (ISO) */
            fittedUntil: string | null;
            /** @description First origin of the out-of-sample window (ISO) */
            from: string;
            naiveCoverage80: number | null;
            relPinball: number | null;
            scored: number;
            /** @description Coverage by volatility tercile (calm → volatile) */
            terciles?: components["schemas"]["TercileCoverageDto"][];
            /** @description End of the window: last target scored (ISO) */
            to: string;
        };
        HorizonDiagnosticsDto: {
            /** @description Nominal vs observed coverage at 50 / 80 / 90 % (empty for older models) */
            calibration: components["schemas"]["CalibrationPointDto"][];
            coverage80: number | null;
            /** @enum {string} */
            horizon: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
            naiveCoverage80: number | null;
            /** @description Mean absolute error / naive's on the same outcomes */
            relMae: number | null;
            /** @description Pinball loss / naive's on the same outcomes */
            relPinball: number | null;
            /** @description Out-of-sample forecasts scored */
            scored: number;
            /** @description Coverage of the 80 % interval by volatility tercile (calm → volatile) */
            terciles: components["schemas"]["TercileCoverageDto"][];
            /** @description Members' weights and the guard's decisions (null for models without them) */
            training: components["schemas"]["HorizonTrainingDto"] | null;
        };
        HorizonForecastDto: {
            /** @description The serving model's out-of-sample backtest at this horizon (null for naive) */
            backtest: components["schemas"]["HorizonBacktestDto"] | null;
            /** @description Why the range is as wide as it is, relative to the coin's usual level (coin endpoint only; null when the model has no explanation) */
            explanation?: components["schemas"]["ForecastExplanationDto"] | null;
            /** @enum {string} */
            horizon: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
            /** @description True when the quantiles equal the naive baseline's (historical moves of this coin) */
            intervalIsNaive: boolean;
            /** @description Close price at originTime (what "no change" means) */
            lastPrice: number;
            /** @description Model version that made it (`naive` = the baseline) */
            modelVersion: string;
            /** @description Close time of the last CLOSED candle the forecast starts from (ISO) */
            originTime: string;
            /** @description Point forecast of the close at targetTime (the median) */
            point: number;
            /** @description True when the point equals the naive baseline's (the last price): no model has beaten "no change" */
            pointIsNaive: boolean;
            /** @description P(close at targetTime > lastPrice), read from the quantiles (0..1) */
            probabilityUp: number;
            /** @description Quantiles of the close at targetTime: [0.1, 0.9] is the 80 % range, [0.05, 0.95] the 90 % range */
            quantiles: components["schemas"]["QuantilesDto"];
            /** @description How this coin and horizon did over the last 30 days */
            skill: components["schemas"]["SkillDto"];
            /** @description True when a newer slot should exist by now (the forecast is older than two candles) */
            stale: boolean;
            /** @description Time the forecast is for: originTime + horizon (ISO) */
            targetTime: string;
        };
        HorizonTrainingDto: {
            interval: components["schemas"]["GuardStepDto"] | null;
            members: components["schemas"]["MemberWeightDto"][];
            naiveMae: number | null;
            point: components["schemas"]["GuardStepDto"] | null;
            /** @description Share of the members' combined point kept (0 = naive's point) */
            shrink: number;
            tails: components["schemas"]["TailBlendDto"] | null;
            validationOrigins: number;
        };
        ImportDto: {
            /** @description The CSV text (see README for the columns of each preset) */
            csv: string;
            /**
             * @description Only report what would be added
             * @default false
             */
            dryRun: boolean;
            /**
             * @default coincast
             * @enum {string}
             */
            preset: "coincast" | "binance";
        };
        ImportErrorDto: {
            /** @description Line number in the file (the header is line 1) */
            line: number;
            message: string;
        };
        ImportResultDto: {
            /** @description Rows written (absent on a dry run) */
            added?: number;
            /** @description Rows already imported (same content) */
            duplicates: number;
            errors: components["schemas"]["ImportErrorDto"][];
            /** @description Valid rows not imported before */
            toAdd: number;
            /** @description Data rows read */
            total: number;
        };
        LiveDayDto: {
            coverage80: number;
            /** @description UTC day of the targets (ISO date) */
            day: string;
            /** @enum {string} */
            group: "hourly" | "daily" | "intraday";
            /** @description Served forecasts' pinball / naive's that day */
            relPinball: number | null;
            scored: number;
        };
        LoginDto: {
            /** @example ada@example.com */
            email: string;
            password: string;
        };
        LossCurveDto: {
            /** @description Training loss (pinball) per epoch */
            loss: number[];
            /**
             * @description Neural member
             * @example gru
             */
            member: string;
        };
        MarketBackfillDto: {
            /** @description Why the backfill gave up (the regular candle sync keeps catching up) */
            error: string | null;
            /** @description Seconds left at the pace so far; null before there is a pace, or when done */
            etaSeconds: number | null;
            /**
             * @description Candles a full backfill fetches (fewer when the market is younger than the depth)
             * @example 20000
             */
            expected: number;
            /**
             * @description Candles fetched so far (all timeframes)
             * @example 12000
             */
            fetched: number;
            /**
             * @description Share done, 0 to 100
             * @example 42.5
             */
            percent: number;
        };
        MarketDto: {
            /** @description The backfill of a market an admin added (null for the seeded ones) */
            backfill: components["schemas"]["MarketBackfillDto"] | null;
            /** @example BTC */
            base: string;
            /** @description Percent change over 24 hours */
            change24h: number | null;
            /**
             * @description ccxt id of the exchange (or replay)
             * @example binance
             */
            exchange: string;
            /** @example Binance */
            exchangeName: string;
            /**
             * @description Days of hourly history stored
             * @example 730.5
             */
            historyDays: number;
            /** @description Time of the last price update */
            lastUpdate: string | null;
            /**
             * @description The exchange's own symbol of the pair
             * @example BTC/USDT
             */
            pair: string;
            price: string | null;
            /** @example USDT */
            quote: string;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /**
             * @description backfilling: its history is being fetched; collecting: ingested, but less history than forecasts need; forecasting: in every forecast slot
             * @enum {string}
             */
            stage: "backfilling" | "collecting" | "forecasting";
            /**
             * @description Market id: the pair on the home exchange, `BTC/USDT@kraken` on another; every market endpoint takes it (`BTC-USDT@kraken` in paths)
             * @example BTC/USDT
             */
            symbol: string;
            /** @description 24h volume, base-asset units */
            volume24h: string | null;
        };
        MarketsListDto: {
            /**
             * @description The home exchange
             * @example binance
             */
            exchange: string;
            /** @description Every configured exchange (home first) with its health */
            exchanges: components["schemas"]["ExchangeStatusDto"][];
            /**
             * @description Days of hourly history a market needs stored before forecasts start
             * @example 2
             */
            forecastMinHistoryDays: number;
            markets: components["schemas"]["MarketDto"][];
            /**
             * @description The home exchange's source
             * @enum {string}
             */
            source: "ccxt" | "replay";
        };
        MemberWeightDto: {
            /** @example ridge */
            member: string;
            /** @description Validation mean absolute error of the standardised return */
            validationMae: number | null;
            /** @description Weight in the combined point forecast (0: did not beat naive on validation) */
            weight: number;
        };
        ModelDiagnosticsDto: {
            /** @description False for models registered before diagnostics were stored (no calibration curve, no per-coin table) and for naive */
            complete: boolean;
            /** @enum {string} */
            horizonGroup: "hourly" | "daily" | "intraday";
            horizons: components["schemas"]["HorizonDiagnosticsDto"][];
            lossCurves: components["schemas"]["LossCurveDto"][];
            modelId: string;
            perCoin: components["schemas"]["CoinDiagnosticsDto"][];
            version: string;
            /** @description Out-of-sample backtest window */
            window: components["schemas"]["DiagnosticsWindowDto"] | null;
        };
        ModelDto: {
            /** @description Out-of-sample backtest at registration: relPinball, coverage80, per-horizon figures, paired test vs naive */
            backtest: {
                [key: string]: unknown;
            };
            backtestWindow: components["schemas"]["BacktestWindowDto"] | null;
            createdAt: string;
            /** @enum {string} */
            horizonGroup: "hourly" | "daily" | "intraday";
            id: string;
            /** @description Live metrics over 7 and 30 days, pooled over coins with errors relative to the origin price */
            live: {
                [key: string]: unknown;
            };
            previousChampionId: string | null;
            promotedAt: string | null;
            retiredAt: string | null;
            /** @enum {string} */
            status: "champion" | "challenger" | "retired";
            /** @description Training data ends here: the close of the last closed hourly candle (ISO) */
            trainedUntil: string | null;
            /** @example ensemble */
            type: string;
            version: string;
        };
        ModelEventDto: {
            at: string;
            /** @description Figures behind the decision (evidence: basis, against, scored, effectiveN, ratio, statistic, needed, window) */
            details: {
                [key: string]: unknown;
            };
            horizonGroup: string | null;
            /** @example promoted */
            kind: string;
            modelId: string | null;
            reason: string;
        };
        ModelsDto: {
            events: components["schemas"]["ModelEventDto"][];
            /** @description Live relPinball of the served forecasts per group and day, last 60 days */
            liveByDay: components["schemas"]["LiveDayDto"][];
            models: components["schemas"]["ModelDto"][];
        };
        ModelTransitionDto: {
            /** @enum {string} */
            horizonGroup: "hourly" | "daily" | "intraday";
            /** @description The model that is champion of the group after the transition */
            id: string;
            /** @enum {string} */
            status: "champion" | "challenger" | "retired";
            version: string;
        };
        MoverDto: {
            /** @example BTC */
            base: string;
            /**
             * @description Change over the window, percent
             * @example 3.12
             */
            changePct: number;
            /**
             * @description Last hourly close
             * @example 104250.5
             */
            price: number;
            /** @example BTC/USDT */
            symbol: string;
        };
        MoversDto: {
            /** @description Biggest rises first (only markets that rose) */
            gainers: components["schemas"]["MoverDto"][];
            /** @description Biggest falls first (only markets that fell) */
            losers: components["schemas"]["MoverDto"][];
            /** @enum {string} */
            window: "1h" | "24h" | "7d";
        };
        NewsFeedDto: {
            consecutiveFailures: number;
            /** @description Stories stored from this feed */
            items: number;
            /** @description Why the last fetch failed, in words (null while it works) */
            lastError: string | null;
            lastErrorAt: string | null;
            lastFetchedAt: string | null;
            lastSuccessAt: string | null;
            /**
             * @description waiting: not fetched yet; failing: the last fetch failed
             * @enum {string}
             */
            status: "waiting" | "ok" | "failing";
            /** @description The feed’s own title, or its host before the first fetch */
            title: string;
            url: string;
        };
        NewsFeedsDto: {
            configured: boolean;
            /** @description Minutes between fetches (NEWS_FETCH_MINUTES; 0: not scheduled) */
            everyMinutes: number;
            feeds: components["schemas"]["NewsFeedDto"][];
            hint: string | null;
        };
        NewsItemDto: {
            /**
             * @description Coins the story is about (bases)
             * @example [
             *       "BTC"
             *     ]
             */
            coins: string[];
            id: string;
            /**
             * @description The story at its source (http or https only)
             * @example https://example.com/markets/bitcoin-100k
             */
            link: string;
            /** @example 2026-12-02T15:04:00.000Z */
            publishedAt: string;
            /**
             * @description Title of the feed it came from
             * @example CoinDesk
             */
            source: string;
            /** @description Plain-text summary, shortened */
            summary: string | null;
            /** @example Bitcoin climbs above $100,000 */
            title: string;
        };
        NewsListDto: {
            /** @example BTC */
            coin: string | null;
            /** @description How many feeds NEWS_FEEDS configures (0: no news is fetched) */
            feedsConfigured: number;
            /** @description With no feeds configured: how to add some */
            hint: string | null;
            items: components["schemas"]["NewsItemDto"][];
            /**
             * @description The market asked for, if any
             * @example BTC/USDT
             */
            symbol: string | null;
        };
        NotificationDto: {
            /** @description The alert that produced it (null once the alert is deleted) */
            alertId: string | null;
            body: string;
            createdAt: string;
            id: string;
            readAt: string | null;
            title: string;
        };
        NotificationListDto: {
            items: components["schemas"]["NotificationDto"][];
            /** @description Unread notifications in total (not only in this page) */
            unread: number;
        };
        NotificationSettingsDto: {
            /** @description Channels of alerts that do not choose their own (the in-app inbox always gets every alert) */
            defaultChannels: ("email" | "telegram")[];
            email: components["schemas"]["EmailChannelDto"];
            /** @description Messages per hour per channel before the rest are held for one digest */
            hourlyCap: number;
            /** @example 07:00 */
            quietEnd: string | null;
            /**
             * @description Start of quiet hours (HH:MM, in timeZone); null = none
             * @example 22:00
             */
            quietStart: string | null;
            telegram: components["schemas"]["TelegramChannelDto"];
            /** @example Europe/Paris */
            timeZone: string;
        };
        OptionalRefreshDto: {
            /** @description Omit when the refresh cookie is sent (dashboard, with the x-refresh-cookie header) */
            refreshToken?: string;
        };
        OverviewDto: {
            breadth: components["schemas"]["BreadthDto"];
            generatedAt: string;
            /** @description Tracked markets */
            markets: number;
            movers: components["schemas"]["MoversDto"][];
            /** @description Expected 24h ranges that widened most since the forecast a day earlier */
            widenedRanges: components["schemas"]["WidenedRangeDto"][];
            /** @description Widest expected 24h range (most volatile by the forecast) first */
            widestRanges: components["schemas"]["ExpectedRangeDto"][];
        };
        PerformanceDto: {
            /** @description Money-weighted return: annualised for ranges ≥ 1 year */
            irr: number | null;
            series: components["schemas"]["PerformancePointDto"][];
            /** @description Time-weighted return of the range (0.1 = +10%) */
            twr: number;
        };
        PerformancePointDto: {
            /** @description The same cash flows invested in BTC */
            benchmarkValue: string | null;
            /** @example 2024-03-01 */
            date: string;
            /** @description Value at the day close (today: at the latest price) */
            value: string;
        };
        PortfolioDto: {
            /** @enum {string} */
            baseCurrency: "USD" | "USDT";
            /** @enum {string} */
            cashMode: "off" | "linked";
            /** @enum {string} */
            costBasisMethod: "average" | "fifo";
            createdAt: string;
            id: string;
            name: string;
            updatedAt: string;
        };
        PortfolioForecastDto: {
            /** @description When the forecast was made (ISO 8601) */
            asOf: string;
            baseCurrency: string;
            cash: components["schemas"]["CashHoldingDto"][];
            /** @description Holdings left out of the forecast, and why */
            excluded: components["schemas"]["ExcludedHoldingDto"][];
            horizons: components["schemas"]["PortfolioHorizonForecastDto"][];
            /** @description Cash and stablecoins, counted at their value without risk */
            riskless: number;
            /** @description Value now of what the forecast covers (cash and forecast coins) */
            value: number;
        };
        PortfolioHorizonForecastDto: {
            contributions: components["schemas"]["HoldingRiskDto"][];
            /**
             * @description historical: co-movement from the coins’ joint daily history; comonotonic: too little shared history, coins taken to move together fully; none: at most one coin
             * @enum {string}
             */
            dependence: "historical" | "comonotonic" | "none";
            /** @description Mean loss in the worst 5 % of scenarios, in the portfolio currency */
            expectedShortfall95: number;
            /** @description Upper end of the 80 % range (90 % quantile) */
            high80: number;
            /** @description Upper end of the 90 % range (95 % quantile) */
            high90: number;
            /** @enum {string} */
            horizon: "24h" | "7d" | "30d";
            /** @description Lower end of the 80 % range (10 % quantile) */
            low80: number;
            /** @description Lower end of the 90 % range of the portfolio value (5 % quantile) */
            low90: number;
            /** @description Median portfolio value */
            median: number;
            /** @description Joint scenarios the range is computed from */
            scenarios: number;
            /** @description When the horizon ends (ISO 8601) */
            targetTime: string;
            /** @description Loss not exceeded with 95 % probability, in the portfolio currency (0 = no risk) */
            valueAtRisk95: number;
        };
        QuantilesDto: {
            0.1: number;
            0.05: number;
            0.5: number;
            0.9: number;
            0.25: number;
            0.75: number;
            0.95: number;
        };
        RebalancePlanDto: {
            baseCurrency: string;
            /** @enum {string} */
            cashMode: "off" | "linked";
            /** @description Fee used, in percent of each trade */
            feePct: number;
            /** @description Largest drift from a target, in percentage points */
            maxDriftPct: number;
            /** @description Largest drift first */
            rows: components["schemas"]["RebalanceRowDto"][];
            /** @description Fees of all suggested trades, in the base currency */
            totalFees: string;
            totalValue: string;
            /** @description Sales first, then purchases, then a cash deposit or withdrawal */
            trades: components["schemas"]["RebalanceTradeDto"][];
        };
        RebalanceRowDto: {
            asset: string;
            /** @description Weight now, in percent */
            currentPct: number;
            /** @description Current minus target, in percentage points (positive = overweight) */
            driftPct: number;
            /** @description Target weight, in percent */
            targetPct: number;
            /** @description Value now, in the base currency */
            value: string;
        };
        RebalanceTradeDto: {
            /** @example BTC */
            asset: string;
            /**
             * @description Fee in the base currency (0 for deposits and withdrawals)
             * @example 0.6
             */
            fee: string;
            /**
             * @description Unit price in the base currency
             * @example 60000
             */
            price: string;
            /** @example 0.01 */
            quantity: string;
            /** @enum {string} */
            type: "buy" | "sell" | "deposit" | "withdraw";
        };
        RegisterDto: {
            /** @example ada@example.com */
            email: string;
            /**
             * @description 10-128 characters, at least one letter and one digit
             * @example correct horse 42
             */
            password: string;
        };
        ReplaceExchangeKeyDto: {
            /** @description The new read-only API key */
            apiKey: string;
            /** @description Its secret; stored encrypted and never returned */
            secret: string;
        };
        ResetPasswordDto: {
            /** @description 10-128 characters, at least one letter and one digit */
            newPassword: string;
            /** @description The token of the e-mailed link (?token=…) */
            token: string;
        };
        ResolveConflictDto: {
            /**
             * @description import: add the exchange's row as well; keep-manual: keep only your entry
             * @enum {string}
             */
            action: "import" | "keep-manual";
        };
        RetrainAcceptedDto: {
            jobId: string;
            message: string;
        };
        SessionDto: {
            /** @description JWT, send as Authorization: Bearer */
            accessToken: string;
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            /** @description Opaque; single use: every refresh returns a new one. Empty in the cookie flow (the token is in the httpOnly cookie) */
            refreshToken: string;
            user: components["schemas"]["UserDto"];
        };
        SetTargetsDto: {
            /** @description All target weights (replacing the previous ones); they must add up to 100. An empty list clears them. */
            targets: components["schemas"]["TargetWeightDto"][];
        };
        SkillDto: {
            /** @description Nominal vs observed coverage at 50 / 80 / 90 % */
            calibration: components["schemas"]["CalibrationPointDto"][];
            /** @description Share of outcomes inside the 80 % interval [0.1, 0.9] (0..1) */
            coverage80: number | null;
            /** @description The naive baseline's 80 % coverage on the same outcomes */
            naiveCoverage80: number | null;
            /** @description Pinball loss / the naive baseline's on the same outcomes (below 1: better than "no change") */
            relPinball: number | null;
            /** @description Scored forecasts of this coin and horizon whose target fell in the last 30 days (served ones, naive beside each) */
            scored: number;
        };
        SkippedRowDto: {
            reason: string;
            time: string;
            /** @example Deposit of 100 USDT */
            what: string;
        };
        StrategyCostsDto: {
            /** @description Exchange fee per unit of turnover, basis points */
            feeBp: number;
            /** @description Slippage per unit of turnover, basis points */
            slippageBp: number;
        };
        StrategyEquityPointDto: {
            /** @description Equity of buy-and-hold (start = 1) */
            buyAndHold: number;
            /** @description Equity of the direction signal (start = 1) */
            direction: number;
            /** @description Time (ISO 8601) */
            time: string;
            /** @description Equity of the volatility-targeted strategy (start = 1) */
            volTarget: number;
        };
        StrategyReportDto: {
            costs: components["schemas"]["StrategyCostsDto"];
            /** @description Decisions that had a served forecast */
            decisions: number;
            /** @description Equity curves, at most 400 points */
            equity: components["schemas"]["StrategyEquityPointDto"][];
            /** @description First decision (ISO 8601) */
            from: string | null;
            /** @enum {string} */
            horizon: "1h" | "4h" | "24h";
            /** @description Market time the report was computed at (ISO 8601) */
            marketTime: string;
            /** @description When enough forecasts will have been served, if the forecasts keep running (ISO 8601) */
            readyAt: string | null;
            /** @description Decisions needed before the figures are shown */
            requiredDecisions: number;
            settings: components["schemas"]["StrategySettingsDto"];
            /**
             * @description insufficient: too few served forecasts yet; see requiredDecisions and readyAt
             * @enum {string}
             */
            status: "ready" | "insufficient";
            /** @description Empty while status is insufficient */
            strategies: components["schemas"]["StrategyResultDto"][];
            /** @example BTC/USDT */
            symbol: string;
            /** @description End of the last period (ISO 8601) */
            to: string | null;
            /** @description Each strategy against buy-and-hold */
            verdicts: components["schemas"]["StrategyVerdictDto"][];
        };
        StrategyResultDto: {
            /** @description Mean exposure (share of the equity in the coin) */
            averageExposure: number;
            /** @description Compound annual growth rate after costs (0.12 = 12 % a year) */
            cagr: number;
            /** @description Fees and slippage paid over the window, as return given up */
            costs: number;
            /** @description What the strategy does, in words */
            description: string;
            /** @description Share of the time invested (0..1) */
            exposureShare: number;
            /** @enum {string} */
            key: "vol-target" | "direction" | "buy-and-hold";
            /** @example Volatility-targeted */
            label: string;
            /** @description Largest fall from a previous high (0.25 = 25 %) */
            maxDrawdown: number;
            /** @description Annualised Sharpe ratio (risk-free rate 0); null without any variation */
            sharpe: number | null;
            /** @description Annualised Sortino ratio; null without a losing period */
            sortino: number | null;
            /** @description Return over the whole window after costs */
            totalReturn: number;
            /** @description Decisions at which something was traded */
            trades: number;
            /** @description Turnover per year (1 = the whole equity bought or sold once) */
            turnover: number;
            /** @description Annualised volatility of the returns */
            volatility: number;
        };
        StrategySettingsDto: {
            /** @description Largest exposure the volatility target may take (1 = fully invested, no leverage) */
            maxExposure: number;
            /** @description Changes of exposure smaller than this share of the equity are not traded */
            rebalanceBand: number;
            /** @description Annualised volatility the volatility-targeted exposure aims at (0.5 = 50 %) */
            targetVol: number;
            /** @description The direction signal is invested when the probability of a rise exceeds this (0..1) */
            upThreshold: number;
        };
        StrategyVerdictDto: {
            /** @description Higher compound annual growth than buy-and-hold */
            beatsOnReturn: boolean;
            /** @description Higher Sharpe ratio than buy-and-hold */
            beatsOnSharpe: boolean;
            /** @enum {string} */
            key: "vol-target" | "direction";
            /** @description The comparison in one sentence */
            sentence: string;
        };
        SupportedExchangeDto: {
            /** @description Whether a key with trading or withdrawal rights is detected and refused */
            checksPermissions: boolean;
            /** @example binance */
            id: string;
            /** @example Binance */
            name: string;
        };
        TailBlendDto: {
            member: string;
            /** @description Weight of the member's tails in the 80 % interval */
            weight: number;
        };
        TargetsDto: {
            targets: components["schemas"]["TargetWeightDto"][];
        };
        TargetWeightDto: {
            /**
             * @description A tracked coin, a fiat currency or a stablecoin (the base currency is the cash target)
             * @example BTC
             */
            asset: string;
            /**
             * @description Target weight in percent (0-100, up to 4 decimals), as a decimal string
             * @example 60
             */
            weightPct: string;
        };
        TelegramChannelDto: {
            /** @description The server has a Telegram bot configured */
            available: boolean;
            linked: boolean;
            /** @description Paused after repeated delivery failures */
            paused: boolean;
        };
        TelegramLinkDto: {
            expiresAt: string;
            /**
             * @description Open it in Telegram and press Start; works once
             * @example https://t.me/CoincastBot?start=Zx9…
             */
            url: string;
        };
        TercileCoverageDto: {
            /** @description Coverage of the 80 % interval in this volatility tercile (calm, middle, volatile) */
            coverage80: number;
            naiveCoverage80: number;
            origins: number;
        };
        TickerDto: {
            /**
             * @description Percent change over 24 hours
             * @example -1.23
             */
            change24h: number;
            /** @example binance */
            exchange: string;
            /** @example 104591.88 */
            price: string;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /**
             * @description Market id
             * @example BTC/USDT
             */
            symbol: string;
            /** @example 2026-11-23T14:00:00.000Z */
            timestamp: string;
            /**
             * @description 24h volume, base-asset units
             * @example 18234.5
             */
            volume24h: string;
        };
        TrackedMarketDto: {
            /** @example 2026-12-03T10:00:00.000Z */
            addedAt: string;
            backfill: components["schemas"]["MarketBackfillDto"] | null;
            /** @example SOL */
            base: string;
            /** @example binance */
            exchange: string;
            /** @example Binance */
            exchangeName: string;
            /**
             * @description Days of hourly history stored
             * @example 0
             */
            historyDays: number;
            /** @example SOL/USDT */
            pair: string;
            /** @example USDT */
            quote: string;
            /** @enum {string} */
            stage: "backfilling" | "collecting" | "forecasting";
            /**
             * @description Market id
             * @example SOL/USDT
             */
            symbol: string;
        };
        TransactionDto: {
            asset: string;
            counterpartyPortfolioId: string | null;
            createdAt: string;
            feeAmount: string | null;
            feeCurrency: string | null;
            id: string;
            note: string | null;
            portfolioId: string;
            price: string;
            quantity: string;
            /** @enum {string} */
            source: "manual" | "import";
            time: string;
            transferId: string | null;
            /** @enum {string} */
            type: "buy" | "sell" | "deposit" | "withdraw" | "transfer_in" | "transfer_out" | "fee" | "income";
        };
        UpdateAlertDto: {
            /** @description Where this alert is sent besides the in-app inbox: e-mail and/or Telegram; [] = nowhere else; null or absent = your default channels */
            channels?: ("email" | "telegram")[] | null;
            /**
             * @description every-mode: minutes before the rule may fire again (default 60)
             * @example 60
             */
            cooldownMinutes?: number;
            /**
             * @description portfolio_value: required; pct_change and forecast_move: up only / down only (default: either way)
             * @enum {string}
             */
            direction?: "above" | "below";
            /** @example 2030-01-01T00:00:00Z */
            expiresAt?: string | null;
            /**
             * @description forecast_move: forecast horizon (5m … 30d)
             * @example 24h
             * @enum {string}
             */
            horizon?: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
            /**
             * @description once: disarmed after firing; every: fires again after the cooldown
             * @default once
             * @enum {string}
             */
            mode: "once" | "every";
            note?: string | null;
            /**
             * @description pct_change: move in percent; forecast_move: size of the move (±X%)
             * @example 5
             */
            pct?: number;
            /** @description portfolio_value: the portfolio to watch */
            portfolioId?: string;
            /**
             * @description forecast_move: minimum probability in percent, 1–100 (70 = 70%)
             * @example 70
             */
            probability?: number;
            /**
             * @description Market (BTC/USDT, BTC-USDT or BTCUSDT; BTC/USDT@kraken on another exchange than the home one); not for portfolio_value
             * @example BTC/USDT
             */
            symbol?: string;
            /**
             * @description Price (or portfolio value) in the quote currency: a decimal string, or a JSON number (stored as its decimal string)
             * @example 65000
             */
            threshold?: string | number;
            /** @enum {string} */
            type?: "price_above" | "price_below" | "crosses_up" | "crosses_down" | "pct_change" | "portfolio_value" | "forecast_move";
            /** @example https://example.com/hooks/coincast */
            webhookUrl?: string | null;
            /**
             * @description pct_change: window length in minutes
             * @example 60
             */
            windowMinutes?: number;
        };
        UpdateNotificationSettingsDto: {
            defaultChannels?: ("email" | "telegram")[];
            /** @description true: alert e-mails again after an unsubscribe */
            emailEnabled?: boolean;
            hourlyCap?: number;
            /** @example 07:00 */
            quietEnd?: string | null;
            /** @example 22:00 */
            quietStart?: string | null;
            /** @description Resume these paused channels */
            resume?: ("email" | "telegram")[];
            /**
             * @description IANA time zone of the quiet hours
             * @example Europe/Paris
             */
            timeZone?: string;
        };
        UpdatePortfolioDto: {
            /** @enum {string} */
            baseCurrency?: "USD" | "USDT";
            /**
             * @description linked: buys debit and sells credit a cash balance in the base currency (deposit cash first); off: each trade is paid from outside
             * @default off
             * @enum {string}
             */
            cashMode: "off" | "linked";
            /**
             * @description Changing it recomputes all realised P&L
             * @enum {string}
             */
            costBasisMethod?: "average" | "fifo";
            /** @example Long term */
            name?: string;
        };
        UpdateTransactionDto: {
            asset?: string;
            feeAmount?: string | null;
            feeCurrency?: string | null;
            note?: string | null;
            price?: string;
            quantity?: string;
            time?: string;
            /** @enum {string} */
            type?: "buy" | "sell" | "deposit" | "withdraw" | "transfer_in" | "transfer_out" | "fee" | "income";
        };
        UserDto: {
            createdAt: string;
            email: string;
            id: string;
            isAdmin: boolean;
            /** @enum {string} */
            role: "user" | "admin";
        };
        VerifiedEmailDto: {
            email: string;
            verified: boolean;
        };
        VerifyEmailDto: {
            /** @description The token of the e-mailed link (?token=…) */
            token: string;
        };
        WatchlistDto: {
            /**
             * @description Starred markets that are tracked, in the order starred
             * @example [
             *       "BTC/USDT",
             *       "SOL/USDT"
             *     ]
             */
            symbols: string[];
        };
        WebhookDeliveryDto: {
            /** @description 0 for an e-mail/Telegram message that was held or skipped without an attempt */
            attempt: number;
            attemptedAt: string;
            /** @enum {string} */
            channel: "webhook" | "email" | "telegram";
            durationMs: number;
            error: string | null;
            eventId: string;
            id: string;
            responseStatus: number | null;
            /** @description sent, failed; for e-mail/Telegram also pending, sending, held (quiet hours or hourly cap), digested (went out in a digest), skipped */
            status: string;
            succeeded: boolean;
            /** @description The webhook URL, or e-mail / Telegram */
            url: string;
        };
        WebhookSecretDto: {
            /** @description The new HMAC-SHA256 key; shown once. The previous key stops signing at once. */
            webhookSecret: string;
        };
        WidenedRangeDto: {
            /** @example ETH */
            base: string;
            /**
             * @description The one forecast about 24 hours earlier, percent of price
             * @example 5.3
             */
            previousRangePct: number;
            /**
             * @description Today's expected 24h range, percent of price
             * @example 8.1
             */
            rangePct: number;
            /** @example ETH/USDT */
            symbol: string;
            /**
             * @description rangePct − previousRangePct, percentage points
             * @example 2.8
             */
            widenedBy: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AlertsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"][];
                };
            };
        };
    };
    AlertsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAlertDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"];
                };
            };
        };
    };
    AlertsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"];
                };
            };
        };
    };
    AlertsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AlertsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAlertDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"];
                };
            };
        };
    };
    AlertsController_deliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every webhook delivery attempt of this alert, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"][];
                };
            };
        };
    };
    AlertsController_events: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertEventDto"][];
                };
            };
        };
    };
    AlertsController_pause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"];
                };
            };
        };
    };
    AlertsController_resume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRuleDto"];
                };
            };
        };
    };
    AlertsController_rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new signing secret, shown in this answer only (read-write credentials only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecretDto"];
                };
            };
        };
    };
    ApiKeysController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyDto"][];
                };
            };
        };
    };
    ApiKeysController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description The key is in the response once and never again */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
        };
    };
    ApiKeysController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_changeEmail: {
        parameters: {
            query?: never;
            header?: {
                /** @description '1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard) */
                "x-refresh-cookie"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeEmailDto"];
            };
        };
        responses: {
            /** @description Address changed (unverified until the link sent to it is opened); the old address gets a notice; every other session ends */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Too many account e-mails this hour */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_requestVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountMailAnswerDto"];
                };
            };
            /** @description Too many account e-mails this hour */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailDto"];
            };
        };
        responses: {
            /** @description The address is verified (and admin when ADMIN_EMAILS lists it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifiedEmailDto"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: {
                /** @description '1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard) */
                "x-refresh-cookie"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Rate limited; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OptionalRefreshDto"];
            };
        };
        responses: {
            /** @description The sign-in the refresh token belongs to is revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_logoutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every sign-in of the account ends: refresh tokens revoked, access tokens refused and sockets closed on every replica */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
        };
    };
    AuthController_deleteAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account and everything it owns are deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_exportAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything the account owns as JSON (profile, portfolios, transactions, alerts, events, API key metadata); no secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_changePassword: {
        parameters: {
            query?: never;
            header?: {
                /** @description '1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard) */
                "x-refresh-cookie"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            /** @description Password changed; every other session of the account ends (refresh tokens revoked, access tokens refused, sockets closed); this answer is a fresh session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
        };
    };
    AuthController_forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordDto"];
            };
        };
        responses: {
            /** @description The same answer whether or not the address has an account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountMailAnswerDto"];
                };
            };
            /** @description Rate limited; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordDto"];
            };
        };
        responses: {
            /** @description Password set; every session of the account ended. Sign in with the new password. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_refresh: {
        parameters: {
            query?: never;
            header?: {
                /** @description '1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard) */
                "x-refresh-cookie"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OptionalRefreshDto"];
            };
        };
        responses: {
            /** @description The presented refresh token (body, or the cookie with the x-refresh-cookie header) is spent; use the new one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
        };
    };
    AuthController_register: {
        parameters: {
            query?: never;
            header?: {
                /** @description '1': keep the refresh token in an httpOnly cookie instead of the JSON body (the dashboard) */
                "x-refresh-cookie"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Rate limited; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ExchangeAccountsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeAccountDto"][];
                };
            };
        };
    };
    ExchangeAccountsController_connect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectExchangeAccountDto"];
            };
        };
        responses: {
            /** @description Connected (the key was checked with the exchange) and a first sync queued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeAccountDto"];
                };
            };
        };
    };
    ExchangeAccountsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeAccountDto"];
                };
            };
        };
    };
    ExchangeAccountsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disconnected; transactions already imported stay in the portfolio */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ExchangeAccountsController_conflicts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Exchange rows held back because they look like one of your own entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeConflictDto"][];
                };
            };
        };
    };
    ExchangeAccountsController_resolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conflictId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveConflictDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ExchangeAccountsController_replaceKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceExchangeKeyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeAccountDto"];
                };
            };
        };
    };
    ExchangeAccountsController_sync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queued sync, or the one already queued or running */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeSyncDto"];
                };
            };
        };
    };
    ExchangeAccountsController_syncs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sync log, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeSyncDto"][];
                };
            };
        };
    };
    ExchangeAccountsController_exchanges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportedExchangeDto"][];
                };
            };
        };
    };
    ForecastsController_latest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Latest forecast of every coin and horizon */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForecastSummaryDto"][];
                };
            };
        };
    };
    ForecastsController_forSymbol: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Latest forecast per horizon with intervals and live accuracy vs naive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CoinForecastDto"];
                };
            };
        };
    };
    ForecastsController_history: {
        parameters: {
            query: {
                /** @description Earliest origin time (ISO); default 30 days before `to` */
                from?: string;
                horizon: "5m" | "15m" | "30m" | "1h" | "4h" | "24h" | "7d" | "30d";
                /** @description Latest origin time (ISO); default now */
                to?: string;
            };
            header?: never;
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Past served forecasts (by origin time) with actuals once known */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForecastHistoryRowDto"][];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Database (and Redis, when configured) answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A dependency does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MarketsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketsListDto"];
                };
            };
        };
    };
    MarketsController_candles: {
        parameters: {
            query?: {
                /** @description ISO 8601; first candle open time (inclusive). Without it the latest candles are returned. */
                from?: string;
                /** @description Capped at 1000. */
                limit?: number;
                timeframe?: "1m" | "5m" | "1h" | "1d";
                /** @description ISO 8601; last candle open time (inclusive). */
                to?: string;
            };
            header?: never;
            path: {
                /** @description BTC-USDT, BTCUSDT or url-encoded BTC/USDT */
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CandlesPageDto"];
                };
            };
        };
    };
    MarketsController_ticker: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TickerDto"];
                };
            };
        };
    };
    CatalogueController_add: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddMarketDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackedMarketDto"];
                };
            };
        };
    };
    CatalogueController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Market id in path form (SOL-USDT@kraken off the home exchange) */
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CatalogueController_search: {
        parameters: {
            query?: {
                /** @description Exchange to search (an id from GET /markets `exchanges`); default the home exchange */
                exchange?: string;
                /** @description Part of the symbol or base asset (BTC, BTC/USDT, btcusdt); empty lists the first markets */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueSearchDto"];
                };
            };
        };
    };
    MetricsController_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format (version 0.0.4) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ModelsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelsDto"];
                };
            };
        };
    };
    ModelsController_promote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelTransitionDto"];
                };
            };
            /** @description Not an admin (role granted with the admin CLI) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ModelsController_rollback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelTransitionDto"];
                };
            };
            /** @description Not an admin (role granted with the admin CLI) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ModelsController_diagnostics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A model version's diagnostics: loss curves, calibration, error by horizon against naive, per coin, by volatility tercile, member weights and the guard's decisions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelDiagnosticsDto"];
                };
            };
        };
    };
    ModelsController_retrain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetrainAcceptedDto"];
                };
            };
            /** @description Not an admin (role granted with the admin CLI) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NewsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only stories about this market’s coin (BTC/USDT, BTC-USDT or BTCUSDT); absent: all stories */
                symbol?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Latest stories, newest first; 404 for a market that is not tracked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewsListDto"];
                };
            };
        };
    };
    NewsController_feeds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewsFeedsDto"];
                };
            };
        };
    };
    NotificationsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The 50 newest notifications and the unread count */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationListDto"];
                };
            };
        };
    };
    NotificationsController_markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationDto"];
                };
            };
        };
    };
    NotificationsController_markAllRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotificationSettingsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationSettingsDto"];
                };
            };
        };
    };
    NotificationSettingsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNotificationSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationSettingsDto"];
                };
            };
        };
    };
    NotificationSettingsController_unlink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chat is unlinked (also possible with /stop in the chat) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotificationSettingsController_link: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A one-time deep link to the bot; pressing Start in Telegram links that chat */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelegramLinkDto"];
                };
            };
        };
    };
    NotificationSettingsController_unsubscribePage: {
        parameters: {
            query: {
                s: string;
                u: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page with a button that stops alert e-mails */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotificationSettingsController_unsubscribe: {
        parameters: {
            query: {
                s: string;
                u: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alert e-mails are switched off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OverviewController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OverviewDto"];
                };
            };
        };
    };
    PortfoliosController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioDto"][];
                };
            };
        };
    };
    PortfoliosController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePortfolioDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioDto"];
                };
            };
        };
    };
    PortfoliosController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioDto"];
                };
            };
        };
    };
    PortfoliosController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PortfoliosController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePortfolioDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioDto"];
                };
            };
        };
    };
    PortfoliosController_export: {
        parameters: {
            query?: {
                format?: "csv" | "json";
                what?: "transactions" | "holdings";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PortfolioForecastController_forecast: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioForecastDto"];
                };
            };
            /** @description No such portfolio of yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PortfoliosController_holdings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoldingsDto"];
                };
            };
        };
    };
    PortfoliosController_import: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResultDto"];
                };
            };
        };
    };
    PortfoliosController_performance: {
        parameters: {
            query?: {
                /** @description Custom range: first day (UTC), instead of range */
                from?: string;
                range?: "1D" | "1W" | "1M" | "YTD" | "1Y" | "ALL";
                /** @description Custom range: last day (UTC), default today */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PerformanceDto"];
                };
            };
        };
    };
    PortfoliosController_rebalance: {
        parameters: {
            query?: {
                /** @description Trading fee in percent of each trade (0-10) */
                feePct?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RebalancePlanDto"];
                };
            };
        };
    };
    PortfoliosController_applyRebalance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyRebalanceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppliedRebalanceDto"];
                };
            };
        };
    };
    PortfoliosController_getTargets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetsDto"];
                };
            };
        };
    };
    PortfoliosController_setTargets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetTargetsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetsDto"];
                };
            };
        };
    };
    PortfoliosController_listTransactions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Transactions to skip (newest first) */
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"][];
                };
            };
        };
    };
    PortfoliosController_createTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTransactionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"];
                };
            };
        };
    };
    PortfoliosController_deleteTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                txId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PortfoliosController_updateTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                txId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTransactionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"];
                };
            };
        };
    };
    StrategyController_report: {
        parameters: {
            query: {
                /** @description Which served forecasts drive the decisions, and how often they are made: 24h = once a day at 00:00 UTC, 4h = every 4 hours, 1h = every hour */
                horizon?: "1h" | "4h" | "24h";
                /** @description A tracked market (BTC/USDT, BTC-USDT or BTCUSDT) */
                symbol: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StrategyReportDto"];
                };
            };
            /** @description Not a tracked market */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many reports this minute; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WatchlistController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WatchlistDto"];
                };
            };
        };
    };
    WatchlistController_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description BTC-USDT, BTCUSDT or url-encoded BTC/USDT */
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WatchlistDto"];
                };
            };
        };
    };
    WatchlistController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
