import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OpfError } from '../../src/core/index.ts';
import {
  firstPaintCss,
  firstPaintQuery,
  paintFirstHead,
  type StyleRules,
} from '../../src/server/routes/first-paint-css.ts';
import { selectorNeeds, styleRules } from '../../web/first-paint-rules.ts';

// The first-paint stylesheet (ADR 0038): the build lists each stylesheet's rules with the
// classes their selectors need (web/first-paint-rules.ts); for a page's HTML the server names
// the rules that can match, and answers them, with only the custom properties they use.

const BASE = `:root{--color-a:red;--color-b:var(--color-c);--color-c:blue;--unused:1px}
:root:where(.pf-v6-theme-dark){--color-a:black;--never:2px}
body{margin:0}
@font-face{font-family:X;src:url(x.woff2)}
.card{--card--color:var(--color-a);--card--m-big--size:9px;color:var(--card--color)}
.card.m-big{font-size:var(--card--m-big--size)}
.card:hover{color:var(--color-b)}
.table .row>.cell{padding:1px}
.label a[href$=".pdf"]{color:green}
@media (width>=48rem){.card{width:var(--color-b)}.menu{display:none}}
:is(.card,.menu) p{margin:2px}`;

const SHEETS = { 'assets/base-1.css': BASE, 'assets/extra-1.css': '.menu{display:block}' };

function build(): StyleRules {
  return styleRules(SHEETS) as StyleRules;
}

function cssFor(rules: StyleRules, html: string, sheets = ['assets/base-1.css']): string {
  const query = firstPaintQuery(rules, sheets, html);
  expect(query, 'a query for the build’s sheets').toBeDefined();
  return firstPaintCss(rules, Object.fromEntries(new URLSearchParams(query)));
}

describe('the classes a selector needs', () => {
  it('per selector, per compound; none inside :is(), :not(), [attributes] or strings', () => {
    expect(selectorNeeds('.a.b > .c, .d')).toEqual([[['a', 'b'], ['c']], [['d']]]);
    expect(selectorNeeds('.label a[href$=".pdf"]')).toEqual([[['label']]]);
    expect(selectorNeeds('.a:not(.b) .c:where(.d, .e)')).toEqual([[['a'], ['c']]]);
    expect(selectorNeeds('.a\\:b')).toEqual([[['a:b']]]);
  });

  it('a selector naming no class may match anything; one needing hover never paints first', () => {
    expect(selectorNeeds('.a, p')).toBeNull();
    expect(selectorNeeds(':is(.a,.b) p')).toBeNull();
    expect(selectorNeeds('.a:hover, .b:focus-visible .c')).toBe('never');
    expect(selectorNeeds('.a:hover, .b')).toEqual([[['b']]]);
  });
});

