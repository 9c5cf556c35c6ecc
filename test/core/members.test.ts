import { describe, expect, it } from 'vitest';
import { checkMemberChange, isOpfError, membersAfter } from '../../src/core/index.ts';

const team = { owner: 'Olive', members: ['Olive', 'max', 'Nia'] };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isOpfError(error) ? `${error.code} at ${error.details?.[0]?.path}` : String(error);
  }
  return 'accepted';
};

describe('checkMemberChange', () => {
  it('checks against the team as the pending changes will leave it', () => {
    const pending = [{ action: 'remove' as const, login: 'max' }];
    expect(membersAfter(team.members, pending)).toEqual(['Olive', 'Nia']);
    expect(checkMemberChange(team, pending, 'add', 'Zoe')).toEqual(['Olive', 'Nia', 'Zoe']);
    expect(checkMemberChange(team, pending, 'remove', 'nia')).toEqual(['Olive']);
    expect(codeOf(() => checkMemberChange(team, pending, 'add', 'MAX'))).toBe(
      'OPF_ERR_MEMBER_CHANGE_PENDING at login',
    );
  });

  it('refuses with a code at the login field; logins compare case-insensitively', () => {
    expect(codeOf(() => checkMemberChange(team, [], 'add', 'NIA'))).toBe(
      'OPF_ERR_MEMBER_EXISTS at login',
    );
    expect(codeOf(() => checkMemberChange(team, [], 'remove', 'olive'))).toBe(
      'OPF_ERR_MEMBER_IS_OWNER at login',
    );
    expect(codeOf(() => checkMemberChange(team, [], 'remove', 'zoe'))).toBe(
      'OPF_ERR_MEMBER_UNKNOWN at login',
    );
    expect(codeOf(() => checkMemberChange(team, [], 'add', 'a/b'))).toBe(
      'OPF_ERR_USER_INVALID at login',
    );
    expect(codeOf(() => checkMemberChange(team, [], 'add', ''))).toBe(
      'OPF_ERR_USER_INVALID at login',
    );
    const apart = { owner: 'olive', members: ['max'] };
    expect(codeOf(() => checkMemberChange(apart, [], 'remove', 'MAX'))).toBe(
      'OPF_ERR_MEMBER_LAST at login',
    );
    // The owner listed apart is still in the group: adding them is not a change.
    expect(codeOf(() => checkMemberChange(apart, [], 'add', 'Olive'))).toBe(
      'OPF_ERR_MEMBER_EXISTS at login',
    );
  });
});
