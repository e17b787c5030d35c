import type { HorizonGroup } from '../forecasts/slots';

/**
 * Every job of the app, in one place (Immich's JobName/JobOf pattern): the name → payload map types `enqueue` and
 * the handler tables of JobQueue, and JOB_QUEUES says which queue each job runs on. An unknown job name is a compile
 * error; a domain's handler table must cover every job of its queue (compile time, and again when it is registered:
 * a missing handler fails start-up).
 */
export type SyncCandlesJob = Record<string, never>;

export interface PruneCandlesJob {
  /** Wall-clock hour of the run, epoch ms (the job id's slot). */
  slot: number;
}

export interface BackfillMarketJob {
  exchange: string;
  symbol: string;
  /** When the market was (re)added, epoch ms: part of the job id, so re-adding a removed market backfills again. */
  addedAt: number;
}

export interface SlotJob {
  group: HorizonGroup;
  /** Slot time, epoch ms. */
  slot: number;
  /** This job's part of the slot's markets (absent: all of them). See shardOf in forecasts/slots.ts. */
  shard?: { index: number; count: number };
}

/** One 5-minute slot of the sub-hour horizons (5m/15m/30m), or one shard of it. */
export interface IntradaySlotJob {
  /** Slot time (a 5-minute candle close), epoch ms. */
  slot: number;
  shard?: { index: number; count: number };
}

export interface IntradayTrainJob {
  reason: string;
}

export interface LifecycleJob {
  day: number;
}

export interface TrainJob {
  reason: string;
  /** The first model of an empty registry: skipped when a trained model exists by the time it runs. */
  initial?: boolean;
}

export interface DeliverWebhookJob {
  eventId: string;
}

export interface ExchangeSyncJob {
  accountId: string;
  /** The sync log row this run fills in (created when the sync was requested or scheduled). */
  syncId: string;
}

export interface ExchangeSyncDueJob {
  /** Schedule slot, epoch ms. */
  slot: number;
}

export interface DeliverNotificationJob {
  /** The channel_deliveries row (one alert event or digest on one channel). */
  deliveryId: string;
}

export interface NotificationSlotJob {
  /** Schedule slot, epoch ms. */
  slot: number;
}

export interface NewsFetchJob {
  /** Schedule slot, epoch ms. */
  slot: number;
}

export interface AccountEmailJob {
  userId: string;
  kind: 'verify-email' | 'reset-password' | 'password-changed' | 'email-changed';
  /** For email-changed: the previous address, which gets the notice. */
  previousEmail?: string;
}

export interface JobMap {
  /** markets: backfill / catch-up of every tracked symbol (one per CANDLE_CATCHUP_SECONDS slot). */
  'sync-candles': SyncCandlesJob;
  /** markets: retention of the sub-hour candles (CANDLE_RETENTION_DAYS_5M / _1M), once an hour. */
  'prune-candles': PruneCandlesJob;
  /** markets (own queue, so a long history fetch never holds the minute's candle sync): the backfill of a market an admin added. */
  'backfill-market': BackfillMarketJob;
  /** forecasts: forecasts of one horizon group for one slot, then scoring of what came due. */
  'forecast-slot': SlotJob;
  /** forecasts (own queue, so a 5-minute slot never waits behind an hourly one): the sub-hour forecasts of one 5-minute slot, then scoring. */
  'forecast-intraday-slot': IntradaySlotJob;
  /** forecasts (own queue: a training run never holds the 5-minute slots): training of the sub-hour model, its guard deciding per horizon. */
  'intraday-model-train': IntradayTrainJob;
  /** forecasts: the day's champion/challenger pass and retention. */
  'model-lifecycle': LifecycleJob;
  /** forecast training (its own queue: a long run never delays slot jobs). */
  'model-train': TrainJob;
  /** alerts: one signed webhook delivery attempt for one alert event. */
  'deliver-webhook': DeliverWebhookJob;
  /** exchange-accounts: one sync of one exchange account (trades, deposits, withdrawals → portfolio transactions). */
  'exchange-sync': ExchangeSyncJob;
  /** exchange-accounts: the schedule slot's pass that queues a sync of every active account. */
  'exchange-sync-due': ExchangeSyncDueJob;
  /** notifications: one e-mail or Telegram message (alert or digest) on one channel. */
  'deliver-notification': DeliverNotificationJob;
  /** notifications: the slot's pass that sends held messages (quiet hours over, hourly cap) as one digest. */
  'notification-digest': NotificationSlotJob;
  /** notifications: one getUpdates poll of the Telegram bot (/start links a chat, /stop unlinks it). */
  'telegram-poll': NotificationSlotJob;
  /** auth: one account e-mail (verification link, reset link, change notice). */
  'account-email': AccountEmailJob;
  /** news: one fetch of every configured RSS/Atom feed (one per NEWS_FETCH_MINUTES slot). */
  'news-fetch': NewsFetchJob;
}

export type JobName = keyof JobMap;

/** The queue of every job (BullMQ queue names, unchanged from before the map). */
export const JOB_QUEUES = {
  'sync-candles': 'markets',
  'prune-candles': 'markets',
  'backfill-market': 'markets-backfill',
  'forecast-slot': 'forecasts',
  'model-lifecycle': 'forecasts',
  'forecast-intraday-slot': 'forecasts-intraday',
  'intraday-model-train': 'forecasts-intraday-training',
  'model-train': 'forecast-training',
  'deliver-webhook': 'alert-webhooks',
  'exchange-sync': 'exchange-accounts',
  'exchange-sync-due': 'exchange-accounts',
  'deliver-notification': 'notifications',
  'notification-digest': 'notifications',
  'telegram-poll': 'telegram',
  'account-email': 'account-mail',
  'news-fetch': 'news',
} as const satisfies Record<JobName, string>;

export type QueueName = (typeof JOB_QUEUES)[JobName];

/**
 * Names jobs had on the wire before the map; a job of an older version still queued in Redis is run by the handler
 * of its new name.
 */
export const LEGACY_JOB_NAMES: Readonly<Record<string, JobName>> = { deliver: 'deliver-webhook' };

/** The jobs a catalogue knows: the app's (AppJobs) or, for tests of the queues themselves, any (AnyJobs). */
export interface JobCatalog {
  jobs: object;
  queues: { [name: string]: string };
}
export interface AppJobs {
  jobs: JobMap;
  queues: typeof JOB_QUEUES;
}
export interface AnyJobs {
  jobs: Record<string, unknown>;
  queues: Record<string, string>;
}
