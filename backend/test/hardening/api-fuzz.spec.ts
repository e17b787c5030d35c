import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';
import { fillPath, listOperations, RouteOperation } from './openapi-routes';
import { FACTORIES, Ids } from './resources';

/**
 * Property-based fuzzing of every authenticated operation, generated from the OpenAPI schemas. Invariants:
 * never a 5xx; every error is the standard body with no stack trace or SQL; a rejected request leaves the
 * database exactly as it was. FUZZ_RUNS sets the cases per operation (default small for `npm test`;
 * `npm run fuzz -w backend` runs a larger campaign).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const LEAK = /QueryFailedError|syntax error|violates|relation "|SELECT |INSERT INTO|UPDATE "|\bat .+\.(ts|js):\d+|node_modules|stack/i;
/** Operations not fuzzed, with the reason. */
const SKIPPED: Record<string, string> = {
  'DELETE /api/v1/auth/me': 'deletes the fuzzing account itself; covered by the auth tests',
  'POST /api/v1/auth/password': 'a lucky valid case would change the password mid-run; covered by the auth tests',
  'POST /api/v1/exchange-accounts':
    'a valid case checks the key with the real exchange (no network in tests); covered by test/exchange-accounts against a fake',
  'PATCH /api/v1/exchange-accounts/{id}/key':
    'a valid case checks the key with the real exchange (no network in tests); covered by test/exchange-accounts against a fake',
};

const weirdStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x10',
    'null',
    'undefined',
    "'; DROP TABLE users; --",
    '%00',
    '\u0000',
    '../../etc/passwd',
    '2024-02-30T25:61:00Z',
    '0000-00-00',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    'BTC/USDT',
    'BTC',
  ),
  fc.constant('x'.repeat(100_000)),
);
const weirdNumbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e-320));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdStrings,
  weirdNumbers,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(weirdStrings, weirdNumbers), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(weirdStrings, weirdNumbers), { maxKeys: 3 }),
);

/** A body built from the schema's property names with hostile values, sometimes with fields missing or extra. */
function bodyFor(op: RouteOperation): fc.Arbitrary<unknown> {
  const properties = Object.keys((op.bodySchema?.properties as Record<string, unknown>) ?? {});
  const shaped = fc.record(Object.fromEntries(properties.map((name) => [name, anyValue])), { requiredKeys: [] });
  const withExtra = fc.tuple(shaped, fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), anyValue, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(shaped, withExtra, anyValue);
}

function queryFor(op: RouteOperation): fc.Arbitrary<Record<string, string>> {
  if (op.queryParams.length === 0) return fc.constant({});
  return fc
    .record(Object.fromEntries(op.queryParams.map((p) => [p.name, weirdStrings])), { requiredKeys: [] })
    .map((query) => Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)));
}

describe('API fuzzing from the OpenAPI schemas', () => {
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 30);
  let t: TestApp;
  let owner: RegisteredUser;
  let operations: RouteOperation[];
  const ids: Ids = {};

  beforeAll(async () => {
    t = await createTestApp({
      env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, LOGIN_RATE_LIMIT_PER_IP: '100000', LOGIN_RATE_LIMIT: '100000', REGISTER_RATE_LIMIT: '100000' },
    });
    operations = listOperations((await t.inject({ method: 'GET', url: '/api/docs-json' })).json());
    owner = await registerUser(t);
    for (const factory of Object.values(FACTORIES)) Object.assign(ids, await factory(t, owner));
  });
  afterAll(async () => {
    await t.close();
    folder.remove();
  });

  /** A digest of every user-data table (market data excluded: the worker may write it at any time). */
  async function databaseDigest(): Promise<string> {
    const tables: Array<{ table_name: string }> = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT IN ('migrations', 'typeorm_metadata') AND table_name NOT LIKE 'candle%' AND table_name NOT LIKE 'ticker%'
         AND table_name NOT LIKE 'forecast%' AND table_name NOT LIKE 'model%' ORDER BY table_name`,
    );
    const parts: string[] = [];
    for (const { table_name } of tables) {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::text AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM "${table_name}" x`,
      );
      parts.push(`${table_name}:${row.n}:${row.h}`);
    }
    return parts.join(',');
  }

  it('never answers 5xx, leaks nothing, and changes nothing when it rejects', async () => {
    const targets = operations.filter((op) => !op.isPublic && !SKIPPED[op.key] && (op.hasBody || op.queryParams.length > 0 || op.pathParams.length > 0));
    let cases = 0;
    for (const op of targets) {
      await fc.assert(
        fc.asyncProperty(bodyFor(op), queryFor(op), fc.boolean(), async (body, query, hostilePath) => {
          cases++;
          const pathValues = hostilePath ? Object.fromEntries(op.pathParams.map((p) => [p, 'x%27;--'])) : { symbol: 'BTC-USDT', ...ids };
          const search = new URLSearchParams(query).toString();
          const url = fillPath(op.path, pathValues).replace(/%25/g, '%') + (search ? `?${search}` : '');
          const before = await databaseDigest();
          const response = await t.inject({
            method: op.method,
            url,
            headers: { ...owner.auth, 'content-type': 'application/json' },
            payload: op.hasBody ? JSON.stringify(body) : undefined,
          });
          const context = `${op.key} ${url.slice(0, 120)} body=${JSON.stringify(body)?.slice(0, 200)}`;
          expect(response.statusCode, context).toBeLessThan(500);
          if (response.statusCode >= 400) {
            const error = response.json();
            expect(
              Object.keys(error).every((key) => ['statusCode', 'error', 'message', 'details'].includes(key)),
              context,
            ).toBe(true);
            expect(error.statusCode, context).toBe(response.statusCode);
            expect(typeof error.message, context).toBe('string');
            expect(response.body, context).not.toMatch(LEAK);
            expect(await databaseDigest(), `rejected request changed the database: ${context}`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
      );
    }
    console.log(`fuzzing: ${targets.length} operations, ${cases} cases (FUZZ_RUNS=${RUNS}), skipped: ${Object.keys(SKIPPED).join(', ')}`);
  }, 600_000);
});
