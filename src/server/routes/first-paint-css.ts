import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { OpfError } from '../../core/index.ts';
import { builtJsonReader } from './page-assets.ts';

/**
 * The first-paint stylesheet of a server-rendered page (docs/adr/0038-first-paint-stylesheet.md):
 * of the page's stylesheets (PatternFly's, 0.5–1 MB raw), only the rules whose selectors name
 * classes the page's HTML holds, in their order, as one file. The browser paints with it; the
 * full stylesheets come after the first paint (web/src/main.tsx), before the portal's code runs.
 *
 * Its address says which sheets and which classes, against the build's list of rules
 * (dist/web/.vite/style-rules.json, web/first-paint-rules.ts), so any opf serving that build
 * answers it the same, with nothing kept between the page and the stylesheet's request.
 */

/** dist/web/.vite/style-rules.json: see StyleRulesFile in web/first-paint-rules.ts. */
export interface StyleRules {
  version: string;
  sheets: string[];
  classes: string[];
  conditional: number;
  rules: Record<string, StyleRule[]>;
}

interface StyleRule {
  css?: string;
  rule?: { open: string; selector: string; close: string; declarations: Array<[string, string]> };
  needs?: number[][][];
  n?: number;
}

/** Where the first-paint stylesheets are answered. */
export const FIRST_PAINT_PATH = '/assets/first-paint.css';

/**
 * Classes the browser may add before the first paint, whatever the server rendered: the dark
 * theme, set on the root from the visitor's stored choice by the boot module
 * (web/src/shared/stored-theme.ts).
 */
const BEFORE_PAINT_ROOT_CLASSES = ['pf-v6-theme-dark'];

/** The rules, read again when the build changed them; undefined without a build. */
export function styleRulesReader(file: string): () => StyleRules | undefined {
  return builtJsonReader<StyleRules>(file);
}

/**
 * The class lists of the HTML's elements, each distinct list once, sorted: elements with the
 * same classes match the same rules, and a page repeats a few lists many times (a
 * directory's 50 rows, an agenda's 200 items).
 */
function distinctClassLists(html: string): string[] {
  const lists = new Set<string>();
  for (const match of html.matchAll(/\sclass="([^"]*)"/g))
    lists.add((match[1] ?? '').split(/\s+/).filter(Boolean).join(' '));
  return [...lists].sort();
}

/** Each distinct element's classes, the root's theme added. */
function classSets(lists: readonly string[]): Array<Set<string>> {
  return [
    new Set(BEFORE_PAINT_ROOT_CLASSES),
    ...lists.map((list) => new Set(list.split(' ').filter(Boolean))),
  ];
}

/**
 * Queries already worked out, by the build, the sheets and the page's distinct class lists:
 * pages of one kind share their lists (the same rows with other data), so the rules are
 * matched once per kind of page, not once per visit.
 */
const knownQueries = new LRUCache<string, string>({ max: 500 });

/**
 * Whether a rule can match the page: for one of its selectors, each compound's classes are all
 * on one element (combinators and other conditions are not checked: a rule kept that matches
 * nothing costs a little; a rule left out that matched would change the first paint).
 */
function canMatch(
  needs: number[][][],
  classes: readonly string[],
  elements: ReadonlyArray<ReadonlySet<string>>,
  elementsWith: Map<string, number[]>,
): boolean {
  return needs.some((compounds) =>
    compounds.every((compound) => {
      let rarest: number[] | undefined;
      for (const index of compound) {
        const holders = elementsWith.get(classes[index] ?? '');
        if (!holders) return false;
        if (!rarest || holders.length < rarest.length) rarest = holders;
      }
      if (!rarest || compound.length === 1) return rarest !== undefined;
      return rarest.some((element) =>
        compound.every((index) => elements[element]?.has(classes[index] ?? '')),
      );
    }),
  );
}

/**
 * The query of the first-paint stylesheet for these sheets (in the page's order) and the
 * page's HTML: `v` the build's rules, `s` the sheets by index, `r` the numbers of the rules
 * that can match, as a bit set, deflated, base64url. Undefined if a sheet is not the build's.
 */
export function firstPaintQuery(
  rules: StyleRules,
  sheetFiles: readonly string[],
  html: string,
): string | undefined {
  const indices = sheetFiles.map((file) => rules.sheets.indexOf(file));
  if (indices.includes(-1) || indices.length === 0) return undefined;
  const lists = distinctClassLists(html);
  const key = `${rules.version}\0${indices.join('.')}\0${lists.join('\0')}`;
  const known = knownQueries.get(key);
  if (known !== undefined) return known;
  const elements = classSets(lists);
  const elementsWith = new Map<string, number[]>();
  elements.forEach((classes, element) => {
    for (const name of classes) {
      const list = elementsWith.get(name);
      if (list) list.push(element);
      else elementsWith.set(name, [element]);
    }
  });
  const bits = Buffer.alloc(Math.ceil(rules.conditional / 8));
  for (const file of sheetFiles)
    for (const rule of rules.rules[file] ?? [])
      if (
        rule.needs &&
        rule.n !== undefined &&
        canMatch(rule.needs, rules.classes, elements, elementsWith)
      )
        bits[rule.n >> 3] = (bits[rule.n >> 3] ?? 0) | (1 << (rule.n & 7));
  const packed = deflateRawSync(bits).toString('base64url');
  const query = `v=${rules.version}&s=${indices.join('.')}&r=${packed}`;
  knownQueries.set(key, query);
  return query;
}

