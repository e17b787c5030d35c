import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AnyHorizonGroup } from './slots';

export type ModelStatus = 'champion' | 'challenger' | 'retired';

/** A serialised model from ml/ (metadata JSON + packed weight files). */
@Entity({ name: 'forecast_model_artifacts' })
export class ModelArtifactRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'jsonb' }) metadata!: Record<string, unknown>;
  @Column({ type: 'jsonb', default: [] }) manifest!: Array<{ name: string; offset: number; length: number }>;
  @Column({ type: 'bytea' }) blob!: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A model serving one horizon group; the naive baseline is registered as a model too. */
@Entity({ name: 'forecast_models' })
export class ForecastModelRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) version!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'horizon_group', type: 'text' }) horizonGroup!: AnyHorizonGroup;
  @Column({ type: 'text' }) status!: ModelStatus;
  @Column({ name: 'artifact_id', type: 'uuid', nullable: true }) artifactId!: string | null;
  @Column({ type: 'jsonb', default: {} }) backtest!: Record<string, unknown>;
  /** Diagnostics for the Models page (model-diagnostics.ts); not selected by default: read through ModelRegistry.diagnostics. */
  @Column({ type: 'jsonb', nullable: true, select: false }) diagnostics?: Record<string, unknown> | null;
  @Column({ name: 'trained_until', type: 'timestamptz', nullable: true }) trainedUntil!: Date | null;
  @Column({ name: 'previous_champion_id', type: 'uuid', nullable: true }) previousChampionId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true }) promotedAt!: Date | null;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}

/** Every lifecycle transition (registered, promoted, rolled back, retraining requested, drift...) with its reason. */
@Entity({ name: 'model_events' })
export class ModelEventRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'horizon_group', type: 'text', nullable: true }) horizonGroup!: AnyHorizonGroup | null;
  @Column({ name: 'model_id', type: 'uuid', nullable: true }) modelId!: string | null;
  @Column({ type: 'jsonb', default: {} }) details!: Record<string, unknown>;
}

/** One forecast: (symbol, horizon, origin, model version) with its quantiles and, once known, its score. */
@Entity({ name: 'forecasts' })
export class ForecastRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) symbol!: string;
  @Column({ type: 'text' }) horizon!: string;
  @Column({ name: 'origin_time', type: 'timestamptz' }) originTime!: Date;
  @Column({ name: 'target_time', type: 'timestamptz' }) targetTime!: Date;
  @Column({ name: 'model_version', type: 'text' }) modelVersion!: string;
  @Column({ name: 'model_id', type: 'uuid', nullable: true }) modelId!: string | null;
  @Column({ name: 'is_naive', type: 'boolean' }) isNaive!: boolean;
  /** Made by the champion of the time (shown to users); challengers forecast in shadow. */
  @Column({ type: 'boolean' }) served!: boolean;
  @Column({ name: 'last_price', type: 'double precision' }) lastPrice!: number;
  @Column({ type: 'double precision' }) point!: number;
  @Column({ type: 'double precision' }) q05!: number;
  @Column({ type: 'double precision' }) q10!: number;
  @Column({ type: 'double precision' }) q25!: number;
  @Column({ type: 'double precision' }) q50!: number;
  @Column({ type: 'double precision' }) q75!: number;
  @Column({ type: 'double precision' }) q90!: number;
  @Column({ type: 'double precision' }) q95!: number;
  @Column({ name: 'input_last_candle_time', type: 'timestamptz' }) inputLastCandleTime!: Date;
  @Column({ name: 'point_is_naive', type: 'boolean', nullable: true }) pointIsNaive!: boolean | null;
  @Column({ name: 'interval_is_naive', type: 'boolean', nullable: true }) intervalIsNaive!: boolean | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'double precision', nullable: true }) actual!: number | null;
  @Column({ name: 'abs_error', type: 'double precision', nullable: true }) absError!: number | null;
  @Column({ name: 'scaled_abs_error', type: 'double precision', nullable: true }) scaledAbsError!: number | null;
  @Column({ type: 'boolean', nullable: true }) hit80!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) hit90!: boolean | null;
  @Column({ type: 'double precision', nullable: true }) pinball!: number | null;
  @Column({ name: 'scaled_pinball', type: 'double precision', nullable: true }) scaledPinball!: number | null;
  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true }) scoredAt!: Date | null;
}

export const FORECAST_ENTITIES = [ModelArtifactRecord, ForecastModelRecord, ModelEventRecord, ForecastRecord];
