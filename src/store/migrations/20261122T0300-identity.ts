import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Identity: users (known by GitHub login), their provider identities, browser sessions,
 * API tokens and login attempts in flight. Secrets are stored only as SHA-256 hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table users (
      id bigint generated always as identity primary key,
      login text not null,
      -- GitHub logins are case-insensitive: one user per lower-cased login.
      login_key text not null unique,
      display_name text,
      email text,
      -- Groups from the provider's last login (OIDC group claim), for ops/admin by group.
      groups jsonb not null default '[]',
      created_at timestamptz not null default now(),
      last_login_at timestamptz
    );
    create table user_identities (
      provider text not null,
      subject text not null,
      user_id bigint not null references users (id),
      created_at timestamptz not null default now(),
      primary key (provider, subject)
    );
    create table sessions (
      token_hash text primary key,
      user_id bigint not null references users (id),
      provider text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      source text
    );
    create index sessions_user on sessions (user_id);
    create table api_tokens (
      id bigint generated always as identity primary key,
      user_id bigint references users (id),
      -- who the token acts as: a user's login, or the bootstrap admin
      owner text not null,
      owner_key text not null,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      scopes jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_owner on api_tokens (owner_key, id);
    create table login_attempts (
      state_hash text primary key,
      provider text not null,
      code_verifier text not null,
      nonce text,
      return_to text,
      expires_at timestamptz not null
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table login_attempts;
    drop table api_tokens;
    drop table sessions;
    drop table user_identities;
    drop table users;
  `,
  );
}
