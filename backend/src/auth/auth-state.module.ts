import { Module } from '@nestjs/common';
import { AuthStateCache } from './auth-state';
import { AuthStateRepository } from './auth-state.repository';

/**
 * The auth-state cache (revoked sessions and keys, changed roles; kept in step over PUBSUB) in a module of its own,
 * so that auth and api-keys both import it and neither imports the other's module for it (no auth <-> api-keys cycle).
 */
@Module({
  providers: [AuthStateCache, AuthStateRepository],
  exports: [AuthStateCache],
})
export class AuthStateModule {}
