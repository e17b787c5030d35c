import { DataSource, IsNull } from 'typeorm';
import { Notification } from './notification.entity';

/** Data access for the notifications inbox (rows are inserted by the alert engine, in the firing transaction). */
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

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
}
