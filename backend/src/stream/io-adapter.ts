import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';

/**
 * Whether a browser page at `origin` may open a socket: the API's own origin (same host name as the request's Host,
 * which nginx passes through) or one listed in ALLOWED_ORIGINS. Requests without an Origin header are not from a
 * browser page (scripts, server-side clients) and still need a valid token.
 */
export function socketOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).hostname;
  } catch {
    return false;
  }
  if (!host) return false;
  const requestHost = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0];
  return originHost.replace(/^\[|\]$/g, '') === requestHost;
}

/** socket.io with the configured origin policy: CORS only for ALLOWED_ORIGINS, and every handshake's Origin checked. */
export class ConfiguredIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    const allowed = this.config.env.ALLOWED_ORIGINS;
    return super.createIOServer(port, {
      ...options,
      cors: allowed.length > 0 ? { origin: [...allowed], credentials: false } : undefined,
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
        const ok = socketOriginAllowed(request.headers.origin, request.headers.host, allowed);
        callback(ok ? null : 'Origin not allowed: add it to ALLOWED_ORIGINS', ok);
      },
    });
  }
}
