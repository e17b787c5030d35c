import { Module } from '@nestjs/common';
import { AuthStateModule } from '../auth/auth-state.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/** API keys: issuing and revoking (controller) and verifying (ApiKeysService, used by the auth guard). */
@Module({
  imports: [AuthStateModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeysRepository],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
