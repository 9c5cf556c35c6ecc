/**
 * The one call opf makes to GitHub's REST API for identity: who owns this access token.
 * Kept this thin because GitHub cannot be reached from the test machines; the tests run it
 * against a loopback server that answers like GitHub does.
 */
export async function fetchGithubUser(
  apiUrl: string,
  accessToken: string,
  // A sign-in waits on it: a GitHub that never answers must not hold the request open.
  timeoutMs = 15_000,
): Promise<{ subject: string; login: string; displayName: string | null; email: string | null }> {
  const response = await fetch(`${apiUrl}/user`, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${accessToken}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'opf',
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`GitHub /user answered ${response.status}`);
  const body = (await response.json()) as {
    id?: unknown;
    login?: unknown;
    name?: unknown;
    email?: unknown;
  };
  if (
    typeof body.login !== 'string' ||
    (typeof body.id !== 'number' && typeof body.id !== 'string')
  )
    throw new Error('GitHub /user gave no login');
  return {
    subject: String(body.id),
    login: body.login,
    displayName: typeof body.name === 'string' ? body.name : null,
    email: typeof body.email === 'string' ? body.email : null,
  };
}
