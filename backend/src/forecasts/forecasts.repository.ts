import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { liveMetricsFromSums, type ForecastScore, type LiveMetrics, type QuantileValues } from './forecast-scoring';
import type { LossDiff } from './paired-test';
import { GROUP_HORIZONS, INTRADAY_SLOT_HORIZONS, horizonsOfGroup, type AnyHorizonGroup } from './slots';

export interface NewForecast {
  symbol: string;
  horizon: string;
  originTime: number;
  targetTime: number;
  modelVersion: string;
  modelId: string | null;
  isNaive: boolean;
  served: boolean;
  lastPrice: number;
  point: number;
  quantiles: QuantileValues;
  inputLastCandleTime: number;
  /** The point equals the naive baseline's (the last price) for this origin. */
  pointIsNaive: boolean;
  /** The quantiles equal the naive baseline's for this origin. */
  intervalIsNaive: boolean;
}

export interface StoredForecast extends NewForecast {
  id: string;
  createdAt: number;
  actual: number | null;
}

export interface DueForecast {
  id: string;
  symbol: string;
  targetTime: number;
  lastPrice: number;
  point: number;
  quantiles: QuantileValues;
}

export interface HistoryRow {
  originTime: number;
  targetTime: number;
  point: number;
  p10: number;
  p90: number;
  actual: number | null;
  naivePoint: number | null;
}

const ALL_HORIZONS = ['5m', '15m', '30m', '1h', '4h', '24h', '7d', '30d'];

export interface ServedSkill {
  symbol: string;
  horizon: string;
  scored: number;
  relPinball: number | null;
  /** Observed share of actuals inside the central 50 / 80 / 90 % intervals. */
  coverage: Record<'0.5' | '0.8' | '0.9', number>;
  naiveCoverage: Record<'0.5' | '0.8' | '0.9', number>;
}
const Q_COLUMNS = ['q05', 'q10', 'q25', 'q50', 'q75', 'q90', 'q95'] as const;
const Q_LEVELS = ['0.05', '0.1', '0.25', '0.5', '0.75', '0.9', '0.95'] as const;

