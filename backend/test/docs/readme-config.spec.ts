import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env.schema';

/** The README's configuration table must name every variable the backend reads. */
describe('README configuration table', () => {
  it('documents every environment variable of the schema', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const missing = Object.keys(envSchema.shape).filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
