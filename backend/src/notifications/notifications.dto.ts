import { ApiProperty } from '@nestjs/swagger';

export class NotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The alert that produced it (null once the alert is deleted)' }) alertId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
}

export class NotificationListDto {
  @ApiProperty({ description: 'Unread notifications in total (not only in this page)' }) unread!: number;
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
}