/** The stylesheet a first-paint query names; OpfError when the query is not one opf makes. */
export function firstPaintCss(
  rules: StyleRules,
  query: { v?: unknown; s?: unknown; r?: unknown },
): string {
  const { v, s, r } = query;
  if (typeof v !== 'string' || typeof s !== 'string' || typeof r !== 'string')
    throw bad('v, s and r are required, once each');
  if (v !== rules.version)
    throw new OpfError(
      'OPF_ERR_FIRST_PAINT_STALE',
      'this first-paint stylesheet belongs to another build of the portal',
    );
  if (!/^\d{1,4}(\.\d{1,4}){0,63}$/.test(s)) throw bad('s must be sheet numbers joined by dots');
  const sheets = s.split('.').map(Number);
  if (sheets.some((index) => index >= rules.sheets.length))
    throw bad('s names a sheet this build does not have');
  const bytes = Math.ceil(rules.conditional / 8);
  if (!/^[\w-]{1,4096}$/.test(r)) throw bad('r must be a base64url bit set of the build’s rules');
  let bits: Buffer;
  try {
    bits = inflateRawSync(Buffer.from(r, 'base64url'), { maxOutputLength: Math.max(bytes, 1) });
  } catch {
    throw bad('r must be a deflated bit set of the build’s rules');
  }
  const has = (n: number) => ((bits[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
  const chosen = sheets.flatMap((index) =>
    (rules.rules[rules.sheets[index] ?? ''] ?? []).filter(
      (rule) => !rule.needs || (rule.n !== undefined && has(rule.n)),
    ),
  );
  return withUsedProperties(chosen);
}

function bad(message: string): OpfError {
  return new OpfError('OPF_ERR_FIRST_PAINT_QUERY', message);
}

const VAR_REFERENCE = /var\(\s*(--[\w-]+)/g;

/**
 * The rules as CSS, each custom property defined only if some rule uses it, directly or
 * through other properties (PatternFly defines 1,300 tokens on the root and hundreds of
 * properties per component, most for variants the page lacks; one never used does nothing).
 */
function withUsedProperties(chosen: readonly StyleRule[]): string {
  const used = new Set<string>();
  const pending: string[] = [];
  const use = (text: string) => {
    for (const match of text.matchAll(VAR_REFERENCE)) {
      const name = match[1] ?? '';
      if (!used.has(name)) {
        used.add(name);
        pending.push(name);
      }
    }
  };
  const definitions = new Map<string, string[]>();
  for (const { css, rule } of chosen) {
    if (css !== undefined) use(css);
    for (const [name, value] of rule?.declarations ?? []) {
      if (!name.startsWith('--')) use(value);
      else {
        const values = definitions.get(name);
        if (values) values.push(value);
        else definitions.set(name, [value]);
      }
    }
  }
  for (let name = pending.pop(); name !== undefined; name = pending.pop())
    for (const value of definitions.get(name) ?? []) use(value);
  return chosen
    .map(({ css, rule }) => {
      if (!rule) return css ?? '';
      const kept = rule.declarations.filter(([name]) => !name.startsWith('--') || used.has(name));
      if (kept.length === 0) return '';
      const body = kept.map(([name, value]) => `${name}:${value}`).join(';');
      return `${rule.open}${rule.selector}{${body}}${rule.close}`;
    })
    .join('');
}

const SHEET_LINK = /<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">\s*/g;
const MODULE_PRELOAD = /<link rel="modulepreload" crossorigin href="\/assets\/[^"]+\.js">\s*/g;
/** The element holding what a server-rendered page loads after its first paint. */
export const AFTER_PAINT_TEMPLATE_ID = 'opf-after-paint';

/**
 * The head of a server-rendered page, for its first paint: its stylesheets (PatternFly's,
 * 0.5–1 MB) give way to the first-paint stylesheet, the rules its HTML can use, where the first
 * of them was; they wait in an inert template that the boot module (web/src/main.tsx) adds to
 * the head after the first paint, in the same order (the cascade is as before: the first-paint
 * rules come first and are each repeated later). The module preloads wait there too: fetched
 * and compiled while the page waits for its stylesheet, they cost the first paint 60–90 ms,
 * and added at once after it (before the portal's code is imported, so its modules still come
 * in parallel, not one import after another) the page answers clicks no later (the opf-ready
 * mark in bench/web; docs/performance.md). Unchanged without the build's rules (or for a sheet
 * they do not list).
 */
export function paintFirstHead(page: string, rules: StyleRules | undefined, html: string): string {
  const headEnd = page.indexOf('</head>');
  const head = page.slice(0, headEnd);
  const sheetLinks = [...head.matchAll(SHEET_LINK)];
  const sheets = sheetLinks.map((match) => match[1] ?? '');
  const query = rules && firstPaintQuery(rules, sheets, html);
  if (!query) return page;
  const sheetsHeld = sheetLinks.map((match) => match[0].trim());
  const preloadsHeld = [...head.matchAll(MODULE_PRELOAD)].map((match) => match[0].trim());
  const firstSheet = head.search(SHEET_LINK);
  const link = `<link rel="stylesheet" href="${FIRST_PAINT_PATH}?${query.replaceAll('&', '&amp;')}">\n    `;
  const before = head.slice(0, firstSheet).replace(MODULE_PRELOAD, '');
  const rest = head.slice(firstSheet).replace(SHEET_LINK, '').replace(MODULE_PRELOAD, '');
  const template = `<template id="${AFTER_PAINT_TEMPLATE_ID}">${[...preloadsHeld, ...sheetsHeld].join('')}</template>\n  `;
  return `${before}${link}${rest}${template}${page.slice(headEnd)}`;
}
