import 'reflect-metadata';
import { createApp, loadConfig } from './bootstrap';
import { AppConfig } from './config/app-config';
import { logRoleSummary } from './role-summary';

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
  logRoleSummary(app, { http: true });
  const url = `http://${config.env.HOST === '127.0.0.1' ? 'localhost' : config.env.HOST}:${config.port}`;
  const storage = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.env.DATA_DIR}`;
  const bus = config.redisUrl ? 'Redis' : 'in-process queue/cache';
  console.log(`Coincast (${config.role}) listening on ${url}  ·  API docs ${url}/api/docs  ·  ${storage}, ${bus}`);
  if (config.jwtSecretSource === 'generated')
    console.log(`Generated a token-signing secret in ${config.env.DATA_DIR}/jwt-secret (kept across restarts; set JWT_SECRET to use your own)`);
  if (config.env.HOST === '127.0.0.1') console.log('Listening on loopback only; set HOST=0.0.0.0 to accept connections from other machines');
}

main().catch((error) => {
  console.error('Coincast failed to start:', error);
  process.exit(1);
});
