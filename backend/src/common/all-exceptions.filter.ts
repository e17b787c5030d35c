import { readFileSync } from 'node:fs';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DomainError,
  InvalidError,
  NotFoundError,
  RateLimitedError,
  TooLargeError,
  UnauthenticatedError,
  UnavailableError,
} from './domain-errors';
import { ErrorBody, reasonPhrase } from './error-body';
import { TooManyRequestsException } from './too-many-requests.exception';

/** PostgreSQL error codes that mean "the request was wrong", not "the server broke". */
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '22P02': { status: 400, message: 'A value has an invalid format' },
  '22003': { status: 400, message: 'A number is out of range' },
  '22007': { status: 400, message: 'A date is invalid' },
  '22008': { status: 400, message: 'A date is out of range' },
  '23505': { status: 409, message: 'This already exists' },
  '23503': { status: 400, message: 'A referenced item does not exist' },
};

/**
 * Turns every error into `{statusCode, error, message, details?}`; never leaks stack traces or SQL.
 * Unknown GET routes outside /api answer the dashboard's index.html (SPA fallback) when it is built.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly spaIndex: string | null;

  constructor(spaIndexPath?: string) {
    this.spaIndex = null;
    if (spaIndexPath) {
      try {
        this.spaIndex = readFileSync(spaIndexPath, 'utf8');
      } catch {
        this.spaIndex = null;
      }
    }
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);

    if (body.statusCode === 404 && this.spaIndex && request.method === 'GET' && !/^\/(api|socket\.io)(\/|$)/.test(request.url)) {
      void reply.status(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(this.spaIndex);
      return;
    }
    if (exception instanceof TooManyRequestsException || exception instanceof RateLimitedError) {
      reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof DomainError) {
      const status = domainStatus(exception);
      const details = exception.problems?.map((problem) => problem.message);
      return { statusCode: status, error: reasonPhrase(status), message: exception.message, ...(details ? { details } : {}) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return { statusCode: status, error: reasonPhrase(status), message: response };
      const raw = response as { message?: unknown; details?: unknown; error?: unknown };
      const messages = Array.isArray(raw.message) ? raw.message.map(String) : undefined;
      const message = messages ? `Invalid request: ${messages.join('; ')}` : String(raw.message ?? reasonPhrase(status));
      const details = Array.isArray(raw.details) ? raw.details.map(String) : messages;
      return { statusCode: status, error: reasonPhrase(status), message, ...(details ? { details } : {}) };
    }
    const code = (exception as { code?: unknown }).code;
    if (typeof code === 'string' && PG_CLIENT_ERRORS[code]) {
      const mapped = PG_CLIENT_ERRORS[code];
      return { statusCode: mapped.status, error: reasonPhrase(mapped.status), message: mapped.message };
    }
    // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
    const statusCode = (exception as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const message = statusCode === 413 ? 'Request body is too large' : (exception as Error).message || reasonPhrase(statusCode);
      return { statusCode, error: reasonPhrase(statusCode), message };
    }
    const isUnavailable = /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|timeout exceeded when trying to connect|Query read timeout/i.test(
      String((exception as Error)?.message),
    );
    this.logger.error({ err: exception, method: request.method, url: request.url }, 'Unhandled error');
    if (isUnavailable) return { statusCode: 503, error: 'Service Unavailable', message: 'A backing service is unavailable; try again shortly' };
    return { statusCode: 500, error: 'Internal Server Error', message: 'Unexpected error; it has been logged' };
  }
}

/** The HTTP status of each kind of domain error (the only place that knows). */
function domainStatus(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof InvalidError) return 400;
  if (error instanceof ConflictError) return 409;
  if (error instanceof TooLargeError) return 413;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UnavailableError) return 503;
  return 400;
}
