import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { ADMIN_ONLY, IS_PUBLIC, SESSION_ONLY } from './decorators';
import { bearerToken, VerifiedTokens } from './verified-tokens';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface RouteAccess {
  isPublic: boolean;
  adminOnly: boolean;
  sessionOnly: boolean;
}

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

const unauthorized = () => new UnauthorizedException('Authentication required: send a valid Bearer access token or X-API-Key');

/**
 * Global guard: every route needs a JWT bearer token or an X-API-Key unless marked @Public().
 * Read-only API keys are refused on every method that can change data; @SessionOnly() routes refuse API keys; role
 * and token epoch come from the user record (AuthStateCache), never from the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Decorator metadata never changes after boot: read it once per controller method, not on every request. */
  private readonly accessByRoute = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly auth: AuthService,
    private readonly verifiedTokens: VerifiedTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.routeAccess(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const apiKey = request.headers['x-api-key'];
    let user: AuthUser;
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      user = await this.apiKeys.authenticate(apiKey);
    } else {
      const token = bearerToken(request);
      if (!token) throw unauthorized();
      // A token verified before needs no second signature check; its account, role and epoch are checked every time.
      const claims = this.verifiedTokens.recall(token) ?? (await this.auth.verifyClaims(token));
      user = await this.auth.authUserFromClaims(claims);
    }
    request.user = user;
    if (access.sessionOnly && user.via !== 'jwt') {
      throw new ForbiddenException(
        'API keys cannot do this (managing API keys, changing the password, deleting the account, signing out everywhere): sign in to the dashboard',
      );
    }
    if (user.scope === 'read' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('This API key is read-only; use a read-write key to change data');
    }
    if (access.adminOnly && !user.isAdmin) {
      throw new ForbiddenException('This action is reserved to administrators');
    }
    return true;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.accessByRoute.get(controller);
    if (!byHandler) this.accessByRoute.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
        adminOnly: Boolean(this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)),
        sessionOnly: Boolean(this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}
