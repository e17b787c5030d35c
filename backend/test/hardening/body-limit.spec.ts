import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/bootstrap';
import { createTestApp, registerUser, TestApp } from '../support/test-app';

describe('request body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 413 with the standard error body for a body over the limit, and accepts one under it', async () => {
    const user = await registerUser(t);
    const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 10), scope: 'read' });
    const response = await t.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { ...user.auth, 'content-type': 'application/json' }, payload: huge });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' });
    const small = await t.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { name: 'ok', scope: 'read' } });
    expect(small.statusCode).toBe(201);
  });

  it('answers 400 (not 500) for malformed JSON', async () => {
    const user = await registerUser(t);
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...user.auth, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json()).sort()).toEqual(['error', 'message', 'statusCode']);
  });
});
