import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'coincast:isPublic';
export const ADMIN_ONLY = 'coincast:adminOnly';
export const SESSION_ONLY = 'coincast:sessionOnly';

/** Marks a route as reachable without authentication. Every other route requires it. */
/** The `x-public` OpenAPI extension lets the generated authorization matrix know which routes are meant to be open. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Only users whose row has role 'admin' (granted with `npm run admin -w backend -- grant EMAIL`); 403 for others. */
export const AdminOnly = () => applyDecorators(SetMetadata(ADMIN_ONLY, true), ApiExtension('x-admin-only', true));

/**
 * Only a signed-in session (access token), never an API key: managing API keys, changing the password, deleting the
 * account, signing out everywhere. A leaked key must not be able to mint more keys or take the account over.
 */
export const SessionOnly = () => applyDecorators(SetMetadata(SESSION_ONLY, true), ApiExtension('x-session-only', true));

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
