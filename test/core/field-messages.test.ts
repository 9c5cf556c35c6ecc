import { describe, expect, it } from 'vitest';
import {
  decodeRequestInput,
  type OpfError,
  requestSpecSchema,
  unlocated,
} from '../../src/core/index.ts';
import { validateSpec } from '../../web/src/features/wizard/validate.ts';
import { validRequest } from '../support/fixtures.ts';

/**
 * Issue 15 item 6: every field error is one plain sentence naming the rule broken, the same
 * in the API and the CLI (decodeRequestInput) and in the wizard (validateSpec): no library
 * phrasing ("Too small: expected string to have >=1 characters"), no `"" must not be empty`,
 * and a name with an underscore is told about the underscore.
 */
function broken() {
  const spec = validRequest('plain-words') as unknown as Record<string, Record<string, unknown>>;
  spec.project!.description = '';
  spec.team = { name: 'my_team', owner: '', members: [] };
  (spec.namespaces as unknown as Record<string, unknown>[])[0]!.name = 'Dev_Space';
  return spec;
}
const LIBRARY_PHRASING = /Too small|Too big|expected string|Invalid input|>=|"" must/;

describe('field errors in plain words', () => {
  it('the CLI and API decoder', () => {
    let error: OpfError | undefined;
    try {
      decodeRequestInput(unlocated(broken()), 'request.yaml');
    } catch (caught) {
      error = caught as OpfError;
    }
    const byPath = Object.fromEntries((error?.details ?? []).map((d) => [d.path, d.message]));
    expect(byPath['project.description']).toBe('project.description: is required');
    expect(byPath['team.name']).toBe(
      'team.name: "my_team" may hold only lowercase letters, digits and "-", not "_"',
    );
    expect(byPath['team.owner']).toBe('team.owner: is required');
    expect(byPath['team.members']).toBe('team.members: needs at least one entry');
    expect(byPath['namespaces[0].name']).toContain('not "_"');
    for (const message of Object.values(byPath)) expect(message).not.toMatch(LIBRARY_PHRASING);
  });

  it('the wizard, which runs the same schema in the browser', () => {
    const errors = validateSpec(broken() as never, undefined);
    expect(errors['project.description']).toBe('is required');
    expect(errors['team.name']).toBe(
      '"my_team" may hold only lowercase letters, digits and "-", not "_"',
    );
    expect(errors['team.owner']).toBe('is required');
    for (const message of Object.values(errors)) expect(message).not.toMatch(LIBRARY_PHRASING);
  });

  it('lengths, lists, URLs and choices name their rule too', () => {
    const spec = validRequest('plain-words');
    const result = requestSpecSchema.safeParse({
      ...spec,
      project: { ...spec.project, description: 'x'.repeat(4001), repositoryUrl: 'github' },
      namespaces: [],
    });
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'may have at most 4000 characters',
        'must be a URL, such as https://github.com/org/repo',
        'needs at least one entry',
      ]),
    );
  });
});
