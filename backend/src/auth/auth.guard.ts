import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthUser } from './auth-user';
import { ADMIN_ONLY, IS_PUBLIC } from './decorators';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/**
 * Global guard: every route needs a JWT bearer token or an X-API-Key unless marked @Public().
 * Read-only API keys are refused on every method that can change data.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      request.user = await this.apiKeys.authenticate(apiKey);
    } else {
      await (super.canActivate(context) as Promise<boolean>);
    }
    const user = request.user as AuthUser;
    if (user.scope === 'read' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('This API key is read-only; use a read-write key to change data');
    }
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && !user.isAdmin) {
      throw new ForbiddenException('This action is reserved to administrators');
    }
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error || !user) throw new UnauthorizedException('Authentication required: send a valid Bearer access token or X-API-Key');
    return user;
  }
}
