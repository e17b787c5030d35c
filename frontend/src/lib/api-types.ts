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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AlertEventDto: {
            id: string;
            message: string;
            /** @description Price (or portfolio value) that triggered the rule */
            price: string | null;
            triggeredAt: string;
        };
        AlertRuleDto: {
            cooldownMinutes: number;
            /** @description every-mode: no firing before this time */
            cooldownUntil: string | null;
            createdAt: string;
            /** @enum {string|null} */
            direction: "above" | "below" | null;
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
            /** @example BTC/USDT */
            symbol: string;
            /** @enum {string} */
            timeframe: "1h" | "1d";
        };
        ChangePasswordDto: {
            currentPassword: string;
            /** @description 10-128 characters, at least one letter and one digit */
            newPassword: string;
        };
        CoinForecastDto: {
            horizons: components["schemas"]["HorizonForecastDto"][];
            /** @description Live price now (latest tick, else the newest forecast origin price) */
            lastPrice: number | null;
            /** @description Market time of the answer (ISO; the replay clock when replaying), for the forecasts' age */
            marketTime: string;
            /** @example BTC/USDT */
            symbol: string;
        };
        CreateAlertDto: {
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
            expiresAt?: Record<string, never> | null;
            /**
             * @description forecast_move: forecast horizon (e.g. 1h, 4h, 24h, 7d)
             * @example 24h
             */
            horizon?: string;
            /**
             * @description once: disarmed after firing; every: fires again after the cooldown
             * @default once
             * @enum {string}
             */
            mode: "once" | "every";
            note?: Record<string, never> | null;
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
             * @description Market symbol (BTC/USDT, BTC-USDT or BTCUSDT); not for portfolio_value
             * @example BTC/USDT
             */
            symbol?: string;
            /**
             * @description Price (or portfolio value) in the quote currency, decimal string
             * @example 65000
             */
            threshold?: string;
            /** @enum {string} */
            type: "price_above" | "price_below" | "crosses_up" | "crosses_down" | "pct_change" | "portfolio_value" | "forecast_move";
            /** @example https://example.com/hooks/coincast */
            webhookUrl?: Record<string, never> | null;
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
             * @description Asset symbol of a tracked market (BTC for BTC/USDT)
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
            /** @enum {string} */
            horizon: "1h" | "4h" | "24h" | "7d" | "30d";
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
            /** @example BTC/USDT */
            symbol: string;
            /** @description Time the forecast is for: originTime + horizon (ISO) */
            targetTime: string;
        };
        HoldingDto: {
            /** @description Percent of total value */
            allocationPct: number;
            asset: string;
            averageCost: string;
            costBasis: string;
            /** @description null when no price is known */
            price: string | null;
            quantity: string;
            realizedPnl: string;
            unrealizedPnl: string | null;
            value: string | null;
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
        HorizonForecastDto: {
            /** @description The serving model's out-of-sample backtest at this horizon (null for naive) */
            backtest: components["schemas"]["HorizonBacktestDto"] | null;
            /** @enum {string} */
            horizon: "1h" | "4h" | "24h" | "7d" | "30d";
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
            group: "hourly" | "daily";
            /** @description Served forecasts' pinball / naive's that day */
            relPinball: number | null;
            scored: number;
        };
        LoginDto: {
            /** @example ada@example.com */
            email: string;
            password: string;
        };
        MarketDto: {
            /** @example BTC */
            base: string;
            /** @description Percent change over 24 hours */
            change24h: number | null;
            /** @description Time of the last price update */
            lastUpdate: string | null;
            price: string | null;
            /** @example USDT */
            quote: string;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /** @example BTC/USDT */
            symbol: string;
            /** @description 24h volume, base-asset units */
            volume24h: string | null;
        };
        MarketsListDto: {
            /** @example binance */
            exchange: string;
            markets: components["schemas"]["MarketDto"][];
            /** @enum {string} */
            source: "ccxt" | "replay";
        };
        ModelDto: {
            /** @description Out-of-sample backtest at registration: relPinball, coverage80, per-horizon figures, paired test vs naive */
            backtest: {
                [key: string]: unknown;
            };
            backtestWindow: components["schemas"]["BacktestWindowDto"] | null;
            createdAt: string;
            /** @enum {string} */
            horizonGroup: "hourly" | "daily";
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
            horizonGroup: "hourly" | "daily";
            /** @description The model that is champion of the group after the transition */
            id: string;
            /** @enum {string} */
            status: "champion" | "challenger" | "retired";
            version: string;
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
        OptionalRefreshDto: {
            /** @description Omit when the refresh cookie is sent (dashboard, with the x-refresh-cookie header) */
            refreshToken?: string;
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
            costBasisMethod: "average" | "fifo";
            createdAt: string;
            id: string;
            name: string;
            updatedAt: string;
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
        RegisterDto: {
            /** @example ada@example.com */
            email: string;
            /**
             * @description 10-128 characters, at least one letter and one digit
             * @example correct horse 42
             */
            password: string;
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
            /** @example 104591.88 */
            price: string;
            /** @enum {string} */
            source: "ccxt" | "replay";
            /** @example BTC/USDT */
            symbol: string;
            /** @example 2026-11-23T14:00:00.000Z */
            timestamp: string;
            /**
             * @description 24h volume, base-asset units
             * @example 18234.5
             */
            volume24h: string;
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
            expiresAt?: Record<string, never> | null;
            /**
             * @description forecast_move: forecast horizon (e.g. 1h, 4h, 24h, 7d)
             * @example 24h
             */
            horizon?: string;
            /**
             * @description once: disarmed after firing; every: fires again after the cooldown
             * @default once
             * @enum {string}
             */
            mode: "once" | "every";
            note?: Record<string, never> | null;
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
             * @description Market symbol (BTC/USDT, BTC-USDT or BTCUSDT); not for portfolio_value
             * @example BTC/USDT
             */
            symbol?: string;
            /**
             * @description Price (or portfolio value) in the quote currency, decimal string
             * @example 65000
             */
            threshold?: string;
            /** @enum {string} */
            type?: "price_above" | "price_below" | "crosses_up" | "crosses_down" | "pct_change" | "portfolio_value" | "forecast_move";
            /** @example https://example.com/hooks/coincast */
            webhookUrl?: Record<string, never> | null;
            /**
             * @description pct_change: window length in minutes
             * @example 60
             */
            windowMinutes?: number;
        };
        UpdatePortfolioDto: {
            /** @enum {string} */
            baseCurrency?: "USD" | "USDT";
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
        WebhookDeliveryDto: {
            attempt: number;
            attemptedAt: string;
            durationMs: number;
            error: string | null;
            eventId: string;
            id: string;
            responseStatus: number | null;
            succeeded: boolean;
            url: string;
        };
        WebhookSecretDto: {
            /** @description The new HMAC-SHA256 key; shown once. The previous key stops signing at once. */
            webhookSecret: string;
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
                horizon: "1h" | "4h" | "24h" | "7d" | "30d";
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
                timeframe?: "1h" | "1d";
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
}
