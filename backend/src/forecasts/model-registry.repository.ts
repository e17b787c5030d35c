import { deserializeModel, naiveModel, serializeModel, type ForecastModel, type ModelArtifact } from '@coincast/ml';
import { DataSource, EntityManager } from 'typeorm';
import { packArtifactFiles, unpackArtifactFiles } from './artifact-blob';
import { ForecastModelRecord, ModelArtifactRecord, ModelEventRecord, type ModelStatus } from './forecast.entities';
import { HORIZON_GROUPS, type AnyHorizonGroup } from './slots';

export const NAIVE_VERSION = 'naive';

export type ModelEventKind =
  | 'registered'
  | 'promoted'
  | 'rolled_back'
  | 'retired'
  | 'retrain_requested'
  | 'training_started'
  | 'training_failed'
  | 'drift_detected'
  | 'baseline_serving'
  /** A lifecycle decision that changed nothing (kept the champion, kept waiting, no rollback), with its figures. */
  | 'evaluated';

export class ModelTransitionError extends Error {}

/**
 * The model registry's data access: artifacts (metadata + weights as bytea) and one record per (model version, horizon group)
 * with its lifecycle status. Every transition writes a model_events row in the same transaction.
 */
export class ModelRegistry {
  private readonly loaded = new Map<string, ForecastModel>();
  private readonly artifacts = new Map<string, ModelArtifact>();

