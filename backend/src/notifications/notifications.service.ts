import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { CLOCK, Clock } from '../infra/ports';
import { Notification } from './notification.entity';
import { NotificationDto, NotificationListDto } from './notifications.dto';

/** The persisted inbox. Rows are written by the alert engine, in the firing transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(userId: string, limit = 50): Promise<NotificationListDto> {
    const repo = this.db.getRepository(Notification);
    const [items, unread] = await Promise.all([
      repo.find({ where: { userId }, order: { createdAt: 'DESC' }, take: limit }),
      repo.count({ where: { userId, readAt: IsNull() } }),
    ]);
    return { unread, items: items.map(toNotificationDto) };
  }

  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const repo = this.db.getRepository(Notification);
    const found = await repo.findOne({ where: { id, userId } });
    if (!found) throw new NotFoundException('Notification not found');
    if (!found.readAt) {
      found.readAt = this.clock.now();
      await repo.update({ id, userId, readAt: IsNull() }, { readAt: found.readAt });
    }
    return toNotificationDto(found);
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    const result = await this.db.getRepository(Notification).update({ userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return { updated: result.affected ?? 0 };
  }
}

export function toNotificationDto(n: Pick<Notification, 'id' | 'alertId' | 'title' | 'body' | 'createdAt' | 'readAt'>): NotificationDto {
  return {
    id: n.id,
    alertId: n.alertId,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
