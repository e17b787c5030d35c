import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AlertDirection, AlertMode, AlertStatus, AlertType } from './alert-types';

/** Doubles come back from pg as strings; numeric stays a decimal string (money). */
const nullableNumber = { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

@Entity({ name: 'alert_rules' })
export class AlertRule {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'text' }) type!: AlertType;
  @Column({ type: 'text', nullable: true }) symbol!: string | null;
  @Column({ type: 'numeric', precision: 38, scale: 18, nullable: true }) threshold!: string | null;
  @Column({ type: 'double precision', nullable: true, transformer: nullableNumber }) pct!: number | null;
  @Column({ name: 'window_minutes', type: 'integer', nullable: true }) windowMinutes!: number | null;
  @Column({ name: 'portfolio_id', type: 'uuid', nullable: true }) portfolioId!: string | null;
  @Column({ type: 'text', nullable: true }) direction!: AlertDirection | null;
  @Column({ type: 'text', nullable: true }) horizon!: string | null;
  @Column({ type: 'double precision', nullable: true, transformer: nullableNumber }) probability!: number | null;
  @Column({ type: 'text' }) mode!: AlertMode;
  @Column({ name: 'cooldown_minutes', type: 'integer', default: 0 }) cooldownMinutes!: number;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'webhook_url', type: 'text', nullable: true }) webhookUrl!: string | null;
  @Column({ name: 'webhook_secret', type: 'text', nullable: true }) webhookSecret!: string | null;
  /** E-mail/Telegram channels; null = the owner's default channels. */
  @Column({ type: 'text', array: true, nullable: true }) channels!: ('email' | 'telegram')[] | null;
  @Column({ type: 'text', default: 'armed' }) status!: AlertStatus;
  @Column({ name: 'fire_count', type: 'integer', default: 0 }) fireCount!: number;
  @Column({ name: 'last_triggered_at', type: 'timestamptz', nullable: true }) lastTriggeredAt!: Date | null;
  @Column({ name: 'cooldown_until', type: 'timestamptz', nullable: true }) cooldownUntil!: Date | null;
  @Column({ name: 'last_forecast_id', type: 'text', nullable: true }) lastForecastId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