  constructor(
    private readonly db: DataSource,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<ForecastModelRecord[]> {
    return this.db.getRepository(ForecastModelRecord).find({ order: { createdAt: 'DESC', horizonGroup: 'ASC' } });
  }

  async get(id: string): Promise<ForecastModelRecord | null> {
    return this.db.getRepository(ForecastModelRecord).findOneBy({ id });
  }

  async champion(group: AnyHorizonGroup): Promise<ForecastModelRecord | null> {
    return this.db.getRepository(ForecastModelRecord).findOneBy({ horizonGroup: group, status: 'champion' });
  }

  /** The champion and the challengers forecasting in shadow. */
  async active(group: AnyHorizonGroup): Promise<ForecastModelRecord[]> {
    const rows = await this.db.getRepository(ForecastModelRecord).find({
      where: [
        { horizonGroup: group, status: 'champion' },
        { horizonGroup: group, status: 'challenger' },
      ],
    });
    return rows.sort((a, b) => (a.status === b.status ? 0 : a.status === 'champion' ? -1 : 1));
  }

  async events(limit = 200): Promise<ModelEventRecord[]> {
    return this.db.getRepository(ModelEventRecord).find({ order: { at: 'DESC' }, take: limit });
  }

  /** True once a trained (non-naive) model exists in any status. */
  async hasTrainedModel(): Promise<boolean> {
    // The hourly/daily model: the sub-hour one (intraday group) has its own training and schedule.
    const rows: Array<{ n: string }> = await this.db.query(`SELECT count(*) AS n FROM forecast_models WHERE type <> 'naive' AND horizon_group <> 'intraday'`);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /**
   * A retraining asked for and not finished yet (no model registered and no failure logged since): the lifecycle
   * then asks for no other one.
   */
  async pendingRetrain(): Promise<{ at: Date; reason: string } | undefined> {
    const rows: Array<{ kind: string; at: Date; reason: string }> = await this.db.query(
      `SELECT kind, at, reason FROM model_events WHERE kind IN ('retrain_requested', 'registered', 'training_failed')
          AND horizon_group IS DISTINCT FROM 'intraday' ORDER BY at DESC LIMIT 1`,
    );
    const last = rows[0];
    return last && last.kind === 'retrain_requested' ? { at: new Date(last.at), reason: last.reason } : undefined;
  }

  /** Creation time of the newest trained model (for scheduled retraining). */
  async newestTrainedAt(): Promise<number | undefined> {
    const rows: Array<{ at: Date | null }> = await this.db.query(
      `SELECT max(created_at) AS at FROM forecast_models WHERE type <> 'naive' AND horizon_group <> 'intraday'`,
    );
    return rows[0]?.at ? new Date(rows[0].at).getTime() : undefined;
  }

  /**
   * With an empty registry, registers the naive baseline as champion of each group without one, so forecasts are
   * served (marked isNaive) until a trained model is ready. Safe to call from several replicas at once.
   */
  async ensureBaseline(groups: readonly AnyHorizonGroup[] = HORIZON_GROUPS): Promise<void> {
    for (const group of groups) {
      await this.db
        .transaction(async (m) => {
          await m.query(
            `INSERT INTO forecast_models (version, type, horizon_group, status, backtest, promoted_at)
           VALUES ($1, 'naive', $2, 'retired', '{}', NULL) ON CONFLICT (version, horizon_group) DO NOTHING`,
            [NAIVE_VERSION, group],
          );
          const existing = await m.getRepository(ForecastModelRecord).findOneBy({ horizonGroup: group, status: 'champion' });
          if (existing) return;
          // The partial unique index makes a concurrent second champion fail: that replica then just skips.
          const updated: Array<{ id: string }> = await m.query(
            `UPDATE forecast_models SET status = 'champion', promoted_at = $3, retired_at = NULL
           WHERE version = $1 AND horizon_group = $2 AND NOT EXISTS
             (SELECT 1 FROM forecast_models c WHERE c.horizon_group = $2 AND c.status = 'champion')
           RETURNING id`,
            [NAIVE_VERSION, group, this.now()],
          );
          const id = updated[0]?.id ?? (updated as unknown as Array<Array<{ id: string }>>)[0]?.[0]?.id;
          if (id)
            await this.logEvent(m, 'baseline_serving', 'no champion in the registry: the naive baseline serves until a trained model is ready', group, id);
        })
        .catch((error: unknown) => {
          // Another replica made its champion first (unique violation): nothing left to do.
          if ((error as { code?: string }).code !== '23505') throw error;
        });
    }
  }

  /** The naive baseline's record of a group (always forecast beside the others). */
  async naive(group: AnyHorizonGroup): Promise<ForecastModelRecord> {
    const row = await this.db.getRepository(ForecastModelRecord).findOneBy({ version: NAIVE_VERSION, horizonGroup: group });
    if (!row) throw new Error('naive baseline is not registered (ensureBaseline not run)');
    return row;
  }

  /** A record's stored diagnostics (null: registered before they were stored, or the naive baseline). */
  async diagnostics(id: string): Promise<Record<string, unknown> | null> {
    const rows: Array<{ diagnostics: Record<string, unknown> | null }> = await this.db.query(`SELECT diagnostics FROM forecast_models WHERE id = $1`, [id]);
    return rows[0]?.diagnostics ?? null;
  }

  /** An artifact's metadata without its weights (null when there is none). */
  async artifactMetadata(artifactId: string): Promise<Record<string, unknown> | null> {
    const rows: Array<{ metadata: Record<string, unknown> }> = await this.db.query(`SELECT metadata FROM forecast_model_artifacts WHERE id = $1`, [artifactId]);
    return rows[0]?.metadata ?? null;
  }

  /** The stored artifact of a trained model's record (for a forecasting thread); null for the naive baseline. */
  async artifact(record: ForecastModelRecord): Promise<ModelArtifact | null> {
    if (record.type === 'naive') return null;
    const key = record.artifactId ?? record.id;
    const cached = this.artifacts.get(key);
    if (cached) return cached;
    const stored = await this.db.getRepository(ModelArtifactRecord).findOneBy({ id: record.artifactId ?? '' });
    if (!stored) throw new Error(`model ${record.version} has no artifact`);
    const artifact = { metadata: stored.metadata, files: unpackArtifactFiles(stored.manifest, stored.blob) };
    this.artifacts.set(key, artifact);
    return artifact;
  }

  /** The runnable model of a record (artifacts are deserialised once per process and cached). */
  async load(record: ForecastModelRecord): Promise<ForecastModel> {
    if (record.type === 'naive') return naiveModel();
    const cached = this.loaded.get(record.artifactId ?? record.id);
    if (cached) return cached;
    const artifact = await this.db.getRepository(ModelArtifactRecord).findOneBy({ id: record.artifactId ?? '' });
    if (!artifact) throw new Error(`model ${record.version} has no artifact`);
    const model = deserializeModel({ metadata: artifact.metadata, files: unpackArtifactFiles(artifact.manifest, artifact.blob) });
    this.loaded.set(artifact.id, model);
    return model;
  }

  /**
   * Stores a trained model's artifact and registers it as a challenger of every horizon group (one record each,
   * the same artifact). Returns the records.
   */
  async registerChallenger(
    model: ForecastModel,
    info: {
      version: string;
      trainedUntil: number;
      backtest: Partial<Record<AnyHorizonGroup, Record<string, unknown>>>;
      reason: string;
      /** Per group, what the Models page draws (model-diagnostics.ts). */
      diagnostics?: Partial<Record<AnyHorizonGroup, Record<string, unknown>>>;
      /** The groups it serves (default hourly and daily; the sub-hour model: intraday). */
      groups?: readonly AnyHorizonGroup[];
    },
  ): Promise<ForecastModelRecord[]> {
    const artifact = serializeModel(model, { registryVersion: info.version, trainedUntil: new Date(info.trainedUntil).toISOString() });
    const { manifest, blob } = packArtifactFiles(artifact.files);
    return this.db.transaction(async (m) => {
      const stored = await m
        .getRepository(ModelArtifactRecord)
        .save(m.getRepository(ModelArtifactRecord).create({ metadata: artifact.metadata, manifest, blob }));
      const records: ForecastModelRecord[] = [];
      for (const group of info.groups ?? HORIZON_GROUPS) {
        // Older challengers stay: each is retired by the lifecycle once it has had time to mature without winning
        // (a weekly challenger retired by the next one would never see its 7d/30d forecasts scored).
        const record = await m.getRepository(ForecastModelRecord).save(
          m.getRepository(ForecastModelRecord).create({
            version: info.version,
            type: model.type,
            horizonGroup: group,
            status: 'challenger',
            artifactId: stored.id,
            backtest: info.backtest[group] ?? {},
            diagnostics: info.diagnostics?.[group] ?? null,
            trainedUntil: new Date(info.trainedUntil),
            previousChampionId: null,
            promotedAt: null,
            retiredAt: null,
          }),
        );
        records.push(record);
        await this.logEvent(m, 'registered', info.reason, group, record.id, { version: info.version });
      }
      this.loaded.set(stored.id, model);
      return records;
    });
  }

  /** Challenger → champion; the old champion is retired and remembered for a rollback. */
  async promote(modelId: string, reason: string, details: Record<string, unknown> = {}): Promise<ForecastModelRecord> {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(ForecastModelRecord);
      const target = await repo.findOne({ where: { id: modelId }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new ModelTransitionError('Model not found');
      if (target.status === 'champion') throw new ModelTransitionError(`Model ${target.version} is already the ${target.horizonGroup} champion`);
      const old = await repo.findOneBy({ horizonGroup: target.horizonGroup, status: 'champion' });
      const at = this.now();
      if (old) {
        await repo.update({ id: old.id }, { status: 'retired', retiredAt: at });
        await this.logEvent(m, 'retired', `replaced by ${target.version}`, old.horizonGroup, old.id);
      }
      await repo.update({ id: target.id }, { status: 'champion', promotedAt: at, retiredAt: null, previousChampionId: old?.id ?? null });
      await this.logEvent(m, 'promoted', reason, target.horizonGroup, target.id, { ...details, previousChampionId: old?.id ?? null });
      return await repo.findOneByOrFail({ id: target.id });
    });
  }

  /** Champion → retired, its previous champion → champion again. */
  async rollback(modelId: string, reason: string, details: Record<string, unknown> = {}): Promise<ForecastModelRecord> {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(ForecastModelRecord);
      const current = await repo.findOne({ where: { id: modelId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new ModelTransitionError('Model not found');
      if (current.status !== 'champion') throw new ModelTransitionError(`Model ${current.version} is not a champion, so it cannot be rolled back`);
      const previous = current.previousChampionId ? await repo.findOneBy({ id: current.previousChampionId }) : null;
      if (!previous) throw new ModelTransitionError(`Model ${current.version} has no previous champion to roll back to`);
      const at = this.now();
      await repo.update({ id: current.id }, { status: 'retired', retiredAt: at });
      await repo.update({ id: previous.id }, { status: 'champion', promotedAt: at, retiredAt: null });
      await this.logEvent(m, 'rolled_back', reason, current.horizonGroup, current.id, { ...details, restoredModelId: previous.id });
      await this.logEvent(m, 'promoted', `restored by the rollback of ${current.version}`, previous.horizonGroup, previous.id);
      return repo.findOneByOrFail({ id: previous.id });
    });
  }

  async retire(modelId: string, reason: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.db.transaction(async (m) => {
      const record = await m.getRepository(ForecastModelRecord).findOneBy({ id: modelId });
      await m.getRepository(ForecastModelRecord).update({ id: modelId, status: 'challenger' as ModelStatus }, { status: 'retired', retiredAt: this.now() });
      await this.logEvent(m, 'retired', reason, record?.horizonGroup ?? null, modelId, details);
    });
  }

  async log(kind: ModelEventKind, reason: string, group: AnyHorizonGroup | null, modelId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await this.logEvent(this.db.manager, kind, reason, group, modelId, details);
  }

  private async logEvent(
    m: EntityManager,
    kind: ModelEventKind,
    reason: string,
    group: AnyHorizonGroup | null,
    modelId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await m.query(`INSERT INTO model_events (at, kind, reason, horizon_group, model_id, details) VALUES ($1, $2, $3, $4, $5, $6)`, [
      this.now(),
      kind,
      reason,
      group,
      modelId,
      JSON.stringify(details),
    ]);
  }
}
