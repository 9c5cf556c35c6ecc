import { describe, expect, it } from 'vitest';
import type { OpfError } from '../../src/core/index.ts';
import { GitHubForge } from '../../src/forge/index.ts';
import { recordedGitHubFetch } from '../support/recorded-forge.ts';

describe('GitHub forge adapter, against the recorded contract', () => {
  const calls: { method: string; url: string; body: unknown; auth: string | null }[] = [];
  const forge = new GitHubForge({
    owner: 'operate-first',
    repo: 'apps',
    token: 'ghp_test',
    fetch: recordedGitHubFetch(calls),
  });

  it('opens a pull request when none is open for the branch', async () => {
    const pr = await forge.openPullRequest({
      head: 'opf/request-1',
      base: 'main',
      title: 'Onboard demo (opf request 1)',
      body: 'details',
    });
    expect(pr).toEqual({
      number: 1347,
      url: 'https://github.com/operate-first/apps/pull/1347',
      state: 'open',
    });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
    expect(calls[1]?.body).toMatchObject({ head: 'opf/request-1', base: 'main', body: 'details' });
    expect(calls[1]?.auth).toBe('token ghp_test');
  });

  it('returns the open pull request instead of opening a second one', async () => {
    calls.length = 0;
    const pr = await forge.openPullRequest({
      head: 'opf/request-8',
      base: 'main',
      title: 't',
      body: 'b',
    });
    expect(pr.number).toBe(1348);
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('reads a merged pull request as merged', async () => {
    expect((await forge.getPullRequest(1347)).state).toBe('merged');
  });

  it('turns GitHub refusals into a stable code', async () => {
    await expect(forge.getPullRequest(9999)).rejects.toSatisfy(
      (error: OpfError) => error.code === 'OPF_ERR_FORGE_FAILED' && /401/.test(error.message),
    );
  });
});

describe('GitHub forge adapter, against a GitHub that never answers', () => {
  it('gives up on a call after its timeout, with the forge error', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const forge = new GitHubForge({
        owner: 'operate-first',
        repo: 'apps',
        token: 'ghp_test',
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 200,
      });
      const failure = await forge.getPullRequest(1).catch((error: OpfError) => error);
      expect((failure as OpfError).code).toBe('OPF_ERR_FORGE_FAILED');
      expect((failure as OpfError).message).toMatch(/abort|timeout/i);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
