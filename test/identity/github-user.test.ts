import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fetchGithubUser } from '../../src/identity/github.ts';

describe('asking GitHub who owns a token', () => {
  it('gives up after its timeout when GitHub accepts the connection and never answers', async () => {
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const failure = await fetchGithubUser(`http://127.0.0.1:${port}`, 'gho_test', 200).catch(
        (error: Error) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toMatch(/TimeoutError|AbortError/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
