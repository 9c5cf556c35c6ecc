import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_RATE_LIMIT } from '../../src/server/routes/invitations.ts';
import { expectError, openTestApi, type TestApi } from '../server/helpers.ts';

describe('asking for invitations', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi();
  });
  afterAll(() => api.close());

  const ask = (n: number, remoteAddress = '198.51.100.7') =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/meetings/coordination/invitations',
      remoteAddress,
      payload: { email: `person-${n}@example.org`, name: `Person ${n}` },
    });

  it('is limited per client, so nobody can make opf mail a list of strangers', async () => {
    const codes: number[] = [];
    for (let n = 0; n <= INVITATION_RATE_LIMIT.max; n += 1) codes.push((await ask(n)).statusCode);
    expect(codes.slice(0, INVITATION_RATE_LIMIT.max).every((code) => code === 202)).toBe(true);
    const limited = await ask(999);
    expectError(limited, 429, 'OPF_ERR_RATE_LIMITED');
    const queued = await api.database.db
      .selectFrom('invitations')
      .select('email')
      .where('email', '=', 'person-999@example.org')
      .execute();
    expect(queued).toEqual([]);
    // Another client is not held back by the first one.
    expect((await ask(1000, '203.0.113.9')).statusCode).toBe(202);
  });
});
