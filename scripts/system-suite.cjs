#!/usr/bin/env node
/**
 * Runs a suite that needs system software beyond Node (the scale-out suite: nginx, redis-server, PostgreSQL; the
 * browser end-to-end tests: Chromium). On a developer machine without them the suite is skipped with a message that
 * says what to install, so `npm test` passes with only Node and npm. With CI=true nothing is skipped: `.ci/run`
 * installs everything, and a missing piece must fail the build.
 */
const { spawnSync } = require('node:child_process');

const SUITES = {
  scale: { script: 'test:scale:run', needs: ['nginx', 'redis-server', 'pg_isready'], postgres: true },
  e2e: { script: 'test:e2e:run', needs: ['chromium'], postgres: false },
};

const name = process.argv[2];
const suite = SUITES[name];
if (!suite) {
  console.error(`usage: system-suite.cjs ${Object.keys(SUITES).join('|')}`);
  process.exit(2);
}
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = suite.needs.filter((command) => !has(command));
if (suite.postgres && missing.length === 0 && spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status !== 0) {
  missing.push('PostgreSQL on 127.0.0.1:5432');
}
if (missing.length > 0 && process.env.CI !== 'true') {
  console.log(`\n${name} suite SKIPPED: missing ${missing.join(', ')} (e.g. apt-get install -y nginx redis-server chromium postgresql). CI runs it always.\n`);
  process.exit(0);
}
const result = spawnSync('npm', ['run', suite.script], { stdio: 'inherit' });
process.exit(result.status ?? 1);
