import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-errors';
import { CLOCK, Clock } from '../infra/ports';
import { Notification } from './notification.entity';
import { NotificationDto, NotificationListDto } from './notifications.dto';
import { NotificationsRepository } from './notifications.repository';

/** The persisted inbox. Rows are written by the alert engine, in the firing transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly rows: NotificationsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(userId: string, limit = 50): Promise<NotificationListDto> {
    const [items, unread] = await Promise.all([this.rows.newest(userId, limit), this.rows.countUnread(userId)]);
    return { unread, items: items.map(toNotificationDto) };
  }

  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const found = await this.rows.findOwned(userId, id);
    if (!found) throw new NotFoundError('Notification not found');
    if (!found.readAt) {
      found.readAt = this.clock.now();
      await this.rows.markRead(userId, found.readAt, id);
    }
    return toNotificationDto(found);
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    return { updated: await this.rows.markRead(userId, this.clock.now()) };
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
