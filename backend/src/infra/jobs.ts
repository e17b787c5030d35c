import type { HorizonGroup } from '../forecasts/slots';

/**
 * Every job of the app, in one place (Immich's JobName/JobOf pattern): the name → payload map types `enqueue` and
 * the handler tables of JobQueue, and JOB_QUEUES says which queue each job runs on. An unknown job name is a compile
 * error; a domain's handler table must cover every job of its queue (compile time, and again when it is registered:
 * a missing handler fails start-up).
 */
export type SyncCandlesJob = Record<string, never>;

export interface SlotJob {
  group: HorizonGroup;
  /** Slot time, epoch ms. */
  slot: number;
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

export interface JobMap {
  /** markets: backfill / catch-up of every tracked symbol (one per CANDLE_CATCHUP_SECONDS slot). */
  'sync-candles': SyncCandlesJob;
  /** forecasts: forecasts of one horizon group for one slot, then scoring of what came due. */
  'forecast-slot': SlotJob;
  /** forecasts: the day's champion/challenger pass and retention. */
  'model-lifecycle': LifecycleJob;
  /** forecast training (its own queue: a long run never delays slot jobs). */
  'model-train': TrainJob;
  /** alerts: one signed webhook delivery attempt for one alert event. */
  'deliver-webhook': DeliverWebhookJob;
}

export type JobName = keyof JobMap;

/** The queue of every job (BullMQ queue names, unchanged from before the map). */
export const JOB_QUEUES = {
  'sync-candles': 'markets',
  'forecast-slot': 'forecasts',
  'model-lifecycle': 'forecasts',
  'model-train': 'forecast-training',
  'deliver-webhook': 'alert-webhooks',
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
