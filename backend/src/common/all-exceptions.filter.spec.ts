import { BadRequestException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ConflictError, InvalidError, LimitReachedError, NotFoundError, RateLimitedError, TooLargeError, UnauthenticatedError } from './domain-errors';

function answer(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const reply = {
    status: (code: number) => ((sent.status = code), reply),
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method: 'GET', url: '/api/v1/x' }) }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter and domain errors', () => {
  it('maps each domain error to its status and the standard body, problems as details', () => {
    expect(answer(new NotFoundError('Portfolio not found'))).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Portfolio not found' },
    });
    expect(answer(new NotFoundError('x')).body).not.toHaveProperty('details');
    expect(
      answer(
        InvalidError.list('Invalid alert', [
          { field: 'pct', message: 'pct is required' },
          { field: 'symbol', message: 'bad symbol' },
        ]),
      ).body,
    ).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid alert: pct is required; bad symbol',
      details: ['pct is required', 'bad symbol'],
    });
    expect(answer(LimitReachedError.of('Too many')).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Too many', details: ['Too many'] });
    expect(answer(new ConflictError('exists')).status).toBe(409);
    expect(answer(new TooLargeError('big')).body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'big' });
    expect(answer(new UnauthenticatedError('who')).status).toBe(401);
    const limited = answer(new RateLimitedError('slow down', 7));
    expect(limited).toMatchObject({ status: 429, body: { error: 'Too Many Requests', message: 'slow down' }, headers: { 'retry-after': '7' } });
  });

  it('answers a domain error exactly as the HTTP exception it replaced', () => {
    const message = 'A transfer needs two different portfolios';
    expect(answer(InvalidError.of(message)).body).toEqual(answer(new BadRequestException({ message, details: [message] })).body);
    expect(answer(new InvalidError(message)).body).toEqual(answer(new BadRequestException(message)).body);
  });
});
