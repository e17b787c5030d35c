import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'coincast:isPublic';
export const ADMIN_ONLY = 'coincast:adminOnly';

/** Marks a route as reachable without authentication. Every other route requires it. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only users listed in ADMIN_EMAILS (403 for others). */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
