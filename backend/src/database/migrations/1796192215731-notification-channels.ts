import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications that leave the app (issue 22): verified e-mail addresses, each user's channel settings (defaults,
 * quiet hours, hourly cap, linked Telegram chat, paused channels), per-rule channels, one row per (alert event,
 * channel) — UNIQUE, so a message is sent at most once per channel however many workers see it — with every attempt
 * logged, single-use account tokens (e-mail verification, password reset, Telegram link; only their SHA-256 is
 * stored) and the Telegram getUpdates offset.
 */
export class NotificationChannels1796192215731 implements MigrationInterface {
  name = 'NotificationChannels1796192215731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz`);
    await queryRunner.query(`ALTER TABLE alert_rules ADD COLUMN channels text[]`);
    await queryRunner.query(`
      CREATE TABLE notification_settings (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        default_channels text[] NOT NULL DEFAULT '{}',
        email_enabled boolean NOT NULL DEFAULT true,
        telegram_chat_id text,
        telegram_linked_at timestamptz,
        quiet_start text,
        quiet_end text,
        time_zone text NOT NULL DEFAULT 'UTC',
        hourly_cap integer,
        email_failures integer NOT NULL DEFAULT 0,
        telegram_failures integer NOT NULL DEFAULT 0,
        email_paused_at timestamptz,
        telegram_paused_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX notification_settings_telegram_chat ON notification_settings (telegram_chat_id) WHERE telegram_chat_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE channel_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        rule_id uuid REFERENCES alert_rules(id) ON DELETE CASCADE,
        event_id uuid REFERENCES alert_events(id) ON DELETE CASCADE,
        channel text NOT NULL CONSTRAINT channel_deliveries_channel_check CHECK (channel IN ('email', 'telegram')),
        kind text NOT NULL DEFAULT 'alert' CONSTRAINT channel_deliveries_kind_check CHECK (kind IN ('alert', 'digest')),
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT channel_deliveries_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'digested', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        digest_id uuid REFERENCES channel_deliveries(id) ON DELETE SET NULL,
        digest_slot bigint,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT channel_deliveries_event_channel UNIQUE (event_id, channel),
        CONSTRAINT channel_deliveries_digest_slot UNIQUE (user_id, channel, digest_slot)
      )`);
    await queryRunner.query(`CREATE INDEX channel_deliveries_user_sent ON channel_deliveries (user_id, channel, sent_at)`);
    await queryRunner.query(`CREATE INDEX channel_deliveries_open ON channel_deliveries (status, created_at) WHERE status IN ('pending', 'sending', 'held')`);
    await queryRunner.query(`CREATE INDEX channel_deliveries_rule ON channel_deliveries (rule_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE channel_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES channel_deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        succeeded boolean NOT NULL,
        error text,
        duration_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        CONSTRAINT channel_delivery_attempts_unique UNIQUE (delivery_id, attempt)
      )`);
    await queryRunner.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('verify-email', 'reset-password', 'telegram-link')),
        token_hash text NOT NULL UNIQUE,
        email text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose)`);
    await queryRunner.query(`CREATE TABLE telegram_poll_state (id smallint PRIMARY KEY CHECK (id = 1), next_offset bigint NOT NULL, lease_until timestamptz)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE telegram_poll_state`);
    await queryRunner.query(`DROP TABLE account_tokens`);
    await queryRunner.query(`DROP TABLE channel_delivery_attempts`);
    await queryRunner.query(`DROP TABLE channel_deliveries`);
    await queryRunner.query(`DROP TABLE notification_settings`);
    await queryRunner.query(`ALTER TABLE alert_rules DROP COLUMN channels`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN email_verified_at`);
  }
}
