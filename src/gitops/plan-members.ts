import {
  assertRfc1123Label,
  type MemberChangeAction,
  OpfError,
  printable,
  sameUser,
  userNameProblem,
} from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { groupDir } from './layout.ts';
import type { Repository } from './repository.ts';
import { addListItem, removeListItems } from './yaml-edit.ts';
import { parseYamlText } from './yaml-read.ts';

/**
 * Add a user to, or remove one from, a team's group file
 * (cluster-scope/base/user.openshift.io/groups/<team>/group.yaml). Logins compare
 * case-insensitively, as the cluster's identity provider does, so a user already there in
 * another case is not added twice and any casing is removed. The file is edited line by line:
 * its comments, order and quoting stay. A change already made plans as empty (a re-run).
 */
export function planMemberChange(
  repo: Repository,
  group: string,
  action: MemberChangeAction,
  login: string,
): Plan {
  assertRfc1123Label(group, 'group');
  const problem = userNameProblem(login);
  if (problem) throw new OpfError('OPF_ERR_USER_INVALID', `user "${printable(login)}" ${problem}`);
  const file = `${groupDir(group)}/group.yaml`;
  const draft = new Draft(repo.fs);
  const text = draft.read(file);
  if (text === undefined)
    throw new OpfError(
      'OPF_ERR_GITOPS_GROUP_UNKNOWN',
      `group "${group}" has no ${file} in the repository`,
    );
  const doc = parseYamlText(file, text).docs[0] as { users?: unknown } | undefined;
  const users = Array.isArray(doc?.users) ? doc.users.map(String) : [];
  const present = users.some((user) => sameUser(user, login));
  if (action === 'add' && !present) draft.write(file, addListItem(file, text, 'users', login));
  if (action === 'remove' && present) {
    // A group with no users grants nothing and reads as a mistake: the owner always stays.
    if (users.every((user) => sameUser(user, login)))
      throw new OpfError(
        'OPF_ERR_MEMBER_LAST',
        `${login} is the last user of group ${group}; it would be left empty`,
      );
    draft.write(
      file,
      removeListItems(file, text, 'users', (user) => sameUser(user, login)),
    );
  }
  return {
    summary:
      action === 'add' ? `Add ${login} to group ${group}` : `Remove ${login} from group ${group}`,
    changes: draft.changes(),
  };
}