/** PostgreSQL array literal of finite numbers. */
const numArray = (values: number[]) => `{${values.join(',')}}`;
/** PostgreSQL array literal of texts (quoted, escaped). */
const textArray = (values: (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;

type Row = Record<string, unknown>;
const ms = (v: unknown) => new Date(v as string | Date).getTime();
const num = (v: unknown) => Number(v);

function quantilesOf(row: Row): QuantileValues {
  const q = {} as QuantileValues;
  Q_COLUMNS.forEach((col, i) => (q[Q_LEVELS[i]!] = num(row[col])));
  return q;
}

function toStored(row: Row): StoredForecast {
  return {
    id: row.id as string,
    symbol: row.symbol as string,
    horizon: row.horizon as string,
    originTime: ms(row.origin_time),
    targetTime: ms(row.target_time),
    modelVersion: row.model_version as string,
    modelId: (row.model_id as string | null) ?? null,
    isNaive: row.is_naive as boolean,
    served: row.served as boolean,
    lastPrice: num(row.last_price),
    point: num(row.point),
    quantiles: quantilesOf(row),
    inputLastCandleTime: ms(row.input_last_candle_time),
    // Rows made before the flags existed: only the naive model's own rows are known to be naive.
    pointIsNaive: (row.point_is_naive as boolean | null) ?? (row.is_naive as boolean),
    intervalIsNaive: (row.interval_is_naive as boolean | null) ?? (row.is_naive as boolean),
    createdAt: ms(row.created_at),
    actual: row.actual === null || row.actual === undefined ? null : num(row.actual),
  };
}

/**
 * Data access for the forecast store (raw SQL: batched idempotent inserts, scoring updates, aggregates).
 * Writes are keyed by (symbol, horizon, origin_time, model_version): inserting a slot twice changes nothing.
 */
@Injectable()
export class ForecastsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts with ON CONFLICT DO NOTHING; returns the rows actually inserted (empty on a rerun). */
  async insert(forecasts: readonly NewForecast[]): Promise<StoredForecast[]> {
    if (forecasts.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `INSERT INTO forecasts (symbol, horizon, origin_time, target_time, model_version, model_id, is_naive, served,
         last_price, point, q05, q10, q25, q50, q75, q90, q95, input_last_candle_time, point_is_naive, interval_is_naive)
       SELECT s, h, 'epoch'::timestamptz + o * interval '1 millisecond', 'epoch'::timestamptz + t * interval '1 millisecond',
         v, m::uuid, nv, sv, lp, p, a05, a10, a25, a50, a75, a90, a95, 'epoch'::timestamptz + ic * interval '1 millisecond', pn, inn
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::boolean[], $8::boolean[],
         $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::float8[],
         $17::float8[], $18::bigint[], $19::boolean[], $20::boolean[])
         AS u(s, h, o, t, v, m, nv, sv, lp, p, a05, a10, a25, a50, a75, a90, a95, ic, pn, inn)
       ON CONFLICT ON CONSTRAINT forecasts_natural_key DO NOTHING
       RETURNING *`,
      [
        textArray(forecasts.map((f) => f.symbol)),
        textArray(forecasts.map((f) => f.horizon)),
        numArray(forecasts.map((f) => f.originTime)),
        numArray(forecasts.map((f) => f.targetTime)),
        textArray(forecasts.map((f) => f.modelVersion)),
        textArray(forecasts.map((f) => f.modelId)),
        `{${forecasts.map((f) => f.isNaive).join(',')}}`,
        `{${forecasts.map((f) => f.served).join(',')}}`,
        numArray(forecasts.map((f) => f.lastPrice)),
        numArray(forecasts.map((f) => f.point)),
        ...Q_LEVELS.map((level) => numArray(forecasts.map((f) => f.quantiles[level]))),
        numArray(forecasts.map((f) => f.inputLastCandleTime)),
        `{${forecasts.map((f) => f.pointIsNaive).join(',')}}`,
        `{${forecasts.map((f) => f.intervalIsNaive).join(',')}}`,
      ],
    );
    return rows.map(toStored);
  }

  /**
   * Deletes forecasts whose target time is before `targetBefore`, in batches so no single statement holds locks
   * on a large part of the table. Returns how many rows went.
   */
  async pruneBefore(targetBefore: number, batchSize = 5_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      // Counted by a SELECT over the deleted rows: TypeORM shapes a bare DELETE's result differently per driver.
      const [{ n }]: Array<{ n: number }> = await this.db.query(
        `WITH gone AS (
           DELETE FROM forecasts WHERE id IN (
             SELECT id FROM forecasts WHERE target_time < 'epoch'::timestamptz + $1::bigint * interval '1 millisecond' LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [targetBefore, batchSize],
      );
      deleted += n;
      if (n < batchSize) return deleted;
    }
  }

  /** pruneBefore for some horizons only (the sub-hour ones are kept for less time: 288 slots a day). */
  async pruneHorizonsBefore(targetBefore: number, horizons: readonly string[], batchSize = 5_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [{ n }]: Array<{ n: number }> = await this.db.query(
        `WITH gone AS (
           DELETE FROM forecasts WHERE id IN (
             SELECT id FROM forecasts WHERE target_time < 'epoch'::timestamptz + $1::bigint * interval '1 millisecond' AND horizon = ANY($3::text[]) LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [targetBefore, batchSize, textArray([...horizons])],
      );
      deleted += n;
      if (n < batchSize) return deleted;
    }
  }

  /** Latest origin of the naive baseline in a group: the last slot that ran (every slot stores naive forecasts). */
  async lastSlot(group: AnyHorizonGroup): Promise<number | undefined> {
    const rows: Row[] = await this.db.query(`SELECT max(origin_time) AS last FROM forecasts WHERE is_naive AND horizon = ANY($1::text[])`, [
      textArray(horizonsOfGroup(group)),
    ]);
    return rows[0]?.last ? ms(rows[0].last) : undefined;
  }

  /** Which (symbol, model version) pairs already have forecasts at a slot (a rerun skips them). */
  async existingAt(group: AnyHorizonGroup, origin: number): Promise<Set<string>> {
    const rows: Row[] = await this.db.query(`SELECT DISTINCT symbol, model_version FROM forecasts WHERE origin_time = $1 AND horizon = ANY($2::text[])`, [
      new Date(origin).toISOString(),
      textArray(horizonsOfGroup(group)),
    ]);
    return new Set(rows.map((r) => `${r.symbol as string}|${r.model_version as string}`));
  }

  async countAll(): Promise<number> {
    const rows: Row[] = await this.db.query(`SELECT count(*) AS n FROM forecasts`);
    return num(rows[0]?.n ?? 0);
  }

  /** Unscored forecasts whose target time has passed, oldest first. */
  async due(now: number, limit: number): Promise<DueForecast[]> {
    const rows: Row[] = await this.db.query(
      `SELECT id, symbol, target_time, last_price, point, q05, q10, q25, q50, q75, q90, q95 FROM forecasts
       WHERE actual IS NULL AND scored_at IS NULL AND target_time <= $1 ORDER BY target_time LIMIT $2`,
      [new Date(now).toISOString(), limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      symbol: row.symbol as string,
      targetTime: ms(row.target_time),
      lastPrice: num(row.last_price),
      point: num(row.point),
      quantiles: quantilesOf(row),
    }));
  }

  async saveScores(scores: ReadonlyArray<{ id: string; score: ForecastScore }>, scoredAt: number): Promise<void> {
    if (scores.length === 0) return;
    await this.db.query(
      `UPDATE forecasts f SET actual = u.a, abs_error = u.e, scaled_abs_error = u.se, hit80 = u.h80, hit90 = u.h90,
         pinball = u.p, scaled_pinball = u.sp, scored_at = $9
       FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::float8[], $5::boolean[], $6::boolean[], $7::float8[], $8::float8[])
         AS u(id, a, e, se, h80, h90, p, sp)
       WHERE f.id = u.id AND f.actual IS NULL`,
      [
        `{${scores.map((s) => s.id).join(',')}}`,
        numArray(scores.map((s) => s.score.actual)),
        numArray(scores.map((s) => s.score.absError)),
        numArray(scores.map((s) => s.score.scaledAbsError)),
        `{${scores.map((s) => s.score.hit80).join(',')}}`,
        `{${scores.map((s) => s.score.hit90).join(',')}}`,
        numArray(scores.map((s) => s.score.pinball)),
        numArray(scores.map((s) => s.score.scaledPinball)),
        new Date(scoredAt).toISOString(),
      ],
    );
  }

  /** Gives up on forecasts whose actual candle never arrived (a gap in the data): scored_at set, actual left NULL. */
  async markUnscorable(ids: readonly string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE forecasts SET scored_at = $2 WHERE id = ANY($1::uuid[]) AND actual IS NULL`, [
      `{${ids.join(',')}}`,
      new Date(at).toISOString(),
    ]);
  }

  /**
   * Latest served forecast per (symbol, horizon) of the given symbols; at equal origins a trained model's wins over
   * naive. One index probe per (symbol, horizon) (LATERAL … LIMIT 1), so the cost does not grow with the history.
   */
  async latestServed(symbols: readonly string[]): Promise<StoredForecast[]> {
    if (symbols.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `SELECT f.* FROM unnest($1::text[]) AS s(symbol) CROSS JOIN unnest($2::text[]) AS h(horizon)
       CROSS JOIN LATERAL (
         SELECT * FROM forecasts x WHERE x.served AND x.symbol = s.symbol AND x.horizon = h.horizon
         ORDER BY x.origin_time DESC, x.is_naive ASC, x.created_at DESC LIMIT 1) AS f`,
      [textArray([...symbols]), textArray(ALL_HORIZONS)],
    );
    return rows.map(toStored);
  }

  /**
   * The served forecast (all quantiles) of each origin of a symbol and horizon in [from, to], oldest first; with
   * `everyMs`, only origins on that grid (e.g. UTC midnights). The strategy page's walk-forward input.
   */
  async servedSeries(
    symbol: string,
    horizon: string,
    range: { from: number; to: number; everyMs?: number; limit: number },
  ): Promise<Array<Pick<StoredForecast, 'originTime' | 'lastPrice' | 'quantiles'>>> {
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (origin_time) origin_time, last_price, q05, q10, q25, q50, q75, q90, q95 FROM forecasts
       WHERE served AND symbol = $1 AND horizon = $2 AND origin_time >= $3 AND origin_time <= $4
         AND ($5::bigint IS NULL OR mod((extract(epoch FROM origin_time) * 1000)::bigint, $5::bigint) = 0)
       ORDER BY origin_time ASC, is_naive ASC, created_at DESC
       LIMIT $6`,
      [symbol, horizon, new Date(range.from).toISOString(), new Date(range.to).toISOString(), range.everyMs ?? null, range.limit],
    );
    return rows.map((row) => ({ originTime: ms(row.origin_time), lastPrice: num(row.last_price), quantiles: quantilesOf(row) }));
  }

  /** Served forecasts of a symbol and horizon by origin time, with the naive baseline's point beside each. */
  async history(symbol: string, horizon: string, from: number, to: number, limit: number): Promise<HistoryRow[]> {
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (f.origin_time) f.origin_time, f.target_time, f.point, f.q10, f.q90, f.actual, n.point AS naive_point
       FROM forecasts f
       LEFT JOIN forecasts n ON n.symbol = f.symbol AND n.horizon = f.horizon AND n.origin_time = f.origin_time AND n.is_naive
       WHERE f.served AND f.symbol = $1 AND f.horizon = $2 AND f.origin_time >= $3 AND f.origin_time <= $4
       ORDER BY f.origin_time DESC, f.is_naive ASC, f.created_at DESC
       LIMIT $5`,
      [symbol, horizon, new Date(from).toISOString(), new Date(to).toISOString(), limit],
    );
    return rows
      .map((row) => ({
        originTime: ms(row.origin_time),
        targetTime: ms(row.target_time),
        point: num(row.point),
        p10: num(row.q10),
        p90: num(row.q90),
        actual: row.actual === null ? null : num(row.actual),
        naivePoint: row.naive_point === null ? null : num(row.naive_point),
      }))
      .reverse();
  }

  /**
   * Live metrics of a model version over scored forecasts with target time >= `from`, next to the naive forecasts
   * of the same (symbol, horizon, origin). `scaled` pools coins by using errors relative to the origin price.
   */
  async liveMetrics(filter: {
    modelVersion: string;
    horizons: string[];
    symbol?: string;
    from: number;
    scaled: boolean;
    /** Only (symbol, horizon, origin) that this other model version also has scored (a like-for-like comparison). */
    sameOriginsAs?: string;
  }): Promise<LiveMetrics | null> {
    const e = filter.scaled ? 'scaled_abs_error' : 'abs_error';
    const p = filter.scaled ? 'scaled_pinball' : 'pinball';
    const rows: Row[] = await this.db.query(
      `SELECT count(*) AS n, coalesce(sum(f.${e}), 0) AS e, coalesce(sum(n.${e}), 0) AS ne, coalesce(sum(f.${p}), 0) AS p,
         coalesce(sum(n.${p}), 0) AS np, count(*) FILTER (WHERE f.hit80) AS hits, count(*) FILTER (WHERE n.hit80) AS nhits
       FROM forecasts f
       JOIN forecasts n ON n.symbol = f.symbol AND n.horizon = f.horizon AND n.origin_time = f.origin_time AND n.is_naive
         AND n.actual IS NOT NULL
       WHERE f.model_version = $1 AND f.horizon = ANY($2::text[]) AND f.actual IS NOT NULL AND f.target_time >= $3
         AND ($4::text IS NULL OR f.symbol = $4)
         AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM forecasts o WHERE o.model_version = $5 AND o.symbol = f.symbol
               AND o.horizon = f.horizon AND o.origin_time = f.origin_time AND o.actual IS NOT NULL))`,
      [filter.modelVersion, textArray(filter.horizons), new Date(filter.from).toISOString(), filter.symbol ?? null, filter.sameOriginsAs ?? null],
    );
    const r = rows[0]!;
    return liveMetricsFromSums({
      n: num(r.n),
      absError: num(r.e),
      naiveAbsError: num(r.ne),
      pinball: num(r.p),
      naivePinball: num(r.np),
      hits80: num(r.hits),
      naiveHits80: num(r.nhits),
    });
  }

  /**
   * Scaled pinball of `candidate` next to `reference` on the same scored (symbol, horizon, origin), targets at or
   * after `from`: the pairs the lifecycle's paired test reads (reference 'naive' = the baseline).
   */
  async pairedDiffs(candidate: string, reference: string, horizons: string[], from: number, until?: number): Promise<LossDiff[]> {
    const rows: Row[] = await this.db.query(
      `SELECT (extract(epoch FROM c.origin_time) * 1000)::bigint AS t, c.scaled_pinball AS l, o.scaled_pinball AS r
       FROM forecasts c
       JOIN forecasts o ON o.symbol = c.symbol AND o.horizon = c.horizon AND o.origin_time = c.origin_time
         AND o.model_version = $2 AND o.actual IS NOT NULL
       WHERE c.model_version = $1 AND c.horizon = ANY($3::text[]) AND c.actual IS NOT NULL AND c.target_time >= $4
         AND ($5::timestamptz IS NULL OR c.target_time <= $5)`,
      [candidate, reference, textArray(horizons), new Date(from).toISOString(), until === undefined ? null : new Date(until).toISOString()],
    );
    return rows.map((row) => ({ time: num(row.t), diff: num(row.l) - num(row.r), loss: num(row.l), referenceLoss: num(row.r) }));
  }

  /**
   * Track record of what users saw: the SERVED forecast of each (symbol, horizon, origin) scored in the window, next
   * to the naive baseline's forecast of the same origin. Coverage at three nominal levels (50 / 80 / 90 %) for the
   * calibration picture. One grouped query for all given symbols.
   */
  async servedSkill(symbols: readonly string[], from: number): Promise<ServedSkill[]> {
    if (symbols.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `WITH served AS (
         SELECT DISTINCT ON (symbol, horizon, origin_time) symbol, horizon, origin_time, scaled_pinball, hit80, hit90, actual, q25, q75
         FROM forecasts WHERE served AND actual IS NOT NULL AND target_time >= $1 AND symbol = ANY($2::text[])
         ORDER BY symbol, horizon, origin_time, is_naive ASC, created_at DESC)
       SELECT f.symbol, f.horizon, count(*) AS n, sum(f.scaled_pinball) AS p, sum(n.scaled_pinball) AS np,
         count(*) FILTER (WHERE f.actual >= f.q25 AND f.actual <= f.q75) AS h50, count(*) FILTER (WHERE f.hit80) AS h80,
         count(*) FILTER (WHERE f.hit90) AS h90,
         count(*) FILTER (WHERE n.actual >= n.q25 AND n.actual <= n.q75) AS n50, count(*) FILTER (WHERE n.hit80) AS n80,
         count(*) FILTER (WHERE n.hit90) AS n90
       FROM served f
       JOIN forecasts n ON n.symbol = f.symbol AND n.horizon = f.horizon AND n.origin_time = f.origin_time AND n.is_naive AND n.actual IS NOT NULL
       GROUP BY f.symbol, f.horizon`,
      [new Date(from).toISOString(), textArray([...symbols])],
    );
    return rows.map((r) => {
      const n = num(r.n);
      const np = num(r.np);
      return {
        symbol: r.symbol as string,
        horizon: r.horizon as string,
        scored: n,
        relPinball: np > 0 ? num(r.p) / np : null,
        coverage: { '0.5': num(r.h50) / n, '0.8': num(r.h80) / n, '0.9': num(r.h90) / n },
        naiveCoverage: { '0.5': num(r.n50) / n, '0.8': num(r.n80) / n, '0.9': num(r.n90) / n },
      };
    });
  }

  /**
   * Live relPinball of the served forecasts per horizon group and UTC day of target time (the Models page chart).
   */
  async servedByDay(from: number): Promise<Array<{ group: AnyHorizonGroup; day: number; scored: number; relPinball: number | null; coverage80: number }>> {
    const rows: Row[] = await this.db.query(
      `WITH served AS (
         SELECT DISTINCT ON (symbol, horizon, origin_time) symbol, horizon, origin_time, target_time, scaled_pinball, hit80
         FROM forecasts WHERE served AND actual IS NOT NULL AND target_time >= $1
         ORDER BY symbol, horizon, origin_time, is_naive ASC, created_at DESC)
       SELECT CASE WHEN f.horizon = ANY($2::text[]) THEN 'hourly' WHEN f.horizon = ANY($3::text[]) THEN 'intraday' ELSE 'daily' END AS grp,
         (floor(extract(epoch FROM f.target_time) / 86400) * 86400000)::bigint AS day,
         count(*) AS n, sum(f.scaled_pinball) AS p, sum(n.scaled_pinball) AS np, count(*) FILTER (WHERE f.hit80) AS h80
       FROM served f
       JOIN forecasts n ON n.symbol = f.symbol AND n.horizon = f.horizon AND n.origin_time = f.origin_time AND n.is_naive AND n.actual IS NOT NULL
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [new Date(from).toISOString(), textArray(GROUP_HORIZONS.hourly), textArray(INTRADAY_SLOT_HORIZONS)],
    );
    return rows.map((r) => ({
      group: r.grp as AnyHorizonGroup,
      day: num(r.day),
      scored: num(r.n),
      relPinball: num(r.np) > 0 ? num(r.p) / num(r.np) : null,
      coverage80: num(r.h80) / num(r.n),
    }));
  }

  /** Mean scaled absolute error per UTC day of target time (complete days before `before`). */
  async dailyErrors(modelVersion: string, horizons: string[], from: number, before: number): Promise<{ day: number; error: number }[]> {
    const rows: Row[] = await this.db.query(
      `SELECT (floor(extract(epoch FROM target_time) / 86400) * 86400000)::bigint AS day, avg(scaled_abs_error) AS error FROM forecasts
       WHERE model_version = $1 AND horizon = ANY($2::text[]) AND actual IS NOT NULL AND target_time >= $3 AND target_time < $4
       GROUP BY 1 ORDER BY 1`,
      [modelVersion, textArray(horizons), new Date(from).toISOString(), new Date(before).toISOString()],
    );
    return rows.map((row) => ({ day: num(row.day), error: num(row.error) }));
  }
}
