import type { Selectable } from 'kysely';
import type { TxContext, UsersTable } from '../schema.ts';

export interface UserRecord {
  id: number;
  login: string;
  displayName: string | null;
  email: string | null;
  groups: string[];
  createdAt: string;
  lastLoginAt: string | null;
}

/** GitHub logins compare case-insensitively; the stored key is the lower-cased login. */
export function loginKey(login: string): string {
  return login.toLowerCase();
}

export async function findUserByLogin(
  { tx }: TxContext,
  login: string,
): Promise<UserRecord | undefined> {
  const row = await tx
    .selectFrom('users')
    .selectAll()
    .where('login_key', '=', loginKey(login))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById({ tx }: TxContext, id: number): Promise<UserRecord | undefined> {
  const row = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserIdByIdentity(
  { tx }: TxContext,
  provider: string,
  subject: string,
): Promise<number | undefined> {
  const row = await tx
    .selectFrom('user_identities')
    .select('user_id')
    .where('provider', '=', provider)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

export interface UserProfile {
  login: string;
  displayName: string | null;
  email: string | null;
  groups: string[];
}

/** Create the user for a login, or refresh the profile of the one that has it. */
export async function upsertUser(
  { tx }: TxContext,
  profile: UserProfile,
  at: Date,
): Promise<UserRecord> {
  const values = {
    login: profile.login,
    display_name: profile.displayName,
    email: profile.email,
    groups: JSON.stringify(profile.groups),
    last_login_at: at,
  };
  const row = await tx
    .insertInto('users')
    .values({ ...values, login_key: loginKey(profile.login) })
    .onConflict((oc) => oc.column('login_key').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function linkIdentity(
  { tx }: TxContext,
  link: { provider: string; subject: string; userId: number },
): Promise<void> {
  await tx
    .insertInto('user_identities')
    .values({ provider: link.provider, subject: link.subject, user_id: link.userId })
    .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
    .execute();
}

function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    email: row.email,
    groups: row.groups,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}
