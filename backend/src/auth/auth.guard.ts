import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { ADMIN_ONLY, IS_PUBLIC } from './decorators';
import { bearerToken, VerifiedTokens } from './verified-tokens';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface RouteAccess {
  isPublic: boolean;
  adminOnly: boolean;
}

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

const unauthorized = () => new UnauthorizedException('Authentication required: send a valid Bearer access token or X-API-Key');

/**
 * Global guard: every route needs a JWT bearer token or an X-API-Key unless marked @Public().
 * Read-only API keys are refused on every method that can change data.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  /** Decorator metadata never changes after boot: read it once per controller method, not on every request. */
  private readonly accessByRoute = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly auth: AuthService,
    private readonly verifiedTokens: VerifiedTokens,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.routeAccess(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      request.user = await this.apiKeys.authenticate(apiKey);
    } else {
      // A token passport-jwt already verified needs no second verification; an unknown one goes through passport.
      const token = bearerToken(request);
      const claims = token ? this.verifiedTokens.recall(token) : undefined;
      if (claims) request.user = await this.auth.authUserFromClaims(claims).catch(() => Promise.reject(unauthorized()));
      else await (super.canActivate(context) as Promise<boolean>);
    }
    const user = request.user as AuthUser;
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
      };
      byHandler.set(handler, access);
    }
    return access;
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error || !user) throw unauthorized();
    return user;
  }
}
