import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Notification } from './notification.entity';

/** Data access for the notifications inbox (rows are inserted by the alert engine, in the firing transaction). */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  newest(userId: string, limit: number): Promise<Notification[]> {
    return this.db.getRepository(Notification).find({ where: { userId }, order: { createdAt: 'DESC' }, take: limit });
  }

  countUnread(userId: string): Promise<number> {
    return this.db.getRepository(Notification).count({ where: { userId, readAt: IsNull() } });
  }

  findOwned(userId: string, id: string): Promise<Notification | null> {
    return this.db.getRepository(Notification).findOne({ where: { id, userId } });
  }

  /** Marks unread notifications read (one, or all of the user's); returns how many changed. */
  async markRead(userId: string, readAt: Date, id?: string): Promise<number> {
    const result = await this.db.getRepository(Notification).update({ ...(id !== undefined ? { id } : {}), userId, readAt: IsNull() }, { readAt });
    return result.affected ?? 0;
  }

  /** An in-app notice that is not an alert (a paused channel, an unlinked chat). */
  async insertNotice(userId: string, title: string, body: string, at: Date): Promise<void> {
    await this.db.query(`INSERT INTO notifications (user_id, title, body, created_at) VALUES ($1, $2, $3, $4)`, [userId, title, body, at.toISOString()]);
  }
}
