/**
 * The bodies the /healthz bench sends while it probes: the largest each route accepts, and
 * hostile ones (issue 9, item 1). Each is built once; the senders resend the same bytes.
 */
export interface Body {
  name: string;
  method: 'POST';
  path: string;
  type: string;
  /** Sent with the admin token (signed-in routes) or with no credentials at all. */
  signedIn: boolean;
  bytes: Buffer;
}

const KIB = 1024;

/** A request file in opf's YAML format, padded with `extra` unknown keys (reported by line). */
function requestYaml(extra: number): string {
  const lines = [
    'project:',
    '  name: bench-project',
    '  description: A request file padded to the bound',
    'team:',
    '  name: bench-team',
    '  owner: admin',
    '  members: [admin]',
  ];
  for (let i = 0; i < extra; i++) lines.push(`k${i}: v`);
  return `${lines.join('\n')}\n`;
}

/** The largest YAML request file under the bound (32 KiB and 2,500 nodes). */
function largestYaml(): string {
  let extra = 1;
  while (Buffer.byteLength(requestYaml(extra + 1)) <= 32 * KIB && extra < 1_240) extra++;
  return requestYaml(extra);
}

/** 40,000 keys (about 390 KB): what blocked the event loop for 28 s before issue 9. */
function manyKeysYaml(keys: number): string {
  return Array.from({ length: keys }, (_, i) => `key${i}: value${i}`).join('\n');
}

/** An alias bomb: each level refers to the one before ten times, nine levels. */
function aliasBombYaml(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** A JSON object of `keys` keys, about `bytes` long. */
function manyKeysJson(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes - 40; i++) {
    const part = `"k${i}":"${'v'.repeat(8)}"`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

/** The largest JSON opf parses: just under 1 MiB and 10,000 values (long strings, 3,300 keys: 9,900 values counting keys and separators). */
function largestAcceptedJson(bytes: number): string {
  const keys = 3_300;
  const value = 'v'.repeat(Math.floor(bytes / keys) - 16);
  return `{${Array.from({ length: keys }, (_, i) => `"k${i}":"${value}"`).join(',')}}`;
}

/** A request whose team lists as many members as 1 MiB holds: zod checks each. */
function hugeMembersJson(bytes: number): string {
  const members: string[] = [];
  let size = 200;
  for (let i = 0; size < bytes - 40; i++) {
    members.push(`user-${i}`);
    size += `"user-${i}",`.length;
  }
  return JSON.stringify({
    project: { name: 'bench-project', description: 'x' },
    team: { name: 'bench-team', owner: 'admin', members },
  });
}

export function bodies(): Body[] {
  const limit = 1024 * KIB - 64; // just under opf's 1 MiB body limit
  const yaml = 'application/yaml';
  const json = 'application/json';
  const make = (
    name: string,
    path: string,
    type: string,
    signedIn: boolean,
    text: string,
  ): Body => ({ name, method: 'POST', path, type, signedIn, bytes: Buffer.from(text) });
  return [
    make(
      'largest YAML request file (32 KiB, unknown keys)',
      '/api/v1/requests',
      yaml,
      true,
      largestYaml(),
    ),
    make('YAML, 40,000 keys (390 KB)', '/api/v1/requests', yaml, true, manyKeysYaml(40_000)),
    make('YAML alias bomb', '/api/v1/requests', yaml, true, aliasBombYaml()),
    make(
      'YAML, 40,000 keys, anonymous, to invitations',
      '/api/v1/meetings/coordination/invitations',
      yaml,
      false,
      manyKeysYaml(40_000),
    ),
    make(
      'largest JSON parsed (1 MiB, 9,900 values), anonymous, to invitations',
      '/api/v1/meetings/coordination/invitations',
      json,
      false,
      largestAcceptedJson(limit),
    ),
    make(
      'largest JSON request parsed (1 MiB, 9,900 values)',
      '/api/v1/requests',
      json,
      true,
      largestAcceptedJson(limit),
    ),
    make(
      'JSON, 1 MiB of keys, anonymous, to invitations',
      '/api/v1/meetings/coordination/invitations',
      json,
      false,
      manyKeysJson(limit),
    ),
    make(
      'JSON request, 1 MiB of team members',
      '/api/v1/requests',
      json,
      true,
      hugeMembersJson(limit),
    ),
    make(
      'JSON, 1 MiB nested arrays',
      '/api/v1/requests',
      json,
      true,
      `${'['.repeat(limit / 2)}${']'.repeat(limit / 2)}`,
    ),
  ];
}
