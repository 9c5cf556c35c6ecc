import { OpfError } from '../core/index.ts';
import {
  type ApiTokenRecord,
  appendAuditEvent,
  findApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  type Tx,
} from '../store/index.ts';
import type { Scope } from './config.ts';
import type { IdentityContext } from './context.ts';
import type { Principal } from './roles.ts';
import { assertMayGrant, assertMayMintTokens } from './scopes.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const MAX_TOKEN_DAYS = 366;
export const DEFAULT_TOKEN_DAYS = 90;

export type ApiTokenView = ApiTokenRecord;

export interface NewTokenInput {
  name: string;
  scopes: Scope[];
  expiresInDays?: number;
}

/** Create a token; its secret is returned this once and only its hash is kept. */
export async function createApiToken(
  ctx: IdentityContext,
  principal: Principal,
  input: NewTokenInput,
  source: string,
): Promise<{ token: string; record: ApiTokenView }> {
  assertMayMintTokens(principal);
  assertMayGrant(principal, input.scopes);
  const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  const token = newSecret('opf_pat');
  const expiresAt = new Date(ctx.now().getTime() + days * 86_400_000);
  const record = await ctx.db.transaction().execute(async (tx: Tx) => {
    const saved = await insertApiToken(
      { tx },
      {
        userId: principal.userId ?? null,
        owner: principal.name,
        name: input.name,
        tokenHash: hashSecret(token),
        prefix: token.slice(0, 12),
        scopes: [...new Set(input.scopes)],
        expiresAt,
      },
    );
    await tokenEvent(tx, principal, 'token.create', saved, source);
    return saved;
  });
  return { token, record };
}

/** The caller's own tokens; an admin may ask for everyone's. */
export async function listApiTokensFor(
  ctx: IdentityContext,
  principal: Principal,
  everyone: boolean,
): Promise<ApiTokenView[]> {
  if (everyone && principal.role !== 'admin')
    throw new OpfError('OPF_ERR_FORBIDDEN', 'only admins list everyone’s tokens');
  return listApiTokens({ tx: ctx.db }, everyone ? undefined : principal.name);
}

/** Revoke one of the caller's tokens (an admin may revoke anyone's). */
export async function revokeApiTokenFor(
  ctx: IdentityContext,
  principal: Principal,
  id: number,
  source: string,
): Promise<ApiTokenView> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const existing = await findApiToken({ tx }, id);
    const mine = existing && existing.owner.toLowerCase() === principal.name.toLowerCase();
    // Someone else's token is reported as missing: its existence is not the caller's business.
    if (!existing || (!mine && principal.role !== 'admin'))
      throw new OpfError('OPF_ERR_NOT_FOUND', `you have no API token ${id}`);
    const revoked = await revokeApiToken({ tx }, id, ctx.now());
    if (!revoked) return existing;
    await tokenEvent(tx, principal, 'token.revoke', revoked, source, { revokedAt: null });
    return revoked;
  });
}

async function tokenEvent(
  tx: Tx,
  principal: Principal,
  action: string,
  token: ApiTokenView,
  source: string,
  before?: unknown,
): Promise<void> {
  await appendAuditEvent(
    { tx },
    {
      actor: principal.name,
      action,
      subjectType: 'token',
      subjectId: String(token.id),
      ...(before !== undefined && { before }),
      after: {
        name: token.name,
        owner: token.owner,
        scopes: token.scopes,
        expiresAt: token.expiresAt,
        ...(token.revokedAt && { revokedAt: token.revokedAt }),
      },
      source,
      visibility: 'restricted',
    },
  );
}
