import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
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
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error' as const],
  };
  if (config.databaseUrl) {
    return { ...common, url: config.databaseUrl, extra: { max: 10, connectionTimeoutMillis: 5_000 } };
  }
  const dataDir = config.env.DATA_DIR === ':memory:' ? undefined : path.resolve(config.env.DATA_DIR, 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const { driver } = createPGliteDriver(dataDir);
  return { ...common, driver };
}

@Global()
@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: typeOrmOptions })],
})
export class DatabaseModule {}
