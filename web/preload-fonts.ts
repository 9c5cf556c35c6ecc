import type { Plugin } from 'vite';

/**
 * The web fonts every page shows at once: PatternFly's body text and headings (regular; the
 * italic and mono faces are rarer and load when used).
 */
const ABOVE_THE_FOLD = [
  /^assets\/RedHatTextVF-(?!Italic-)[\w-]+\.woff2$/,
  /^assets\/RedHatDisplayVF-(?!Italic-)[\w-]+\.woff2$/,
];

/**
 * `<link rel="preload">` for those fonts in index.html. Without it the browser learns of a font
 * only once the CSS applies to rendered text, after the whole script ran, and the text stays
 * invisible up to 100 ms more (PatternFly's font-display: fallback) while it loads: bench/web
 * saw the directory's first row painted 80 ms, the front page's content 160 ms, after they were
 * in the DOM. Preloaded, the fonts arrive while the script still runs.
 */
export function preloadFonts(): Plugin {
  return {
    name: 'opf-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const fonts = Object.keys(context.bundle ?? {}).filter((name) =>
          ABOVE_THE_FOLD.some((pattern) => pattern.test(name)),
        );
        return fonts.map((name) => ({
          tag: 'link',
          // crossorigin: fonts are fetched in CORS mode; a preload without it is not reused.
          attrs: {
            rel: 'preload',
            href: `/${name}`,
            as: 'font',
            type: 'font/woff2',
            crossorigin: '',
          },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}
