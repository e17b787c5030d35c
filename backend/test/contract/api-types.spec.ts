import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, buildOpenApiDocument, renderApiTypes } from '../../src/cli/openapi';

// One API contract: the frontend's types are generated from the document the server serves. When this fails, run
// `npm run api-types` at the root and commit frontend/src/lib/api-types.ts.
describe('frontend API types', () => {
  it('frontend/src/lib/api-types.ts matches the OpenAPI document', async () => {
    const document = await buildOpenApiDocument();
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
    const expected = await renderApiTypes(document);
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    expect(committed === expected, 'frontend/src/lib/api-types.ts is stale: run `npm run api-types` at the root and commit it').toBe(true);
  });
});
