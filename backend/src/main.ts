import 'reflect-metadata';
import { createApp, loadConfig } from './bootstrap';
import { AppConfig } from './config/app-config';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.env.HOST });
  const url = `http://localhost:${config.port}`;
  const storage = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.env.DATA_DIR}`;
  const bus = config.redisUrl ? 'Redis' : 'in-process queue/cache';
  console.log(`Coincast (${config.role}) listening on ${url}  ·  API docs ${url}/api/docs  ·  ${storage}, ${bus}`);
}

main().catch((error) => {
  console.error('Coincast failed to start:', error);
  process.exit(1);
});
