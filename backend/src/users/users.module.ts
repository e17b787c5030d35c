import { Module } from '@nestjs/common';
import { AccountExportRepository } from './account-export.repository';
import { AccountExportService } from './account-export.service';
import { AccountTokensRepository } from './account-tokens.repository';

/** Users: the account data export and single-use account tokens (the user rows themselves are written by auth's registration and admin CLI). */
@Module({
  providers: [AccountExportService, AccountExportRepository, AccountTokensRepository],
  exports: [AccountExportService, AccountTokensRepository],
})
export class UsersModule {}
