/**
 * The few pieces of RFC 5545 text syntax the calendar writer needs, written for speed: a feed
 * of a few hundred lines is folded in one pass over its characters (no allocation per
 * character, which is what made ical-generator's folding the largest cost of an `.ics`
 * answer; ADR 0015).
 */

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A parameter value (RFC 5545 §3.2), always quoted: DQUOTE cannot appear inside, so it and
 * line breaks are written with RFC 6868's caret escapes (^' and ^n, and ^^ for a caret).
 */
export function quotedParam(value: string): string {
  return `"${value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')}"`;
}

/** Octets a UTF-16 code unit adds in UTF-8 (a surrogate pair is 4: 2 + 2). */
function octets(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // The rest of the BMP, and a lone surrogate (written as U+FFFD; a pair is counted by the caller).
  return 3;
}

/**
 * Content lines folded at 75 octets (§3.1): a line longer than that continues on the next,
 * after CRLF and one space, never splitting a UTF-8 sequence or a surrogate pair. The first
 * physical line holds at most 74 octets and each continuation 74 after its space, as
 * ical-generator folded, so feeds stay byte for byte what they were.
 */
export function foldLine(line: string): string {
  // Lines of ASCII under the limit are most of a calendar: nothing to do.
  if (line.length <= 74 && isAscii(line)) return line;
  let out = '';
  let start = 0;
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const high = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = high ? 4 : octets(code);
    count += size;
    if (count > 74) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      count = size;
    }
    if (high) i++;
  }
  return out + line.slice(start);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
