import { describe, expect, it } from 'vitest';
import {
  isRfc1123Label,
  mergeUsers,
  rfc1123LabelProblem,
  sameUser,
  userNameProblem,
} from '../../src/core/index.ts';

describe('RFC 1123 labels', () => {
  it.each(['a', 'thoth', 'thoth-station-prod', '0day', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(isRfc1123Label(name)).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['Thoth', 'must be lowercase'],
    ['a'.repeat(64), 'at most 63'],
    ['-thoth', 'must start and end'],
    ['thoth-', 'must start and end'],
    ['thöth', 'may hold only'],
    ['../x', 'may hold only'],
    ['a/b', 'may hold only'],
    ['a.b', 'may hold only'],
    ['a_b', 'may hold only'],
    ['a b', 'may hold only'],
    ['a\nb', 'may hold only'],
    // The rule broken is named: the underscore, not the case.
    ['My_Team', 'not "_"'],
  ])('refuses %j (%s)', (name, why) => {
    expect(rfc1123LabelProblem(name)).toContain(why);
  });
});

describe('user names', () => {
  it('accepts GitHub logins and OpenShift users with _ and .', () => {
    for (const name of ['octocat', 'Octo-Cat', 'bob_openshift.user', 'a1'])
      expect(userNameProblem(name)).toBeUndefined();
  });

  it.each(['', '-lead', 'a/b', 'a b', 'a:b', 'ü', 'x'.repeat(101)])('refuses %j', (name) => {
    expect(userNameProblem(name)).toBeDefined();
  });

  it('compares case-insensitively and keeps the first casing when merging', () => {
    expect(sameUser('Alice', 'alice')).toBe(true);
    expect(sameUser('alice', 'alicia')).toBe(false);
    expect(mergeUsers(['Alice', 'bob'], ['ALICE', 'carol', 'Bob'])).toEqual([
      'Alice',
      'bob',
      'carol',
    ]);
  });
});
