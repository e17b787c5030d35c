import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: rules, the events they fire, the in-app inbox and webhook delivery attempts.
 *
 * Exactly-once firing rests on two things here: the engine fires with a conditional UPDATE of the
 * rule (status, expiry and cooldown checked in the WHERE) in the same transaction as the event
 * insert, and `alert_events (rule_id, trigger_seq)` is UNIQUE, trigger_seq being the rule's
 * fire_count after the update — a second writer can never record the same trigger twice.
 */
export class Alerts1763900500000 implements MigrationInterface {
  name = 'Alerts1763900500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('price_above', 'price_below', 'crosses_up', 'crosses_down', 'pct_change',
                                           'portfolio_value', 'forecast_move')),
        symbol text,
        threshold numeric(38, 18) CHECK (threshold >= 0),
        pct double precision CHECK (pct > 0),
        window_minutes integer CHECK (window_minutes > 0),
        portfolio_id uuid,
        direction text CHECK (direction IN ('above', 'below')),
        horizon text,
        probability double precision CHECK (probability > 0 AND probability <= 100),
        mode text NOT NULL CHECK (mode IN ('once', 'every')),
        cooldown_minutes integer NOT NULL DEFAULT 0 CHECK (cooldown_minutes >= 0),
        expires_at timestamptz,
        note text,
        webhook_url text,
        webhook_secret text,
        status text NOT NULL DEFAULT 'armed' CHECK (status IN ('armed', 'triggered', 'paused', 'expired')),
        fire_count integer NOT NULL DEFAULT 0,
        last_triggered_at timestamptz,
        cooldown_until timestamptz,
        last_forecast_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX alert_rules_user ON alert_rules (user_id, created_at)`);
    // The engine's start-up load walks armed rules by id.
    await queryRunner.query(`CREATE INDEX alert_rules_armed ON alert_rules (id) WHERE status = 'armed'`);
    await queryRunner.query(`CREATE INDEX alert_rules_expiry ON alert_rules (expires_at) WHERE status = 'armed' AND expires_at IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE alert_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        trigger_seq integer NOT NULL,
        triggered_at timestamptz NOT NULL,
        price numeric(38, 18),
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        webhook_status text CHECK (webhook_status IN ('pending', 'delivered', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_events_once_per_trigger UNIQUE (rule_id, trigger_seq)
      )`);
    await queryRunner.query(`CREATE INDEX alert_events_user ON alert_events (user_id)`);
    await queryRunner.query(`CREATE INDEX alert_events_webhook_pending ON alert_events (created_at) WHERE webhook_status = 'pending'`);

    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        alert_id uuid REFERENCES alert_rules(id) ON DELETE SET NULL,
        event_id uuid UNIQUE REFERENCES alert_events(id) ON DELETE SET NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        url text NOT NULL,
        succeeded boolean NOT NULL,
        response_status integer,
        error text,
        duration_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        CONSTRAINT webhook_deliveries_attempt UNIQUE (event_id, attempt)
      )`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_rule ON webhook_deliveries (rule_id, attempted_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP TABLE alert_events`);
    await queryRunner.query(`DROP TABLE alert_rules`);
  }
}
