import type { Selectable } from 'kysely';
import type { ApiTokensTable, TxContext } from '../schema.ts';
import { loginKey } from './users.ts';

export interface ApiTokenRecord {
  id: number;
  userId: number | null;
  owner: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  userId: number | null;
  owner: string;
  name: string;
  tokenHash: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date;
}

export async function insertApiToken(
  { tx }: TxContext,
  token: NewApiToken,
): Promise<ApiTokenRecord> {
  const row = await tx
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      owner: token.owner,
      owner_key: loginKey(token.owner),
      name: token.name,
      token_hash: token.tokenHash,
      prefix: token.prefix,
      scopes: JSON.stringify(token.scopes),
      expires_at: token.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toToken(row);
}

/** The token with this hash, whatever its state (the caller judges revoked and expired). */
export async function findApiTokenByHash(
  { tx }: TxContext,
  tokenHash: string,
): Promise<ApiTokenRecord | undefined> {
  const row = await tx
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && toToken(row);
}

export async function touchApiToken({ tx }: TxContext, id: number, now: Date): Promise<void> {
  await tx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function listApiTokens(
  { tx }: TxContext,
  owner: string | undefined,
): Promise<ApiTokenRecord[]> {
  let q = tx.selectFrom('api_tokens').selectAll().orderBy('id');
  if (owner !== undefined) q = q.where('owner_key', '=', loginKey(owner));
  return (await q.execute()).map(toToken);
}

export async function findApiToken(
  { tx }: TxContext,
  id: number,
): Promise<ApiTokenRecord | undefined> {
  const row = await tx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toToken(row);
}

/** Revoke once: returns the token as revoked, or undefined when it already was. */
export async function revokeApiToken(
  { tx }: TxContext,
  id: number,
  now: Date,
): Promise<ApiTokenRecord | undefined> {
  const row = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toToken(row);
}

function toToken(row: Selectable<ApiTokensTable>): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    owner: row.owner,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
