import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonBoundsProblem,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
} from '../../src/server/json-bounds.ts';
import { validRequest } from '../support/fixtures.ts';
import { AUTH, openTestApi, type TestApi } from './helpers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await openTestApi();
});
afterAll(() => t?.close());

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload,
  });

describe('JSON bodies are bounded before they are parsed (bench/healthz)', () => {
  it('counts values and depth outside strings only', () => {
    expect(jsonBoundsProblem(JSON.stringify(validRequest('bounds')))).toBeUndefined();
    // Brackets, braces and commas inside strings are text, not structure.
    expect(jsonBoundsProblem(JSON.stringify({ a: '[[[[,,,,{{{{'.repeat(10_000) }))).toBeUndefined();
    expect(jsonBoundsProblem(JSON.stringify({ a: 'x\\"[[[[' }))).toBeUndefined();
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(jsonBoundsProblem(deep(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBoundsProblem(deep(MAX_JSON_DEPTH + 1))).toMatch(/deeper than 32/);
    const numbers = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => i));
    expect(jsonBoundsProblem(numbers(MAX_JSON_VALUES - 1))).toBeUndefined();
    expect(jsonBoundsProblem(numbers(MAX_JSON_VALUES + 1))).toMatch(/over 10,000 values/);
  });

  it('half a million nested arrays, anonymously: 413 OPF_ERR_JSON_TOO_LARGE', async () => {
    const res = await post(
      '/api/v1/meetings/weekly/invitations',
      `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('OPF_ERR_JSON_TOO_LARGE');
  });

  it('50,000 team members in a request: 413 before zod sees them', async () => {
    const request = validRequest('many-members');
    const members = Array.from({ length: 50_000 }, (_, i) => `user-${i}`);
    const res = await post(
      '/api/v1/requests',
      JSON.stringify({ ...request, team: { ...request.team, members } }),
      AUTH,
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('OPF_ERR_JSON_TOO_LARGE');
  });

  it('a request in JSON is still parsed and accepted; prototype poisoning still refused', async () => {
    const ok = await post('/api/v1/requests', JSON.stringify(validRequest('json-ok')), AUTH);
    expect(ok.statusCode, ok.body).toBeLessThan(300);
    const poisoned = await post('/api/v1/requests', '{"__proto__":{"x":1}}', AUTH);
    expect(poisoned.statusCode).toBe(400);
  });
});
