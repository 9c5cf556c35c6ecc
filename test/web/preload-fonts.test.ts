import type { IndexHtmlTransformContext } from 'vite';
import { describe, expect, it } from 'vitest';
import { preloadFonts } from '../../web/preload-fonts.ts';

type Handler = (html: string, context: IndexHtmlTransformContext) => { attrs: object }[];

describe('font preloads in index.html (web/preload-fonts.ts)', () => {
  it('preloads the regular text and heading faces, in CORS mode, and nothing else', () => {
    const bundle = Object.fromEntries(
      [
        'assets/RedHatTextVF-DNKNjMr3.woff2',
        'assets/RedHatTextVF-Italic-Bw8r3dX4.woff2',
        'assets/RedHatDisplayVF-D7m-OdR-.woff2',
        'assets/RedHatMonoVF-DR_keSsW.woff2',
        'assets/index-BzBkr3CW.js',
      ].map((name) => [name, {}]),
    );
    const transform = preloadFonts().transformIndexHtml as { handler: Handler };
    const tags = transform.handler('', { bundle } as unknown as IndexHtmlTransformContext);
    expect(tags.map((tag) => tag.attrs)).toEqual([
      {
        rel: 'preload',
        href: '/assets/RedHatTextVF-DNKNjMr3.woff2',
        as: 'font',
        type: 'font/woff2',
        crossorigin: '',
      },
      {
        rel: 'preload',
        href: '/assets/RedHatDisplayVF-D7m-OdR-.woff2',
        as: 'font',
        type: 'font/woff2',
        crossorigin: '',
      },
    ]);
  });
});
