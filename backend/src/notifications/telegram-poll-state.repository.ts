import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from './sql-rows';

/** The bot's getUpdates offset (one row), claimed with a short lease so one worker polls at a time. */
@Injectable()
export class TelegramPollStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The offset to poll from, or undefined while another worker holds the lease. */
  async claim(now: Date, leaseSeconds = 30): Promise<number | undefined> {
    await this.db.query(`INSERT INTO telegram_poll_state (id, next_offset) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
    const [state] = rowsOf<{ offset: string }>(
      await this.db.query(
        `UPDATE telegram_poll_state SET lease_until = $1::timestamptz + make_interval(secs => $2)
          WHERE id = 1 AND (lease_until IS NULL OR lease_until < $1) RETURNING next_offset AS "offset"`,
        [now.toISOString(), leaseSeconds],
      ),
    );
    return state ? Number(state.offset) : undefined;
  }

  /** Stores the next offset (unchanged when undefined) and ends the lease. */
  async release(nextOffset: number | undefined): Promise<void> {
    await this.db.query(`UPDATE telegram_poll_state SET next_offset = COALESCE($1, next_offset), lease_until = NULL WHERE id = 1`, [nextOffset ?? null]);
  }
}
