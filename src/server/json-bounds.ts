/** How deep a JSON body may nest: opf's deepest request (a spec's team members) is 4 levels. */
export const MAX_JSON_DEPTH = 32;
/** How many values a JSON body may hold: a request spec has at most a few hundred. */
export const MAX_JSON_VALUES = 10_000;

/**
 * Why a JSON body is refused before it is parsed, or undefined when it is within bounds.
 *
 * JSON.parse of a megabyte is quick for long strings and slow for many small values: 50,000
 * keys or half a million nested arrays held the event loop for 100–400 ms of CPU each, and
 * their garbage as long again (bench/healthz). One pass over the text counts what parsing
 * would build, outside strings, and stops at the first bound crossed.
 */
export function jsonBoundsProblem(text: string): string | undefined {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      values++;
    } else if (c === 0x5b || c === 0x7b) {
      values++;
      if (++depth > MAX_JSON_DEPTH)
        return `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (c === 0x5d || c === 0x7d) depth--;
    // A number, true, false or null: counted at the separator after it, as commas count.
    else if (c === 0x2c) values++;
    if (values > MAX_JSON_VALUES)
      return `the JSON body holds over ${MAX_JSON_VALUES.toLocaleString('en')} values`;
  }
  return undefined;
}
