import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AccountEmailService } from './account-email.service';
import { AuthStateModule } from './auth-state.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { VerifiedTokens } from './verified-tokens';

/** Sessions (register, login, refresh, logout) and the app-wide guard; API keys and users are modules of their own. */
@Module({
  imports: [
    AuthStateModule,
    ApiKeysModule,
    UsersModule,
    MailModule,
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
  controllers: [AuthController],
  providers: [AuthService, AccountEmailService, AuthRepository, VerifiedTokens, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AuthStateModule],
})
export class AuthModule {}
