import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One firing of a rule; UNIQUE (rule_id, trigger_seq) makes each trigger recorded exactly once. */
@Entity({ name: 'alert_events' })
export class AlertEvent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'rule_id', type: 'uuid' }) ruleId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'trigger_seq', type: 'integer' }) triggerSeq!: number;
  @Column({ name: 'triggered_at', type: 'timestamptz' }) triggeredAt!: Date;
  @Column({ type: 'numeric', precision: 38, scale: 18, nullable: true }) price!: string | null;
  @Column({ type: 'text' }) message!: string;
  @Column({ type: 'jsonb', default: {} }) details!: Record<string, unknown>;
  @Column({ name: 'webhook_status', type: 'text', nullable: true }) webhookStatus!: 'pending' | 'delivered' | 'failed' | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
