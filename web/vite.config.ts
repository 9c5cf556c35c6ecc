import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { firstPaintRules } from './first-paint-rules.ts';
import { paintFirst } from './paint-first.ts';
import { precompress } from './precompress.ts';
import { preloadFonts } from './preload-fonts.ts';
import { trimPatternflyBase } from './trim-base-css.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The portal is built once into dist/web and served by opf under a strict CSP: no inline
 * script or style, no data: fonts. So nothing is inlined and every asset name is hashed.
 * With --ssr (web/build.ts), the same sources are built for the server into dist/web-server:
 * one module rendering a page (src/entry-server.tsx, docs/adr/0035-server-rendered-first-visit.md),
 * every dependency bundled in (PatternFly's ESM is not Node's), no CSS or assets.
 */
export default defineConfig(({ isSsrBuild }) =>
  isSsrBuild
    ? {
        root,
        base: '/',
        publicDir: false,
        oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
        ssr: { noExternal: true, target: 'node' },
        // React's bundled modules choose their runtime by process.env.NODE_ENV when they load,
        // and nothing sets it where opf runs: left to the runtime, every page was rendered
        // by React's development build (prop validation, owner stacks, dev warnings), about
        // half the render time. The server's bundle is always the production one.
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir: fileURLToPath(new URL('../dist/web-server', import.meta.url)),
          emptyOutDir: true,
          ssr: 'src/entry-server.tsx',
          sourcemap: false,
          reportCompressedSize: false,
          rolldownOptions: {
            output: { entryFileNames: 'entry-server.js', codeSplitting: false },
            onwarn(warning, warn) {
              if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
            },
          },
        },
      }
    : {
        root,
        base: '/',
        publicDir: false,
        oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
        plugins: [
          trimPatternflyBase(),
          paintFirst(),
          preloadFonts(),
          firstPaintRules(),
          precompress(),
        ],
        build: {
          outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
          emptyOutDir: true,
          assetsDir: 'assets',
          assetsInlineLimit: 0,
          cssCodeSplit: true,
          // Read by the server: a rendered page links its own stylesheets (routes/page-assets.ts).
          manifest: true,
          modulePreload: { polyfill: false },
          sourcemap: false,
          chunkSizeWarningLimit: 2000,
          reportCompressedSize: false,
          rolldownOptions: {
            // react-router marks its modules "use client" for server components; a SPA bundle ignores it.
            onwarn(warning, warn) {
              if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
            },
          },
        },
      },
);
