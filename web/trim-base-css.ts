import type { Plugin } from 'vite';

const BASE_CSS = /@patternfly\/react-core\/dist\/styles\/base\.css$/;

/**
 * Top-level rules of PatternFly's base.css the portal never uses: the high-contrast, "felt" and
 * "glass" themes (the portal offers light and dark only; see ThemeSwitch) and the pficon icon
 * font (the portal draws its icons as SVG from @patternfly/react-icons). About a third of the
 * file, in the style sheet every first visit downloads.
 */
const UNUSED = [/pf-v6-theme-high-contrast/, /pf-v6-theme-felt/, /pf-v6-theme-glass/, /pficon/];

/** The top-level blocks of a style sheet without comments: `prelude { … }` with nested braces. */
export function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (css.slice(start).trim()) blocks.push(css.slice(start));
  return blocks;
}

/** base.css without the blocks the portal does not use (a block's whole text is matched, so an
 *  @font-face naming the pficon font goes too). */
export function trimBaseCss(css: string): string {
  if (css.includes('/*')) throw new Error('base.css has comments: topLevelBlocks cannot split it');
  return topLevelBlocks(css)
    .filter((block) => !UNUSED.some((pattern) => pattern.test(block.split('{')[0] ?? '')))
    .filter((block) => !(block.includes('@font-face') && /pficon/.test(block)))
    .join('');
}

/** Applies trimBaseCss to PatternFly's base.css as the portal imports it (web/src/main.tsx). */
export function trimPatternflyBase(): Plugin {
  return {
    name: 'opf-trim-patternfly-base',
    enforce: 'pre',
    transform(code, id) {
      if (!BASE_CSS.test(id.split('?')[0] ?? id)) return undefined;
      return { code: trimBaseCss(code), map: null };
    },
  };
}
