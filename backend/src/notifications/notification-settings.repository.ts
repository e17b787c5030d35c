import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from './sql-rows';

export type ExternalChannel = 'email' | 'telegram';
export const EXTERNAL_CHANNELS: readonly ExternalChannel[] = ['email', 'telegram'];

/** A user's channel settings joined to the account facts delivery needs (defaults when no row exists yet). */
export interface ChannelSettings {
  userId: string;
  email: string;
  emailVerified: boolean;
  defaultChannels: ExternalChannel[];
  emailEnabled: boolean;
  telegramChatId: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  hourlyCap: number | null;
  emailPausedAt: Date | null;
  telegramPausedAt: Date | null;
}

export type SettingsPatch = Partial<Pick<ChannelSettings, 'defaultChannels' | 'emailEnabled' | 'quietStart' | 'quietEnd' | 'timeZone' | 'hourlyCap'>>;

const SELECT = `SELECT u.id AS "userId", u.email, u.email_verified_at IS NOT NULL AS "emailVerified",
       COALESCE(s.default_channels, '{}') AS "defaultChannels", COALESCE(s.email_enabled, true) AS "emailEnabled",
       s.telegram_chat_id AS "telegramChatId", s.quiet_start AS "quietStart", s.quiet_end AS "quietEnd",
       COALESCE(s.time_zone, 'UTC') AS "timeZone", s.hourly_cap AS "hourlyCap",
       s.email_paused_at AS "emailPausedAt", s.telegram_paused_at AS "telegramPausedAt"
  FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id`;

const COLUMN: Record<keyof SettingsPatch, string> = {
  defaultChannels: 'default_channels',
  emailEnabled: 'email_enabled',
  quietStart: 'quiet_start',
  quietEnd: 'quiet_end',
  timeZone: 'time_zone',
  hourlyCap: 'hourly_cap',
};

/** SQL of notification_settings (one row per user, created on first change). */
@Injectable()
export class NotificationSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(userId: string, manager: EntityManager = this.db.manager): Promise<ChannelSettings | undefined> {
    const [row] = (await manager.query(`${SELECT} WHERE u.id = $1`, [userId])) as ChannelSettings[];
    return row;
  }

  async byTelegramChat(chatId: string): Promise<{ userId: string } | undefined> {
    const [row] = (await this.db.query(`SELECT user_id AS "userId" FROM notification_settings WHERE telegram_chat_id = $1`, [chatId])) as { userId: string }[];
    return row;
  }

  async update(userId: string, patch: SettingsPatch): Promise<void> {
    const keys = (Object.keys(patch) as (keyof SettingsPatch)[]).filter((key) => patch[key] !== undefined);
    await this.ensure(userId);
    if (keys.length === 0) return;
    const sets = keys.map((key, i) => `${COLUMN[key]} = $${i + 2}`).join(', ');
    await this.db.query(`UPDATE notification_settings SET ${sets}, updated_at = now() WHERE user_id = $1`, [userId, ...keys.map((key) => patch[key])]);
  }

  /** Links the chat to the user (a chat linked to another account moves to this one). */
  async linkTelegram(userId: string, chatId: string, now: Date): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(`UPDATE notification_settings SET telegram_chat_id = NULL, telegram_linked_at = NULL WHERE telegram_chat_id = $1 AND user_id <> $2`, [
        chatId,
        userId,
      ]);
      await manager.query(
        `INSERT INTO notification_settings (user_id, telegram_chat_id, telegram_linked_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET telegram_chat_id = $2, telegram_linked_at = $3, telegram_paused_at = NULL, telegram_failures = 0, updated_at = now()`,
        [userId, chatId, now.toISOString()],
      );
    });
  }

  /** Unlinks by user or by chat; returns the chat id that was linked (undefined when none). */
  async unlinkTelegram(by: { userId: string } | { chatId: string }): Promise<{ userId: string; chatId: string } | undefined> {
    const [column, value] = 'userId' in by ? ['user_id', by.userId] : ['telegram_chat_id', by.chatId];
    const [row] = rowsOf<{ userId: string; chatId: string }>(
      await this.db.query(
        `UPDATE notification_settings s SET telegram_chat_id = NULL, telegram_linked_at = NULL, updated_at = now()
           FROM notification_settings old WHERE old.user_id = s.user_id AND s.${column} = $1 AND s.telegram_chat_id IS NOT NULL
         RETURNING s.user_id AS "userId", old.telegram_chat_id AS "chatId"`,
        [value],
      ),
    );
    return row;
  }

  /** Counts one more message that failed every attempt; returns the count of such messages in a row. */
  async countFailure(userId: string, channel: ExternalChannel): Promise<number> {
    await this.ensure(userId);
    const [row] = rowsOf<{ failures: number }>(
      await this.db.query(
        `UPDATE notification_settings SET ${channel}_failures = ${channel}_failures + 1 WHERE user_id = $1 RETURNING ${channel}_failures AS failures`,
        [userId],
      ),
    );
    return Number(row?.failures ?? 0);
  }

  async resetFailures(userId: string, channel: ExternalChannel): Promise<void> {
    await this.db.query(`UPDATE notification_settings SET ${channel}_failures = 0 WHERE user_id = $1 AND ${channel}_failures <> 0`, [userId]);
  }

  /** Pauses the channel; false when it was already paused. */
  async pause(userId: string, channel: ExternalChannel, now: Date): Promise<boolean> {
    const rows = rowsOf<unknown>(
      await this.db.query(`UPDATE notification_settings SET ${channel}_paused_at = $2 WHERE user_id = $1 AND ${channel}_paused_at IS NULL RETURNING user_id`, [
        userId,
        now.toISOString(),
      ]),
    );
    return rows.length > 0;
  }

  async resume(userId: string, channel: ExternalChannel): Promise<void> {
    await this.ensure(userId);
    await this.db.query(`UPDATE notification_settings SET ${channel}_paused_at = NULL, ${channel}_failures = 0 WHERE user_id = $1`, [userId]);
  }

  private async ensure(userId: string): Promise<void> {
    await this.db.query(`INSERT INTO notification_settings (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
  }
}
