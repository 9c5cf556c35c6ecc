import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import { FIRST_PAINT_PATH, firstPaintCss, type StyleRules } from './first-paint-css.ts';

interface Encoded {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** Pages differ in a few classes (a label's colour, a table or not): some dozens of variants. */
const MAX_KEPT = 200;

/**
 * GET /assets/first-paint.css?v&s&r: the first-paint stylesheet (first-paint-css.ts), worked
 * out from its address once and kept compressed; cached by browsers for a year, as the other
 * assets, since the address names the build. 404 without a build's rules.
 */
export function firstPaintRoute(
  app: FastifyInstance,
  styleRules: () => StyleRules | undefined,
): void {
  const kept = new LRUCache<string, Encoded>({ max: MAX_KEPT });
  app.get(
    FIRST_PAINT_PATH,
    { config: { policy: 'public' as const }, schema: { hide: true } },
    async (request, reply) => {
      const rules = styleRules();
      if (!rules) return reply.callNotFound();
      const key = request.url;
      let encoded = kept.get(key);
      if (!encoded) {
        const css = Buffer.from(
          firstPaintCss(rules, request.query as Record<string, unknown>),
          'utf8',
        );
        encoded = {
          identity: css,
          // Quality 5: a few milliseconds for the 100–200 KB of a page, once per variant.
          br: brotliCompressSync(css, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
          gzip: gzipSync(css, { level: 6 }),
        };
        kept.set(key, encoded);
      }
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepted)
        ? 'br'
        : /\bgzip\b/.test(accepted)
          ? 'gzip'
          : 'identity';
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply
        .header('vary', 'accept-encoding')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type('text/css; charset=utf-8')
        .send(encoded[encoding]);
    },
  );
}
