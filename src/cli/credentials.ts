import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `opf login` keeps the CLI's API tokens: $XDG_CONFIG_HOME/opf/credentials.json (or
 * ~/.config/opf/…), mode 0600, one token per server so a token is never sent to another.
 */
export function credentialsFile(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return base ? join(base, 'opf', 'credentials.json') : undefined;
}

interface Credentials {
  servers: Record<string, { token: string; login: string }>;
}

const key = (server: string) => server.replace(/\/+$/, '');

function read(file: string): Credentials {
  if (!existsSync(file)) return { servers: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    return parsed && typeof parsed.servers === 'object' ? parsed : { servers: {} };
  } catch {
    return { servers: {} };
  }
}

function write(file: string, credentials: Credentials): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already exists: set it every time.
  chmodSync(file, 0o600);
}

export function storedToken(env: NodeJS.ProcessEnv, server: string): string | undefined {
  const file = credentialsFile(env);
  return file ? read(file).servers[key(server)]?.token : undefined;
}

export function storeToken(
  env: NodeJS.ProcessEnv,
  server: string,
  entry: { token: string; login: string },
): string {
  const file = credentialsFile(env);
  if (!file) throw new Error('set HOME or XDG_CONFIG_HOME to store a token');
  const credentials = read(file);
  credentials.servers[key(server)] = entry;
  write(file, credentials);
  return file;
}

/** Forget the server's token; returns whether there was one. */
export function forgetToken(env: NodeJS.ProcessEnv, server: string): boolean {
  const file = credentialsFile(env);
  if (!file) return false;
  const credentials = read(file);
  if (!credentials.servers[key(server)]) return false;
  delete credentials.servers[key(server)];
  write(file, credentials);
  return true;
}
