import { Inject, Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Server, Socket } from 'socket.io';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock, JOB_QUEUE, JobQueue } from '../infra/ports';
import { instrumentJobQueue, JobOutcome } from './instrument-job-queue';
import { routeLabel, statusClass } from './route-label';

/** A queue depth read must not hold a scrape hostage when Redis is down. */
const QUEUE_DEPTH_TIMEOUT_MS = 1_000;

/** Seconds; from sub-millisecond cache hits to slow imports. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];
const EVALUATION_BUCKETS = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5];

/**
 * The process's Prometheus registry and the one place domains report to (`metrics.observeX(...)`).
 * Each instance owns its registry (not prom-client's global one), so several apps in one test process never clash.
 * Every series carries `role` (api | worker | all) so one dashboard separates the process kinds.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private readonly trackedQueues = new Set<string>();

  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly socketConnections: Gauge;
  private readonly socketEvents: Counter<'event'>;
  private readonly ticksPublished: Counter<'symbol'>;
  private readonly ingestionLag: Gauge<'symbol'>;
  private readonly queueDepth: Gauge<'queue'>;
  private readonly jobDuration: Histogram<'queue' | 'name' | 'outcome'>;
  private readonly forecastCycle: Histogram<'outcome'>;
  private readonly alertEvaluation: Histogram;

  constructor(
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {
    this.registry.setDefaultLabels({ role: config.role });
    collectDefaultMetrics({ register: this.registry, prefix: 'coincast_process_' });
    const registers = [this.registry];

    this.httpDuration = new Histogram({
      name: 'coincast_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.socketConnections = new Gauge({
      name: 'coincast_socket_connections',
      help: 'Socket.io clients connected to this process',
      registers,
    });
    this.socketEvents = new Counter({
      name: 'coincast_socket_events_delivered_total',
      help: 'Events written to sockets of this process, by event (ticker = ticks delivered)',
      labelNames: ['event'],
      registers,
    });
    this.ticksPublished = new Counter({
      name: 'coincast_ticks_published_total',
      help: 'Ticks published on market:ticks by this process, by symbol',
      labelNames: ['symbol'],
      registers,
    });
    this.ingestionLag = new Gauge({
      name: 'coincast_ingestion_lag_seconds',
      help: 'Age of the latest published tick when it was published (now - provider timestamp), by symbol',
      labelNames: ['symbol'],
      registers,
    });
    // prom-client calls collect() with the gauge as `this`; the service is reached through these bound readers.
    const trackedQueues = () => this.trackedQueues;
    const readDepth = (queue: string) => this.readDepth(queue);
    this.queueDepth = new Gauge({
      name: 'coincast_queue_depth',
      help: 'Jobs waiting or delayed, by queue (read from the queue at scrape time)',
      labelNames: ['queue'],
      registers,
      async collect() {
        await Promise.all(
          [...trackedQueues()].map(async (queue) => {
            const depth = await readDepth(queue);
            if (depth === undefined) this.remove({ queue });
            else this.set({ queue }, depth);
          }),
        );
      },
    });
    this.jobDuration = new Histogram({
      name: 'coincast_job_duration_seconds',
      help: 'Job handler duration by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.forecastCycle = new Histogram({
      name: 'coincast_forecast_cycle_seconds',
      help: 'Duration of one forecast cycle (all tracked symbols and horizons of one slot)',
      labelNames: ['outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.alertEvaluation = new Histogram({
      name: 'coincast_alert_evaluation_seconds',
      help: 'Time to evaluate one tick against the alert index',
      buckets: EVALUATION_BUCKETS,
      registers,
    });

    instrumentJobQueue(
      jobs,
      (queue, name, seconds, outcome) => this.observeJob(queue, name, seconds, outcome),
      undefined,
      (queue) => this.trackQueue(queue),
    );
  }

  /** Prometheus text exposition of this process's registry. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  observeHttpRequest(method: string, routePattern: string | undefined, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route: routeLabel(routePattern), status: statusClass(statusCode) }, seconds);
  }

  /** Counts connections and every event written to each socket (the delivered side of the tick fan-out). */
  instrumentSocketServer(server: Pick<Server, 'on'>): void {
    server.on('connection', (socket: Socket) => {
      this.socketConnections.inc();
      socket.onAnyOutgoing((event: string) => this.socketEvents.inc({ event }));
      socket.once('disconnect', () => this.socketConnections.dec());
    });
  }

  observeTickPublished(tick: { symbol: string; timestamp: string }): void {
    this.ticksPublished.inc({ symbol: tick.symbol });
    const at = Date.parse(tick.timestamp);
    if (Number.isFinite(at)) this.ingestionLag.set({ symbol: tick.symbol }, Math.max(0, (this.clock.now().getTime() - at) / 1000));
  }

  /** Called for every job by the instrumented JOB_QUEUE; the queue's depth is reported from then on. */
  observeJob(queue: string, name: string, seconds: number, outcome: JobOutcome): void {
    this.trackedQueues.add(queue);
    this.jobDuration.observe({ queue, name, outcome }, seconds);
  }

  /** Reports the depth of a queue before its first job ran (e.g. queues only enqueued from this process). */
  trackQueue(queue: string): void {
    this.trackedQueues.add(queue);
  }

  observeForecastCycle(seconds: number, outcome: 'completed' | 'failed' = 'completed'): void {
    this.forecastCycle.observe({ outcome }, seconds);
  }

  observeAlertEvaluation(seconds: number): void {
    this.alertEvaluation.observe(seconds);
  }

  private async readDepth(queue: string): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.jobs.depth(queue),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), QUEUE_DEPTH_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.debug(`queue depth of ${queue} unavailable: ${(error as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
