import { Env } from './env.schema';

/** Typed, validated configuration, created once at boot and injected everywhere. */
export class AppConfig {
  /** Lower-cased once: the admin check runs on every authenticated request. */
  private readonly admins: ReadonlySet<string>;

  constructor(readonly env: Env) {
    this.admins = new Set(env.ADMIN_EMAILS.map((email) => email.toLowerCase()));
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
  /** Whether this e-mail has the admin role (ADMIN_EMAILS, case-insensitive). */
  isAdmin(email: string): boolean {
    return this.admins.has(email.toLowerCase());
  }
}
