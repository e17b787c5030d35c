import type { AlertRuleSnapshot } from './alert-types';

/** The one thing the loader needs from a database: TypeORM's DataSource and pg's Client both fit. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Columns of `alert_rules` as the engine reads them, camel-cased to an AlertRuleSnapshot. */
export const RULE_SNAPSHOT_COLUMNS = `
  id, user_id AS "userId", type, symbol, threshold::text AS threshold, pct, window_minutes AS "windowMinutes",
  portfolio_id AS "portfolioId", direction, horizon, probability, mode, cooldown_minutes AS "cooldownMinutes",
  to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt", status,
  to_char(cooldown_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "cooldownUntil"`;

function rowsOf(result: unknown): AlertRuleSnapshot[] {
  // pg's Client returns { rows }, TypeORM returns the rows.
  return (Array.isArray(result) ? result : (result as { rows: AlertRuleSnapshot[] }).rows) as AlertRuleSnapshot[];
}

/**
 * Streams every armed rule in batches (keyset pagination on id), so a start-up with millions of
 * rules never holds one giant result set and never skips or repeats a row. The next batch is
 * already requested while the caller indexes the current one (the database works meanwhile).
 */
export async function* loadArmedRules(db: SqlRunner, batchSize = 20_000): AsyncGenerator<AlertRuleSnapshot[]> {
  const fetchAfter = async (after: string | null): Promise<AlertRuleSnapshot[]> => {
    const rows = rowsOf(
      await db.query(
        `SELECT ${RULE_SNAPSHOT_COLUMNS} FROM alert_rules
          WHERE status = 'armed' AND ($1::uuid IS NULL OR id > $1::uuid)
          ORDER BY id LIMIT $2`,
        [after, batchSize],
      ),
    );
    for (const row of rows) {
      // double precision columns come back as strings from some drivers.
      row.pct = row.pct === null ? null : Number(row.pct);
      row.probability = row.probability === null ? null : Number(row.probability);
    }
    return rows;
  };
  let pending = fetchAfter(null);
  for (;;) {
    const rows = await pending;
    if (rows.length === 0) return;
    const more = rows.length === batchSize;
    if (more) {
      pending = fetchAfter(rows[rows.length - 1]!.id);
      pending.catch(() => undefined); // surfaced by the next await; no unhandled rejection if the caller stops early
    }
    yield rows;
    if (!more) return;
  }
}
