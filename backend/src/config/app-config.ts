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
  /** True when this process serves HTTP and the socket gateway. */
  get runsApi(): boolean {
    return this.env.ROLE !== 'worker';
  }
}
