import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** E-mail transport (SMTP, or the DATA_DIR outbox without SMTP_URL), shared by notifications and auth. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
