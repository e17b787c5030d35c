import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AppConfig } from '../config/app-config';
import { AccountExportService } from '../users/account-export.service';
import { AuthStateCache } from './auth-state';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { VerifiedTokens } from './verified-tokens';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse the secret as a public key on
        // every verification, which cost ~2 ms of CPU per call in the auth benchmark.
        secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, ApiKeysService, AccountExportService, AuthStateCache, VerifiedTokens, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, ApiKeysService, AuthStateCache],
})
export class AuthModule {}
