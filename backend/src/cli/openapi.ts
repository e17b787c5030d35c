/**
 * The API contract: the OpenAPI document the server serves at /api/docs-json, built without a running server, and the
 * frontend types generated from it (frontend/src/lib/api-types.ts, committed).
 *   npm run api-types            (at the root) regenerates the frontend types
 *   npm run api-types -- --check exits 1 when the committed file is stale
 *   npm run api-types -- --json out.json writes the document itself
 * The app is the real one (createApp) on an in-memory PGlite with ROLE=api and a throwaway JWT secret, so the document
 * is exactly what SwaggerModule serves; nothing listens and nothing outside is contacted.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp, loadConfig } from '../bootstrap';

/** The generated frontend types (committed). */
export const API_TYPES_PATH = path.resolve(__dirname, '../../../frontend/src/lib/api-types.ts');

const HEADER = [
  '/**',
  ' * Generated from the backend OpenAPI document by openapi-typescript: do not edit.',
  ' * Regenerate with `npm run api-types` at the root (backend/src/cli/openapi.ts).',
  ' */',
  '',
].join('\n');

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, unknown> };

/** The document SwaggerModule serves, from an app that is built and initialised but never listens. */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({
    NODE_ENV: 'production',
    ROLE: 'api',
    DATA_DIR: ':memory:',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    FRONTEND_DIST: '',
    PORT: '0',
  });
  const app = await createApp(config);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const response = await app.inject({ method: 'GET', url: '/api/docs-json' });
    if (response.statusCode !== 200) throw new Error(`GET /api/docs-json answered ${response.statusCode}`);
    return response.json() as OpenApiDocument;
  } finally {
    await app.close();
  }
}

/** The TypeScript source of frontend/src/lib/api-types.ts for this document. */
export async function renderApiTypes(document: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true, exportType: false });
  return HEADER + astToString(ast);
}

async function main(args: string[]): Promise<number> {
  const document = await buildOpenApiDocument();
  if (args[0] === '--json') {
    const target = args[1];
    const json = `${JSON.stringify(document, null, 2)}\n`;
    if (target) writeFileSync(target, json);
    else process.stdout.write(json);
    return 0;
  }
  const source = await renderApiTypes(document);
  if (args[0] === '--check') {
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    if (committed === source) return 0;
    console.error(`${path.relative(process.cwd(), API_TYPES_PATH)} is stale: run \`npm run api-types\` and commit the result`);
    return 1;
  }
  writeFileSync(API_TYPES_PATH, source);
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_PATH)} (${Object.keys(document.paths).length} paths)`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
