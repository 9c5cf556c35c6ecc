/**
 * A fast reader for the plain block YAML that fills apps repositories (kustomizations,
 * namespaces, groups, quotas): parsing was most of the cost of importing large repositories.
 * It reads block maps and lists of plain or single-line quoted scalars with YAML 1.2 core
 * resolution, exactly as the `yaml` package would, and gives up (undefined) on anything else
 * (flow collections other than an empty `{}` or `[]`, anchors, tags, block scalars, multi-line scalars, tabs, numbers other
 * than small integers...), so that the caller falls back to the `yaml` package. A test holds
 * it to the `yaml` package's output on every file of the real fixture and on random input.
 */

interface Line {
  indent: number;
  text: string;
}

class GiveUp extends Error {}

const KEY = /^([A-Za-z_][A-Za-z0-9_./-]*|[0-9]+[A-Za-z_./-][A-Za-z0-9_./-]*):(?: +(.*))?$/;
const INT = /^[-+]?[0-9]{1,15}$/;
const NUMERIC =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@` ]|^[-?:][^ ]/;

/** The documents of `text`, or undefined when it is not in the simple subset. */
export function parseSimpleYaml(text: string): unknown[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const docs: Line[][] = [[]];
    for (const raw of text.split('\n')) {
      if (/^---( |$)/.test(raw)) {
        const after = trimSpaces(raw.slice(3));
        if (after !== '' && !after.startsWith('#')) throw new GiveUp();
        docs.push([]);
        continue;
      }
      if (raw.startsWith('...') || raw.startsWith('%')) throw new GiveUp();
      const content = stripComment(raw).replace(/ +$/, '');
      if (content === '') continue;
      const indent = content.length - content.replace(/^ +/, '').length;
      docs[docs.length - 1]!.push({ indent, text: content.slice(indent) });
    }
    // A leading `---` opens the first document rather than ending an empty one.
    if (docs.length > 1 && docs[0]!.length === 0 && /^---/.test(text)) docs.shift();
    return docs.map((lines) => {
      if (lines.length === 0) return null;
      const reader = { lines, at: 0 };
      const value = block(reader, lines[0]!.indent);
      if (reader.at < lines.length) throw new GiveUp();
      return value;
    });
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

/** YAML's white space is spaces and tabs only; String.trim would eat Unicode spaces. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[ :\-[{,]/.test(line[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) return line.slice(0, i);
  }
  if (quote) throw new GiveUp();
  return line;
}

interface Reader {
  lines: Line[];
  at: number;
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function block(r: Reader, indent: number): unknown {
  const line = r.lines[r.at]!;
  if (line.indent !== indent) throw new GiveUp();
  if (isItem(line.text)) return sequence(r, indent);
  if (KEY.test(line.text)) return mapping(r, indent);
  throw new GiveUp();
}

function mapping(r: Reader, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (r.at < r.lines.length) {
    const line = r.lines[r.at]!;
    if (line.indent < indent) break;
    const match = line.indent === indent ? KEY.exec(line.text) : null;
    if (!match) throw new GiveUp();
    const key = match[1]!;
    if (
      Object.hasOwn(out, key) ||
      key === '__proto__' ||
      NUMERIC.test(key) ||
      NULL.test(key) ||
      BOOL.test(key)
    )
      throw new GiveUp();
    r.at++;
    const rest = match[2] ?? '';
    const next = r.lines[r.at];
    if (rest === '') {
      if (next && next.indent > indent) out[key] = block(r, next.indent);
      else if (next && next.indent === indent && isItem(next.text)) out[key] = sequence(r, indent);
      else out[key] = null;
    } else {
      if (next && next.indent > indent) throw new GiveUp();
      out[key] = scalar(rest);
    }
  }
  return out;
}

function sequence(r: Reader, indent: number): unknown[] {
  const out: unknown[] = [];
  while (r.at < r.lines.length) {
    const line = r.lines[r.at]!;
    if (line.indent < indent || (line.indent === indent && !isItem(line.text))) break;
    if (line.indent !== indent) throw new GiveUp();
    const rest = line.text === '-' ? '' : line.text.slice(2);
    const content = rest.replace(/^ +/, '');
    const offset = line.text.length - content.length;
    if (content === '') {
      r.at++;
      const next = r.lines[r.at];
      out.push(next && next.indent > indent ? block(r, next.indent) : null);
    } else if (isItem(content)) throw new GiveUp();
    else if (KEY.test(content)) {
      // `- key: value` opens a mapping whose entries line up with `key`.
      r.lines[r.at] = { indent: indent + offset, text: content };
      out.push(mapping(r, indent + offset));
    } else {
      r.at++;
      const next = r.lines[r.at];
      if (next && next.indent > indent) throw new GiveUp();
      out.push(scalar(content));
    }
  }
  return out;
}

function scalar(text: string): unknown {
  // Empty flow collections, as in a Namespace's `spec: {}` (most namespace.yaml files).
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new GiveUp();
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== 'string') throw new GiveUp();
      return value;
    } catch {
      throw new GiveUp();
    }
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new GiveUp();
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (!PLAIN_START.test(text) || text.includes(': ') || text.endsWith(':') || text.includes(' #'))
    throw new GiveUp();
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text.toLowerCase() === 'true';
  if (INT.test(text) && !/^[-+]?0[0-9]/.test(text) && !/^-0+$/.test(text)) return Number(text);
  if (NUMERIC.test(text)) throw new GiveUp();
  return text;
}
