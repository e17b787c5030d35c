import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Every environment variable the backend reads, with its default and meaning.
 * The README's configuration table mirrors this file: keep them in step.
 */
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/**
 * TRUST_PROXY: `false` (default: the socket address is the client), a hop count (`1` = one proxy such as the bundled
 * nginx in front; `true` means 1), or a comma-separated list of proxy addresses/CIDRs whose X-Forwarded-For is believed.
 */
const trustProxy = z.string().transform((value, ctx): boolean | number | string => {
  const text = value.trim().toLowerCase();
  if (text === 'false' || text === '0') return false;
  if (text === 'true') return 1;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length > 0 && parts.every((part) => ipaddr.isValid(part) || ipaddr.isValidCIDR(part))) return parts.join(',');
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: 'TRUST_PROXY must be false, a hop count (e.g. 1) or a comma-separated list of proxy IPs/CIDRs (e.g. 172.16.0.0/12)',
  });
  return z.NEVER;
});

export const envSchema = z.object({
  /** development | production | test. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind: loopback by default, so `npm start` is not reachable from the network; containers set 0.0.0.0. */
  HOST: z.string().default('127.0.0.1'),
  /** all = API + worker in one process (embedded default); api or worker for scaled deployments. */
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** PostgreSQL connection string; unset = embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Directory for embedded data (PGlite database, model artifacts). */
  DATA_DIR: z.string().default('.data'),
  /** Redis connection string; unset = in-process cache, pub/sub and job queue. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key, so several deployments or test runs can share one Redis. */
  REDIS_PREFIX: z.string().default('coincast:'),
  /** Secret that signs access tokens (HS256), at least 32 characters; unset with ROLE=all = a random one generated into DATA_DIR/jwt-secret (mode 0600); required for ROLE=api/worker. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters long').optional(),
  /** Access-token lifetime in seconds. */
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Refresh-token lifetime in days. */
  REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Comma-separated addresses that become admin once the account has verified that address (the e-mailed link); unverified addresses get nothing. */
  ADMIN_EMAILS: csv.default(''),
  /** Seconds during which a just-rotated refresh token may be presented again (two tabs refreshing at once) and still get a working pair. */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
  /** Login attempts allowed per account within RATE_LIMIT_WINDOW_SECONDS (reset by a successful login). */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Login attempts allowed per client IP within RATE_LIMIT_WINDOW_SECONDS (all accounts together). */
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Registrations allowed per IP within RATE_LIMIT_WINDOW_SECONDS. */
  REGISTER_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
  /** Window of the login/register rate limits, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Maximum API keys per user. */
  MAX_API_KEYS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory of the built dashboard to serve at /; empty string disables static serving. */
  FRONTEND_DIST: z.string().default('../frontend/dist'),
  /** Port of a separate Prometheus endpoint (GET /metrics) for processes without the API, i.e. the worker; 0 = off. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Client IPs from X-Forwarded-For: false, a proxy hop count (1 behind the bundled nginx) or a comma-separated list of proxy IPs/CIDRs. */
  TRUST_PROXY: trustProxy.default('false'),
  /** Comma-separated browser origins (https://app.example.com) allowed to open sockets besides the API's own origin; empty = same origin only. */
  ALLOWED_ORIGINS: csv.default(''),
  /** Most sockets one user may hold open on one API process. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** Most sockets one client IP may hold open on one API process. */
  MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(50),
  /** Serve Prometheus metrics at /api/v1/metrics on the API port (off: only the separate METRICS_PORT listener, if any). */
  METRICS_PUBLIC: booleanFlag.default('false'),
  /** Market data source: ccxt (live exchange, public API) or replay (CSV candles in REPLAY_DIR, time-shifted to now). */
  MARKET_SOURCE: z.enum(['ccxt', 'replay']).default('ccxt'),
  /** ccxt exchange id used when MARKET_SOURCE=ccxt (any exchange ccxt supports). */
  EXCHANGE_ID: z.string().default('binance'),
  /** Override of the exchange's public REST base URL, e.g. a mirror or proxy (tests point it at a fake exchange). */
  EXCHANGE_PUBLIC_API_URL: z.string().url().optional(),
  /**
   * Live tickers over the exchange's websocket (ccxt's watchTickers) with REST polling as the fallback: `auto` streams
   * where ccxt supports it for EXCHANGE_ID — except when only EXCHANGE_PUBLIC_API_URL is overridden (a REST mirror says
   * nothing about the exchange's stream host; set EXCHANGE_WS_URL too) —, `websocket` insists, `poll` never streams.
   */
  MARKET_STREAM: z.enum(['auto', 'websocket', 'poll']).default('auto'),
  /** Override of the exchange's websocket base URL (a mirror; tests point it at a loopback fake stream). */
  EXCHANGE_WS_URL: z.string().url().optional(),
  /**
   * Comma-separated exchanges tracked at once (ccxt ids, or `replay` for the CSV replay source): `binance,kraken`.
   * Each has its own rate limit, retries and circuit breaker. The first is the home exchange: its markets are written
   * `BTC/USDT`, the others' `BTC/USDT@kraken` — keep it first once alerts and forecasts exist. Empty = EXCHANGE_ID
   * (MARKET_SOURCE=ccxt) or `replay` (MARKET_SOURCE=replay).
   */
  EXCHANGES: csv.default(''),
  /** Per-exchange REST base overrides, `id=url` comma-separated (`binanceus=http://127.0.0.1:9001`); EXCHANGE_PUBLIC_API_URL stays the first ccxt exchange's. */
  EXCHANGE_API_URLS: csv.default(''),
  /** Per-exchange websocket base overrides, `id=url` comma-separated; EXCHANGE_WS_URL stays the first ccxt exchange's. */
  EXCHANGE_WS_URLS: csv.default(''),
  /** Order in which portfolios take an asset's price from the exchanges (ids from EXCHANGES); empty = the EXCHANGES order. */
  PRICE_EXCHANGES: csv.default(''),
  /** Folder of `{BASE}{QUOTE}_{1h|1d}.csv` candles for MARKET_SOURCE=replay (relative paths: from where npm was run). */
  REPLAY_DIR: z.string().default('../shared/data/candles'),
  /** Replay clock speed: 1 = real time, 60 = one replayed minute per second. */
  REPLAY_SPEED: z.coerce.number().positive().max(100_000).default(1),
  /** Comma-separated tracked symbols (BTC/USDT or BTCUSDT); empty = the TRACKED_SYMBOLS_COUNT largest USDT pairs (ccxt) or every replay file. */
  TRACKED_SYMBOLS: csv.default(''),
  /** How many USDT pairs (by 24h volume) are tracked when TRACKED_SYMBOLS is empty (ccxt). */
  TRACKED_SYMBOLS_COUNT: z.coerce.number().int().min(1).max(200).default(20),
  /**
   * Days of 1h candles to backfill; default 730 for ccxt, ~491 for replay (at least the forecasting model's lookback of
   * ~439 days plus its 45-day out-of-sample backtest; below the lookback a warning says what the model loses).
   */
  BACKFILL_DAYS_1H: z.coerce.number().int().min(1).max(5_000).optional(),
  /** Days of 1d candles to backfill. */
  BACKFILL_DAYS_1D: z.coerce.number().int().min(1).max(10_000).default(3_000),
  /** How often the worker polls the provider's tickers and publishes them (ms). */
  TICKER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** How often the worker catches up candles and refills gaps (seconds). */
  CANDLE_CATCHUP_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /**
   * Sub-hour candles ingested for every tracked market (and the 5-minute forecast slots when 5m is among them):
   * `5m`, `1m` or both, comma-separated; `none` = off. Unset = `5m` (off under NODE_ENV=test). 1m is only stored
   * where the source has it (the replay's 1m files cover 4 coins).
   */
  INTRADAY_TIMEFRAMES: z
    .string()
    .transform((value, ctx): Array<'5m' | '1m'> => {
      const listed = value.split(',').map((part) => part.trim());
      const parts = value.trim().toLowerCase() === 'none' ? [] : [...new Set(listed.filter(Boolean))];
      const bad = parts.filter((part) => part !== '5m' && part !== '1m');
      if (bad.length > 0)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `INTRADAY_TIMEFRAMES takes 5m, 1m (comma-separated) or none; got ${bad.join(', ')}` });
      return parts as Array<'5m' | '1m'>;
    })
    .optional(),
  /** Days of 5-minute candles kept (older ones are deleted hourly). */
  CANDLE_RETENTION_DAYS_5M: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Days of 1-minute candles kept (older ones are deleted hourly). */
  CANDLE_RETENTION_DAYS_1M: z.coerce.number().int().min(1).max(3_650).default(7),
  /** Days of 5-minute candles to backfill (default and most: CANDLE_RETENTION_DAYS_5M). */
  BACKFILL_DAYS_5M: z.coerce.number().int().min(1).max(3_650).optional(),
  /** Days of 1-minute candles to backfill (default and most: CANDLE_RETENTION_DAYS_1M). */
  BACKFILL_DAYS_1M: z.coerce.number().int().min(1).max(3_650).optional(),
  /** Per-request timeout of exchange calls (ms); failures are retried with backoff, then a circuit breaker opens. */
  MARKET_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Key that encrypts stored exchange API secrets (AES-256-GCM): 64 hex characters; unset with ROLE=all = generated into DATA_DIR/secrets-key (mode 0600); required for ROLE=api/worker. */
  SECRETS_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'SECRETS_KEY must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`')
    .optional(),
  /** Minutes between scheduled syncs of connected exchange accounts; 0 = only on demand. */
  EXCHANGE_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Override of the exchange's REST origin for account sync, e.g. http://127.0.0.1:PORT (tests point it at a fake exchange). */
  EXCHANGE_ACCOUNTS_API_URL: z.string().url().optional(),
  /** Maximum alert rules per user (any status). */
  ALERTS_MAX_RULES_PER_USER: z.coerce.number().int().min(1).default(100),
  /** Longest pct_change window an alert may use, in minutes. */
  ALERTS_MAX_WINDOW_MINUTES: z.coerce.number().int().min(1).default(1440),
  /** Webhook delivery attempts per alert event (first try included), retried with exponential backoff. */
  ALERTS_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Delay before the first webhook retry in milliseconds; doubles on each further retry. */
  ALERTS_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(5000),
  /** Timeout of one webhook HTTP request, in milliseconds. */
  ALERTS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Allow webhook URLs on loopback/private networks (off in production: it would let users probe the internal network). */
  ALERTS_WEBHOOK_ALLOW_PRIVATE: booleanFlag.default('false'),
  /** Public origin of the dashboard (https://coincast.example.com), used in links sent by e-mail and Telegram; unset = http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP server for e-mail (smtp://user:pass@host:587, smtps://… for implicit TLS); unset = messages are written to DATA_DIR/outbox and not sent. */
  SMTP_URL: z.string().url().optional(),
  /** Sender of every e-mail (From header and envelope). */
  MAIL_FROM: z.string().default('Coincast <no-reply@coincast.local>'),
  /** Most account e-mails (verification, password reset) one account may be sent per hour. */
  MAIL_ACCOUNT_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
  /** Telegram bot token from @BotFather; unset = Telegram delivery is off. */
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  /** The bot's username (without @), for the https://t.me/<bot>?start=<token> link; unset = asked from the Bot API (getMe). */
  TELEGRAM_BOT_USERNAME: z.string().optional(),
  /** Bot API base URL (tests point it at a loopback fake). */
  TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  /** How often the worker polls the bot's updates (getUpdates) for /start and /stop, in ms. */
  TELEGRAM_POLL_MS: z.coerce.number().int().min(200).max(600_000).default(3_000),
  /** E-mail/Telegram alert messages one user gets per hour per channel before the rest are held for one digest. */
  NOTIFY_HOURLY_CAP: z.coerce.number().int().min(1).max(1_000).default(20),
  /** Delivery attempts per e-mail/Telegram message (first try included), retried with exponential backoff. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Delay before the first e-mail/Telegram retry in ms; doubles on each further retry. */
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(1).default(5_000),
  /** Messages in a row that failed every attempt before the channel is paused (with an in-app notice). */
  NOTIFY_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).default(3),
  /** How often held messages (quiet hours, hourly cap) are checked and sent as one digest, in ms. */
  NOTIFY_DIGEST_EVERY_MS: z.coerce.number().int().min(200).default(300_000),
  /** Comma-separated RSS/Atom feed URLs (http or https) the worker reads news from; empty = no news (the dashboard says how to add feeds). */
  NEWS_FEEDS: csv
    .refine(
      (urls) => urls.every((url) => /^https?:\/\/[^\s/]+/i.test(url) && URL.canParse(url)),
      'NEWS_FEEDS must be comma-separated http(s) URLs, e.g. https://example.com/rss',
    )
    .default(''),
  /** Minutes between news fetches (each feed gets a conditional request); 0 = not scheduled. */
  NEWS_FETCH_MINUTES: z.coerce.number().int().min(0).max(1_440).default(15),
  /** Longest one feed request may take (headers and body), in ms; a feed that stops answering is given up on. */
  NEWS_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Largest feed document read, in bytes; a bigger one is cut off and its error recorded. */
  NEWS_FEED_MAX_BYTES: z.coerce.number().int().min(1_024).max(100_000_000).default(5_000_000),
  /** Days of news kept (older stories are deleted after each fetch; at most 5,000 are kept). */
  NEWS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Most portfolios one user may have. */
  PORTFOLIOS_MAX_PER_USER: z.coerce.number().int().min(1).default(50),
  /** Most transactions one portfolio may hold (imports included). */
  TRANSACTIONS_MAX_PER_PORTFOLIO: z.coerce.number().int().min(1).default(50_000),
  /** Most data rows one CSV import may contain. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(20_000),
  /** Largest CSV one import may send, in bytes (the HTTP body limit is 2 MiB). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1).default(1_500_000),
  /** Live portfolio valuation: at most one socket `portfolio` update per portfolio per this many ms (worker role). */
  PORTFOLIO_LIVE_THROTTLE_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Run the forecasting scheduler and jobs on the worker (false: the API only reads what is stored); unset = on, except NODE_ENV=test. */
  FORECASTS_ENABLED: booleanFlag.optional(),
  /** Train the first model in the background when the registry has none (naive forecasts are served meanwhile). */
  FORECAST_INITIAL_TRAINING: booleanFlag.default('true'),
  /** Days between scheduled retrainings, each creating a challenger; 0 = only drift or manual retraining. */
  FORECAST_RETRAIN_INTERVAL_DAYS: z.coerce.number().min(0).max(365).default(7),
  /** Scored forecasts a challenger needs (over 30 days) before it may replace the champion. */
  FORECAST_PROMOTION_MIN_SCORED: z.coerce.number().int().min(1).default(200),
  /** Independent outcomes (non-overlapping horizons) a promotion, or a first model replacing naive, needs per horizon group. */
  FORECAST_PROMOTION_MIN_INDEPENDENT: z.coerce.number().int().min(1).max(1_000).default(20),
  /** Days of out-of-sample backtest recorded for a new model (a copy is fitted on the data before them). */
  FORECAST_BACKTEST_DAYS: z.coerce.number().int().min(3).max(365).default(45),
  /** Kolmogorov–Smirnov statistic (recent vs training-window hourly returns) above which retraining starts. */
  FORECAST_DRIFT_KS_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.2),
  /** Most missed hourly slots forecast after downtime or on first start (newest kept). */
  FORECAST_CATCHUP_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(24),
  /** Most missed daily slots forecast after downtime or on first start. */
  FORECAST_CATCHUP_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  /** Worker threads that compute forecasts (0 = on the event loop; unset = one per CPU core but one, at least one). */
  FORECAST_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /** Most markets the global models train on; with more tracked markets a sample stratified by volatility is used. */
  FORECAST_TRAIN_MAX_MARKETS: z.coerce.number().int().min(1).max(10_000).default(40),
  /** Markets per forecast job: a slot of more markets fans out into several jobs that any worker can take. */
  FORECAST_SHARD_SIZE: z.coerce.number().int().min(1).max(10_000).default(25),
  /** Model trained by retraining: ensemble (ml's default: GARCH+conformal, ridge, GRU/CNN) or vol (GARCH+conformal only: seconds to train). */
  FORECAST_MODEL: z.enum(['ensemble', 'vol']).default('ensemble'),
  /** Hourly candles per coin handed to training (default two years). */
  FORECAST_TRAIN_HOURS: z.coerce
    .number()
    .int()
    .min(24 * 30)
    .default(2 * 365 * 24),
  /** Days of forecasts kept after their target time (older rows are deleted by the worker); 0 = keep forever. */
  FORECAST_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .refine((days) => days === 0 || days >= 60, 'must be 0 (keep forever) or at least 60: live metrics and promotion read the last 30 days of scored forecasts')
    .default(400),
});

export type Env = z.infer<typeof envSchema>;

/** Validates the environment once; throws one message listing every bad or missing variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  return env;
}
