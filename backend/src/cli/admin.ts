/**
 * Operator CLI for roles (the only way to become admin):
 *   npm run admin -w backend -- grant ada@example.com
 *   npm run admin -w backend -- revoke ada@example.com
 *   npm run admin -w backend -- list
 * In a container: `node dist/cli/admin.js grant EMAIL`. It uses the same configuration as the server (DATABASE_URL,
 * REDIS_URL, DATA_DIR). With REDIS_URL the running replicas learn the change at once; without it a running server
 * picks it up within a minute. With the embedded database (no DATABASE_URL) stop `npm start` first: PGlite is
 * single-process.
 */
import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AuthChange } from '../auth/auth-state';
import { AUTH_CHANGED_CHANNEL } from '../auth/auth-state';
import { normaliseEmail } from '../auth/secrets';
import { AppConfig } from '../config/app-config';
import { parseEnv } from '../config/env.schema';
import { typeOrmOptions } from '../database/database.module';
import { createRedisClient, RedisPubSub } from '../infra/redis';
import type { UserRole } from '../users/user.entity';
import { UserRolesRepository } from '../users/user-roles.repository';

export class AdminCommandError extends Error {}

/** Sets the role of the account with this e-mail and announces it; throws when there is no such account. */
export async function setUserRole(db: DataSource, rawEmail: string, role: UserRole, publish: (change: AuthChange) => Promise<void>): Promise<string> {
  const email = normaliseEmail(rawEmail);
  const id = await new UserRolesRepository(db).setRoleByEmail(email, role);
  if (!id) throw new AdminCommandError(`No account with the e-mail ${email}: the user must register first`);
  await publish({ userId: id, reason: 'role' });
  return id;
}

const USAGE = 'Usage: npm run admin -w backend -- grant EMAIL | revoke EMAIL | list';

export async function runAdminCommand(args: string[], source: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const [command, email] = args;
  if (!command || !['grant', 'revoke', 'list'].includes(command) || (command !== 'list' && !email)) throw new AdminCommandError(USAGE);
  const config = new AppConfig(parseEnv(source));
  const db = await new DataSource(typeOrmOptions(config) as DataSourceOptions).initialize();
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : null;
  const pubsub = redis ? new RedisPubSub(redis, config.redisPrefix) : null;
  try {
    await db.runMigrations({ transaction: 'each' });
    if (command === 'list') {
      const admins = await new UserRolesRepository(db).adminEmails();
      out(admins.length ? admins.join('\n') : '(no administrators)');
      return;
    }
    const role: UserRole = command === 'grant' ? 'admin' : 'user';
    await setUserRole(db, email!, role, async (change) => {
      await pubsub?.publish(AUTH_CHANGED_CHANNEL, change);
    });
    out(
      `${normaliseEmail(email!)} is now ${role === 'admin' ? 'an administrator' : 'a regular user'}${pubsub ? '' : ' (no REDIS_URL: a running server applies it within a minute)'}`,
    );
  } finally {
    await pubsub?.close();
    redis?.disconnect();
    await db.destroy();
  }
}

if (require.main === module) {
  runAdminCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof AdminCommandError ? error.message : `admin command failed: ${String(error)}`);
      process.exit(1);
    },
  );
}
