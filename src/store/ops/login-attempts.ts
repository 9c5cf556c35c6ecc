import type { TxContext } from '../schema.ts';

export interface LoginAttempt {
  stateHash: string;
  provider: string;
  codeVerifier: string;
  nonce: string | null;
  returnTo: string | null;
  expiresAt: Date;
}

export async function insertLoginAttempt({ tx }: TxContext, attempt: LoginAttempt): Promise<void> {
  await tx
    .insertInto('login_attempts')
    .values({
      state_hash: attempt.stateHash,
      provider: attempt.provider,
      code_verifier: attempt.codeVerifier,
      nonce: attempt.nonce,
      return_to: attempt.returnTo,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

/**
 * Take (read and delete) a login attempt: a state is good for one callback only. Attempts
 * that expired are swept at the same time.
 */
export async function takeLoginAttempt(
  { tx }: TxContext,
  stateHash: string,
  now: Date,
): Promise<LoginAttempt | undefined> {
  const rows = await tx
    .deleteFrom('login_attempts')
    .where((eb) => eb.or([eb('state_hash', '=', stateHash), eb('expires_at', '<=', now)]))
    .returningAll()
    .execute();
  const row = rows.find((r) => r.state_hash === stateHash && r.expires_at > now);
  return (
    row && {
      stateHash: row.state_hash,
      provider: row.provider,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      returnTo: row.return_to,
      expiresAt: row.expires_at,
    }
  );
}