describe('the first-paint stylesheet of a page', () => {
  it('holds the rules the HTML can use, in order, and the custom properties they need', () => {
    const css = cssFor(build(), '<div class="card"><p>x</p></div>');
    expect(css).toBe(
      ':root{--color-a:red;--color-b:var(--color-c);--color-c:blue}' +
        ':root:where(.pf-v6-theme-dark){--color-a:black}' +
        'body{margin:0}' +
        '@font-face{font-family:X;src:url(x.woff2)}' +
        '.card{--card--color:var(--color-a);color:var(--card--color)}' +
        '@media (width>=48rem){.card{width:var(--color-b)}}' +
        ':is(.card,.menu) p{margin:2px}',
    );
  });

  it('needs each compound’s classes on one element, not spread over several', () => {
    const rules = build();
    expect(cssFor(rules, '<div class="card"></div><div class="m-big"></div>')).not.toContain(
      '.card.m-big',
    );
    const big = cssFor(rules, '<div class="x card m-big"></div>');
    expect(big).toContain('.card.m-big{font-size:var(--card--m-big--size)}');
    expect(big).toContain('--card--m-big--size:9px');
    expect(cssFor(rules, '<table class="table"><tr class="row"><td class="cell">')).toContain(
      '.table .row>.cell{padding:1px}',
    );
    expect(cssFor(rules, '<div class="label"><a href="a.pdf">')).toContain(
      '.label a[href$=".pdf"]{color:green}',
    );
  });

  it('takes the sheets in the page’s order', () => {
    const rules = build();
    const css = cssFor(rules, '<nav class="menu">', ['assets/extra-1.css', 'assets/base-1.css']);
    expect(css.startsWith('.menu{display:block}')).toBe(true);
    expect(css).toContain('@media (width>=48rem){.menu{display:none}}');
  });

  it('is the same for the same build wherever it is asked, and another build’s is refused', () => {
    const rules = build();
    const query = firstPaintQuery(rules, ['assets/base-1.css'], '<div class="card">') ?? '';
    const again = build();
    // Another page of the same kind (its classes spaced otherwise) has the same query; one
    // with another rule's classes (.card.m-big) has another, known or not.
    expect(firstPaintQuery(again, ['assets/base-1.css'], '<div class="card  m-big">')).not.toBe(
      query,
    );
    expect(firstPaintQuery(again, ['assets/base-1.css'], '<div class=" card ">')).toBe(query);
    const other = styleRules({ ...SHEETS, 'assets/base-1.css': `${BASE}.new{color:red}` });
    const refused = () =>
      firstPaintCss(other as StyleRules, Object.fromEntries(new URLSearchParams(query)));
    expect(refused).toThrow(OpfError);
    expect(refused).toThrow(/another build/);
    expect(firstPaintQuery(rules, ['assets/unknown.css'], '')).toBeUndefined();
  });

  it('refuses a malformed address with a stable code, before any work', () => {
    const rules = build();
    const code = (query: Record<string, unknown>) => {
      try {
        firstPaintCss(rules, query);
      } catch (error) {
        return (error as OpfError).code;
      }
      return 'answered';
    };
    const v = rules.version;
    expect(code({})).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    expect(code({ v, s: ['0', '1'], r: 'AA' })).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    expect(code({ v, s: '0.9', r: 'AA' })).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    expect(code({ v, s: '0', r: 'not base64!' })).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    expect(code({ v, s: '0', r: 'A'.repeat(5000) })).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    // Deflated data that would inflate far past the build's bit set.
    const bomb = deflateRawSync(Buffer.alloc(1 << 20)).toString('base64url');
    expect(code({ v, s: '0', r: bomb })).toBe('OPF_ERR_FIRST_PAINT_QUERY');
    expect(code({ v: 'other', s: '0', r: 'AA' })).toBe('OPF_ERR_FIRST_PAINT_STALE');
  });
});

describe('the head of a server-rendered page', () => {
  const page = `<head><script type="module" crossorigin src="/assets/index-1.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/start-1.js">
    <link rel="stylesheet" crossorigin href="/assets/base-1.css">
    <link rel="preload" href="/assets/font-1.woff2" as="font">
    <link rel="stylesheet" crossorigin href="/assets/extra-1.css">
    <link rel="modulepreload" crossorigin href="/assets/Page-1.js">
  </head><body>`;

  it('links the first-paint stylesheet where the first was; the sheets and module preloads wait in a template', () => {
    const head = paintFirstHead(page, build(), '<div class="card">');
    const template = head.slice(head.indexOf('<template id="opf-after-paint">'));
    expect(template).toContain(
      '<template id="opf-after-paint"><link rel="modulepreload" crossorigin href="/assets/start-1.js"><link rel="modulepreload" crossorigin href="/assets/Page-1.js"><link rel="stylesheet" crossorigin href="/assets/base-1.css"><link rel="stylesheet" crossorigin href="/assets/extra-1.css"></template>',
    );
    const live = head.slice(0, head.indexOf('<template'));
    expect(live).toMatch(
      /<script type="module"[^>]*><\/script>\s*<link rel="stylesheet" href="\/assets\/first-paint\.css\?v=[\w-]+&amp;s=0\.1&amp;r=[\w-]+">\s*<link rel="preload"/,
    );
    expect(live).not.toContain('base-1.css');
    expect(live).not.toContain('modulepreload');
    expect(head.endsWith('</head><body>')).toBe(true);
  });

  it('without the build’s rules, leaves the head as it is', () => {
    expect(paintFirstHead(page, undefined, '<div class="card">')).toBe(page);
  });
});
