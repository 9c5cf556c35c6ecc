import { Fragment, type ReactNode } from 'react';

/**
 * Markdown as React elements, never as HTML: whatever the minutes say, nothing they contain
 * becomes markup or script (text is text to React), and links are kept only when they point
 * at http(s) or mailto. Covers what minutes use: headings, paragraphs, lists, emphasis,
 * code, links, quotes.
 */
export function Markdown({ text, dataTest }: { text: string; dataTest?: string }) {
  return (
    <div className="opf-markdown" data-test={dataTest}>
      {blocks(text)}
    </div>
  );
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'code'; lines: string[] }
  | { kind: 'paragraph'; lines: string[] };

function parse(text: string): Block[] {
  const out: Block[] = [];
  const lines = text.replaceAll('\r\n', '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = out.at(-1);
    if (line.trim().startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith('```'); i++) code.push(lines[i]!);
      out.push({ kind: 'code', lines: code });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (heading) out.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    else if (bullet || numbered) {
      const ordered = !bullet;
      const item = (bullet ?? numbered)![1]!;
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else out.push({ kind: 'list', ordered, items: [item] });
    } else if (quote) {
      if (last?.kind === 'quote') last.lines.push(quote[1]!);
      else out.push({ kind: 'quote', lines: [quote[1]!] });
    } else if (line.trim() === '') out.push({ kind: 'paragraph', lines: [] });
    else if (last?.kind === 'paragraph' && last.lines.length > 0) last.lines.push(line);
    else out.push({ kind: 'paragraph', lines: [line] });
  }
  return out.filter((b) => b.kind !== 'paragraph' || b.lines.length > 0);
}

function blocks(text: string): ReactNode[] {
  return parse(text).map((block, index) => {
    const key = `${block.kind}-${index}`;
    switch (block.kind) {
      case 'heading': {
        // Inside a page whose panels are h2: the minutes' own headings start at h3.
        const Tag = `h${Math.min(block.level + 2, 6)}` as 'h3';
        return <Tag key={key}>{inline(block.text)}</Tag>;
      }
      case 'list': {
        const Tag = block.ordered ? 'ol' : 'ul';
        return (
          <Tag key={key}>
            {block.items.map((item, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity but their place
              <li key={n}>{inline(item)}</li>
            ))}
          </Tag>
        );
      }
      case 'quote':
        return <blockquote key={key}>{inline(block.lines.join(' '))}</blockquote>;
      case 'code':
        return (
          <pre key={key}>
            <code>{block.lines.join('\n')}</code>
          </pre>
        );
      default:
        return <p key={key}>{inline(block.lines.join(' '))}</p>;
    }
  });
}

const SAFE_LINK = /^(https?:|mailto:)/i;
const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*|_[^_]+_)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const token = match[0];
    const key = n++;
    if (match[1]) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (match[2]) out.push(<strong key={key}>{inline(token.slice(2, -2))}</strong>);
    else if (match[3]) out.push(<em key={key}>{inline(token.slice(1, -1))}</em>);
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      out.push(
        SAFE_LINK.test(link[2]!) ? (
          <a key={key} href={link[2]} rel="noreferrer nofollow">
            {inline(link[1]!)}
          </a>
        ) : (
          <Fragment key={key}>{link[1]}</Fragment>
        ),
      );
    }
    rest = rest.slice(match.index + token.length);
  }
  return out;
}
