import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { resolveJwtSecret } from './auth/jwt-secret';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DASHBOARD_CSP_DIRECTIVES, PERMISSIONS_POLICY } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { parseEnv } from './config/env.schema';
import { createLoggers, RequestLogController } from './logging';
import { ConfiguredIoAdapter } from './stream/io-adapter';

export const API_PREFIX = 'api/v1';
/** JSON bodies above this are refused with 413 (CSV imports included). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Validated configuration; fails here (before anything starts) when no signing secret can be had. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  return new AppConfig(env, resolveJwtSecret(env));
}

/** Builds the HTTP application (not yet listening): used by main.ts, tests and benchmarks alike. */
export async function createApp(config: AppConfig, options: { logStream?: DestinationStream } = {}): Promise<NestFastifyApplication> {
  const loggers = createLoggers(config, options.logStream);
  const adapter = new FastifyAdapter({
    trustProxy: config.env.TRUST_PROXY,
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: loggers.requests,
    logController: new RequestLogController(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, loggers.app), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new ConfiguredIoAdapter(app, config));
  // The dashboard's refresh token travels in an httpOnly cookie (see AuthController); nothing else reads cookies.
  await app.register(fastifyCookie);

  const frontendDir = config.env.FRONTEND_DIST ? path.resolve(config.env.FRONTEND_DIST) : '';
  const hasFrontend = frontendDir !== '' && existsSync(path.join(frontendDir, 'index.html'));
  app.useGlobalFilters(new AllExceptionsFilter(hasFrontend ? path.join(frontendDir, 'index.html') : undefined));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coincast API')
      .setDescription('Markets, portfolios, alerts and forecasts. Authenticate with a Bearer access token or an X-API-Key.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  if (hasFrontend) {
    // The same headers and CSP as nginx (src/common/security-headers.ts); Swagger UI needs inline script, so it gets
    // every header but the CSP, as behind nginx.
    await app.register(fastifyHelmet, {
      global: false,
      contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP_DIRECTIVES },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      frameguard: { action: 'deny' },
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      originAgentCluster: false,
      strictTransportSecurity: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    });
    const instance = app.getHttpAdapter().getInstance();
    instance.addHook('onRequest', async (request, reply) => {
      const docs = request.url.startsWith('/api/docs');
      await (reply as unknown as { helmet(options?: object): Promise<void> }).helmet(docs ? { contentSecurityPolicy: false } : undefined);
      void reply.header('permissions-policy', PERMISSIONS_POLICY);
    });
    await app.register(fastifyStatic, {
      root: frontendDir,
      prefix: '/',
      decorateReply: false,
      wildcard: true,
      index: ['index.html'],
      // Hashed assets never change; index.html must always be revalidated so a deploy is picked up at once.
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
        else if (filePath.endsWith('index.html')) res.header('cache-control', 'no-cache');
      },
    });
  }
  return app;
}
