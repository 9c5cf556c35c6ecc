import { Fragment, type ReactNode } from 'react';

/**
 * A post-mortem's Markdown as React elements: headings, paragraphs, lists, code blocks,
 * emphasis, inline code and links. No HTML is ever interpreted: the text goes through
 * React, which escapes it, and only http(s) and relative links become anchors. A `<script>`
 * in a post-mortem shows as text.
 */
export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i++]!);
      i += 1;
      blocks.push(
        <pre key={blocks.length} className="opf-md-code">
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // The page has its h1 and h2: a post-mortem's headings start at h3.
      const level = Math.min(6, heading[1]!.length + 2);
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag key={blocks.length}>{inline(heading[2]!)}</Tag>);
      i += 1;
      continue;
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i]!))
        items.push(lines[i++]!.replace(/^\s*([-*]|\d+\.)\s+/, ''));
      const List = ordered ? 'ol' : 'ul';
      blocks.push(
        <List key={blocks.length} className="opf-md-list">
          {items.map((item, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rendered once from the text, never reordered
            <li key={n}>{inline(item)}</li>
          ))}
        </List>,
      );
      continue;
    }
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !/^(#{1,6}\s|```|\s*([-*]|\d+\.)\s+)/.test(lines[i]!)
    )
      paragraph.push(lines[i++]!);
    blocks.push(<p key={blocks.length}>{inline(paragraph.join(' '))}</p>);
  }
  return (
    <div className="opf-markdown" data-test="markdown">
      {blocks}
    </div>
  );
}

const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|\[[^\]]+\]\([^)\s]+\))/g;

function safeHref(href: string): string | undefined {
  if (/^https?:\/\//i.test(href)) return href;
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  return undefined;
}

/** The pieces of one line, keyed by their place: rendered once from the text, never reordered. */
function inline(text: string): ReactNode {
  return text.split(INLINE).map((part, place) => {
    const n = `${place}:${part.length}`;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code key={n}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={n}>{part.slice(2, -2)}</strong>;
    if (/^(\*[^*]+\*|_[^_]+_)$/.test(part)) return <em key={n}>{part.slice(1, -1)}</em>;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = safeHref(link[2]!);
      return href ? (
        <a key={n} href={href} rel="noopener noreferrer nofollow">
          {link[1]}
        </a>
      ) : (
        <Fragment key={n}>{part}</Fragment>
      );
    }
    return <Fragment key={n}>{part}</Fragment>;
  });
}
