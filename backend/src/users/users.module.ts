import { Module } from '@nestjs/common';
import { AccountExportService } from './account-export.service';

/** Users: the account data export (the user rows themselves are written by auth's registration and admin CLI). */
@Module({
  providers: [AccountExportService],
  exports: [AccountExportService],
})
export class UsersModule {}
