import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpfError } from '../../src/core/index.ts';
import {
  applyChanges,
  openRepository,
  planMemberChange,
  validateRepository,
} from '../../src/gitops/index.ts';
import { copyTree, snapshot, TESTDATA } from './helpers.ts';

const GROUPS = 'cluster-scope/base/user.openshift.io/groups';
const ALPHA = `${GROUPS}/alpha-team/group.yaml`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isOpfError(error) ? error.code : String(error);
  }
  return undefined;
}

describe('planMemberChange: a user in or out of a team group file', () => {
  it('adds a user as one new line; the rest of the file stays byte for byte', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    const file = join(dir, ALPHA);
    // A comment and a header the edit must keep.
    writeFileSync(file, `# owned by the alpha team\n${readFileSync(file, 'utf8')}`);
    const plan = planMemberChange(openRepository(dir), 'alpha-team', 'add', 'Carol');
    expect(plan.summary).toBe('Add Carol to group alpha-team');
    expect(plan.changes.map((c) => [c.path, c.action])).toEqual([[ALPHA, 'update']]);
    await applyChanges(dir, plan.changes);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# owned by the alpha team',
        'apiVersion: user.openshift.io/v1',
        'kind: Group',
        'metadata:',
        '  name: alpha-team',
        'users:',
        '  - alice',
        '  - Bob',
        '  - Carol',
        '',
      ].join('\n'),
    );
    expect(validateRepository(dir)).toEqual([]);
    // A re-run (in any case) is a no-op.
    expect(planMemberChange(openRepository(dir), 'alpha-team', 'add', 'carol').changes).toEqual([]);
  });

  it('removes a user in any case, and removing again changes nothing', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    const plan = planMemberChange(openRepository(dir), 'alpha-team', 'remove', 'BOB');
    expect(plan.summary).toBe('Remove BOB from group alpha-team');
    await applyChanges(dir, plan.changes);
    expect(readFileSync(join(dir, ALPHA), 'utf8')).toBe(
      'apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: alpha-team\nusers:\n  - alice\n',
    );
    expect(planMemberChange(openRepository(dir), 'alpha-team', 'remove', 'bob').changes).toEqual(
      [],
    );
  });

  it('refuses, writing nothing: an unknown group, a bad login, the last user, a file it cannot edit in place', () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    const before = snapshot(dir);
    const repo = openRepository(dir);
    expect(codeOf(() => planMemberChange(repo, 'no-such-team', 'add', 'x'))).toBe(
      'OPF_ERR_GITOPS_GROUP_UNKNOWN',
    );
    expect(codeOf(() => planMemberChange(repo, 'alpha-team', 'add', 'bad/login'))).toBe(
      'OPF_ERR_USER_INVALID',
    );
    expect(codeOf(() => planMemberChange(repo, 'Alpha', 'add', 'x'))).toBe('OPF_ERR_NAME_INVALID');
    // viewers holds a single user, in a flow list: [frank].
    expect(codeOf(() => planMemberChange(repo, 'viewers', 'remove', 'Frank'))).toBe(
      'OPF_ERR_MEMBER_LAST',
    );
    expect(codeOf(() => planMemberChange(repo, 'viewers', 'add', 'gina'))).toBe(
      'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
    );
    expect(snapshot(dir)).toEqual(before);
  });
});
