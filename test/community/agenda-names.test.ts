import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/onboarding/index.ts';
import { developer, validRequest } from '../support/fixtures.ts';
import { type ServedApi, serveTestApi } from './support.ts';

/** Issue 15 item 6: a project without a display name is named by its name, never "undefined". */
let api: ServedApi;
beforeAll(async () => {
  api = await serveTestApi();
});
afterAll(() => api.close());

describe('an agenda item for a project with no display name', () => {
  it('reads "name, request N: state" in the API and the CLI', async () => {
    const spec = validRequest('nameless-lab');
    delete spec.project.displayName;
    const request = await submitRequest(
      { db: api.database.db, publicUrl: 'http://opf.test' },
      developer,
      spec,
    );
    const agenda = (await api.app.inject('/api/v1/meetings/coordination/agenda')).json();
    const item = agenda.items.find((i: { requestId: number }) => i.requestId === request.id);
    expect(item.title).toBe(`nameless-lab, request ${request.id}: submitted`);
    const cli = await api.cli(['meetings', 'agenda', 'coordination']);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toContain(`nameless-lab, request ${request.id}: submitted`);
    expect(cli.out).not.toContain('undefined');
  });
});
