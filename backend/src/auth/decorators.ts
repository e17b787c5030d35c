import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'coincast:isPublic';
export const ADMIN_ONLY = 'coincast:adminOnly';

/** Marks a route as reachable without authentication. Every other route requires it. */
/** The `x-public` OpenAPI extension lets the generated authorization matrix know which routes are meant to be open. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Only users listed in ADMIN_EMAILS (403 for others). */
export const AdminOnly = () => applyDecorators(SetMetadata(ADMIN_ONLY, true), ApiExtension('x-admin-only', true));

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
