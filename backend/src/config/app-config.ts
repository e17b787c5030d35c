import { resolveJwtSecret, ResolvedSecret } from '../auth/jwt-secret';
import { Env } from './env.schema';

/** Typed, validated configuration, created once at boot and injected everywhere. */
export class AppConfig {
  constructor(
    readonly env: Env,
    private secret?: ResolvedSecret,
  ) {}

  /** The access-token signing secret (JWT_SECRET, or the one generated into DATA_DIR; see resolveJwtSecret). */
  get jwtSecret(): string {
    this.secret ??= resolveJwtSecret(this.env);
    return this.secret.secret;
  }
  get jwtSecretSource(): ResolvedSecret['source'] {
    this.secret ??= resolveJwtSecret(this.env);
    return this.secret.source;
  }

  get port(): number {
    return this.env.PORT;
  }
  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }
  get redisUrl(): string | undefined {
    return this.env.REDIS_URL;
  }
  get redisPrefix(): string {
    return this.env.REDIS_PREFIX;
  }
  get role(): Env['ROLE'] {
    return this.env.ROLE;
  }
  /** True when this process runs the worker duties (ingestion, alert engine, forecasts). */
  get runsWorker(): boolean {
    return this.env.ROLE !== 'api';
  }
  /** True when this process runs forecast slots and training (a worker role, unless FORECASTS_ENABLED says no; off under NODE_ENV=test by default). */
  get runsForecasts(): boolean {
    return this.runsWorker && (this.env.FORECASTS_ENABLED ?? this.env.NODE_ENV !== 'test');
  }
  /** RSS/Atom feed URLs news is read from (NEWS_FEEDS); empty = no news. */
  get newsFeeds(): string[] {
    return this.env.NEWS_FEEDS;
  }
  /** True when this process serves HTTP and the socket gateway. */
  get runsApi(): boolean {
    return this.env.ROLE !== 'worker';
  }
}
