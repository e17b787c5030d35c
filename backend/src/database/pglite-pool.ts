import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';

/**
 * A node-postgres-shaped pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite is a single connection. typeorm-pglite hands that connection to every query runner at once, so two
 * concurrent transactions would interleave their BEGIN/COMMIT on it and corrupt each other. This pool lends the
 * connection to one query runner at a time (a FIFO mutex), which gives the same isolation a pool of size one gives
 * on a real server. Consequence, as with any pool of size one: code inside a transaction must use that
 * transaction's EntityManager only.
 */
export function createPGliteDriver(dataDir: string | undefined): { driver: unknown; db: PGlite } {
  const db = new PGlite(dataDir, {
    serializers: {
      [types.BOOL]: (value: unknown) => (value === true || value === 'true' ? 'TRUE' : value === false || value === 'false' ? 'FALSE' : String(value)),
    },
  });
  const waiting: Array<() => void> = [];
  let busy = false;

  const acquire = (): Promise<void> =>
    new Promise((resolve) => {
      if (!busy) {
        busy = true;
        resolve();
      } else {
        waiting.push(resolve);
      }
    });
  const releaseLock = (): void => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };

  class PGliteConnection extends EventEmitter {
    async query(sql: string, params?: unknown[] | ((err: unknown, res: unknown) => void), callback?: (err: unknown, res: unknown) => void) {
      const cb = typeof params === 'function' ? params : callback;
      const values = Array.isArray(params) ? params : undefined;
      // PGlite runs queries synchronously on this thread and resolves in a microtask, so a loop of queries (a
      // backfill, loading training candles) would never let pending HTTP requests or socket I/O run. Yielding one
      // macrotask per query lets them interleave (measured: an 18 s stall of /health at start-up in replay mode).
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const result =
          values && values.length > 0
            ? await db.query(sql, values)
            : await db.exec(sql).then((results) => results[results.length - 1] ?? { rows: [], fields: [] });
        // node-postgres reports rowCount; TypeORM reads it for UPDATE/DELETE results.
        const shaped = { ...result, rowCount: (result as { affectedRows?: number }).affectedRows ?? result.rows.length };
        cb?.(null, shaped);
        return shaped;
      } catch (error) {
        if (cb) {
          cb(error, null);
          return undefined;
        }
        throw error;
      }
    }
  }
  const connection = new PGliteConnection();

  class PGlitePool extends EventEmitter {
    connect(callback: (err: unknown, client?: PGliteConnection, release?: (err?: unknown) => void) => void): void {
      acquire()
        .then(() => db.waitReady)
        .then(() => {
          let released = false;
          callback(null, connection, () => {
            if (released) return;
            released = true;
            releaseLock();
          });
        })
        .catch((error) => {
          releaseLock();
          callback(error);
        });
    }
    end(callback?: (err?: unknown) => void): void {
      db.close().then(
        () => callback?.(),
        (error) => callback?.(error),
      );
    }
  }

  return { driver: { Pool: PGlitePool }, db };
}
