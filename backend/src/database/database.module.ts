import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { createPGliteDriver } from './pglite-pool';

/** `DATABASE_URL` → that PostgreSQL server; unset → PGlite stored in `${DATA_DIR}/pglite` (or memory with DATA_DIR=:memory:). */
export function typeOrmOptions(config: AppConfig): TypeOrmModuleOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Run by runMigrationsLocked below, under an advisory lock, not by TypeORM on its own.
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error' as const],
  };
  if (config.databaseUrl) {
    // query_timeout: a partitioned server (packets dropped, no reset) must give a 503, not a request that hangs.
    return { ...common, url: config.databaseUrl, extra: { max: 10, connectionTimeoutMillis: 5_000, query_timeout: 8_000 } };
  }
  const dataDir = config.env.DATA_DIR === ':memory:' ? undefined : path.resolve(config.env.DATA_DIR, 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const { driver } = createPGliteDriver(dataDir);
  return { ...common, driver };
}

/** Any fixed 64-bit key: the lock every process takes while it migrates. */
const MIGRATION_LOCK_KEY = 727_001_482;

/**
 * Replicas started together against an empty database would otherwise race to create the same tables. The first
 * takes the advisory lock and migrates; the others wait, then find nothing left to run.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: typeOrmOptions,
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource(options as DataSourceOptions).initialize();
        // With PGlite (one connection, lent to one runner at a time) the lock runner holds the connection the
        // migrations need; a single embedded process has nobody to race with anyway.
        if ((options as { url?: string }).url) await runMigrationsLocked(dataSource);
        else await dataSource.runMigrations({ transaction: 'each' });
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
