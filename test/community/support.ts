import type { AddressInfo } from 'node:net';
import { runCli } from '../cli/helpers.ts';
import { ADMIN_TOKEN, openTestApi, type TestApi } from '../server/helpers.ts';

export interface ServedApi extends TestApi {
  url: string;
  /** Run `opf <args>` (bin/opf.mjs, its own process) against this server with the admin token. */
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }>;
}

/** The API on a copy of the template database, listening on a loopback port. */
export async function serveTestApi(): Promise<ServedApi> {
  const api = await openTestApi();
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...api,
    url,
    cli: (args, env = {}) =>
      runCli(args, { OPF_SERVER: url, OPF_TOKEN: ADMIN_TOKEN, ...env }, process.cwd()),
  };
}
