import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, expectError, openTestApi, type TestApi } from '../server/helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

describe('the site content behind Getting started', () => {
  it('is seeded by its migration and public', async () => {
    const res = await api.app.inject('/api/v1/site');
    expect(res.statusCode).toBe(200);
    const site = res.json();
    expect(site.content.parts.map((p: { title: string }) => p.title)).toEqual([
      'Operate First',
      'The Open Infrastructure Labs',
      'The Mass Open Cloud (MOC)',
    ]);
    expect(site.content.meetings[0].name).toMatch(/coordination meeting/);
    expect(site.updatedBy).toBe('opf-seed');
  });

  it('an admin replaces it; anyone else is refused; a bad body is refused at its field', async () => {
    const before = (await api.app.inject('/api/v1/site')).json();
    const content = { ...before.content, title: 'Welcome to our cloud' };
    const anonymous = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/site',
      payload: content,
    });
    expectError(anonymous, 401, 'OPF_ERR_UNAUTHENTICATED');
    const bad = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/site',
      headers: AUTH,
      payload: { ...content, channels: [{ name: 'x', kind: 'chat', url: 'not a url', text: 'y' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('channels');
    const put = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/site',
      headers: AUTH,
      payload: content,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().updatedBy).toBe('admin');
    expect((await api.app.inject('/api/v1/site')).json().content.title).toBe(
      'Welcome to our cloud',
    );
  });
});
