import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadConfig } from './bootstrap';
import { createLoggers } from './logging';
import { logRoleSummary } from './role-summary';

/** Worker entry point: ingestion, alert evaluation and forecasting, no HTTP. Same code base, ROLE=worker. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, ROLE: process.env.ROLE ?? 'worker' });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, createLoggers(config).app), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  logRoleSummary(app, { http: false });
  console.log(`Coincast worker started (role ${config.role})`);
}

main().catch((error) => {
  console.error('Coincast worker failed to start:', error);
  process.exit(1);
});
