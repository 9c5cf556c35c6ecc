import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, openTestApi, post, type TestApi } from './helpers.ts';

/**
 * GET /api/v1/overview is the dashboard's one call (issue 15: the overview in at most two API
 * calls): each of its parts must be what that part's own route answers.
 */
describe('GET /api/v1/overview', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi();
  });
  afterAll(() => api.close());

  it('answers the counts, the newest requests, the meetings, open incidents and usage', async () => {
    for (const title of ['Smaug ingress dropped connections', 'Zero: storage slow']) {
      const declared = await post(api.app, '/api/v1/incidents', {
        title,
        severity: 'major',
        clusters: ['moc/smaug'],
        body: 'Seen by ops.',
      });
      expect(declared.statusCode, declared.body).toBe(201);
    }
    const res = await get(api.app, '/api/v1/overview');
    expect(res.statusCode, res.body).toBe(200);
    const overview = res.json();
    expect(Object.keys(overview).sort()).toEqual(
      ['counts', 'incidents', 'meetings', 'recent', 'usage'].sort(),
    );
    const open = (await get(api.app, '/api/v1/incidents?status=open&limit=5')).json();
    expect(overview.incidents).toHaveLength(2);
    expect(overview.incidents).toEqual(open.items);
    const usage = (await get(api.app, '/api/v1/usage/projects?limit=20')).json();
    expect(overview.usage).toEqual(usage.items);
  });

  it('is public: a visitor with no credentials reads it', async () => {
    const res = await api.app.inject({ url: '/api/v1/overview', headers: {} });
    expect(res.statusCode).toBe(200);
  });
});
