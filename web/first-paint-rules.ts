import { createHash } from 'node:crypto';
import postcss, { type ChildNode, type Container, type Rule } from 'postcss';
import type { Plugin } from 'vite';

/**
 * What the server needs to send a server-rendered page only the style rules its HTML can use
 * for the first paint (src/server/routes/first-paint-css.ts, docs/adr/0038-first-paint-stylesheet.md).
 * Written at build time to dist/web/.vite/style-rules.json.
 */
export interface StyleRulesFile {
  /** Changes with any rule: part of the first-paint stylesheet's address. */
  version: string;
  /** Every built stylesheet, by file name (assets/…css). */
  sheets: string[];
  /** Every class some rule needs, once; rules name them by index. */
  classes: string[];
  /** How many rules have needs: they are numbered 0…count-1 across the sheets (StyleRule.n). */
  conditional: number;
  /** Each sheet's rules, in order. */
  rules: Record<string, StyleRule[]>;
}

export interface StyleRule {
  /** CSS kept as it is: at-rules (@font-face, @keyframes…) and rules holding nested rules. */
  css?: string;
  /**
   * A style rule, with any @media or @supports around it (`open`, `close`) and its declarations,
   * so a page gets only the custom properties its rules use: PatternFly defines some 1,300 tokens
   * on the root and hundreds of properties on each component, most for variants a page lacks.
   */
  rule?: { open: string; selector: string; close: string; declarations: Array<[string, string]> };
  /**
   * Per selector of the rule, its compound selectors' classes (`.a.b > .c`: [[a, b], [c]]), as
   * indices into StyleRulesFile.classes: it can match only where, for each compound, one
   * element has all its classes. Absent: the rule may apply whatever the page holds (element
   * and :root selectors, @font-face, @keyframes…). Selectors that match only on hover, focus
   * or activation are left out: nothing is hovered at the first paint.
   */
  needs?: number[][][];
  /** Numbers the rules with needs, for the first-paint stylesheet's address. */
  n?: number;
}

/** At-rules whose content is rules again: their rules are judged one by one, inside them. */
const GROUPING = new Set(['media', 'supports', 'container', 'layer', 'document']);

/** Collects the rules of the portal's built stylesheets into style-rules.json. */
export function firstPaintRules(): Plugin {
  return {
    name: 'opf-first-paint-rules',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const sheets: Record<string, string> = {};
      for (const [fileName, output] of Object.entries(bundle))
        if (output.type === 'asset' && fileName.endsWith('.css'))
          sheets[fileName] = String(output.source);
      this.emitFile({
        type: 'asset',
        fileName: '.vite/style-rules.json',
        source: JSON.stringify(styleRules(sheets)),
      });
    },
  };
}

/** The rules of each sheet, with the classes their selectors need (see StyleRulesFile). */
export function styleRules(sheets: Record<string, string>): StyleRulesFile {
  const classIndex = new Map<string, number>();
  const indexOf = (name: string) => {
    let index = classIndex.get(name);
    if (index === undefined) {
      index = classIndex.size;
      classIndex.set(name, index);
    }
    return index;
  };
  const names = Object.keys(sheets).sort();
  let conditional = 0;
  const rules: StyleRulesFile['rules'] = {};
  for (const name of names) {
    const entries: StyleRule[] = [];
    const add: Add = (rule, needs) => {
      if (needs === 'never') return;
      const last = entries.at(-1);
      // Raw CSS kept whatever the page holds is joined: fewer entries, same order.
      if (needs === null && rule.css !== undefined && last?.css !== undefined && !last.needs)
        last.css += rule.css;
      else if (needs === null) entries.push(rule);
      else
        entries.push({
          ...rule,
          needs: needs.map((compounds) => compounds.map((classes) => classes.map(indexOf))),
          n: conditional++,
        });
    };
    walk(postcss.parse(sheets[name] ?? ''), '', '', add);
    rules[name] = entries;
  }
  const body = JSON.stringify([names, rules]);
  return {
    version: createHash('sha256').update(body).digest('base64url').slice(0, 12),
    sheets: names,
    classes: [...classIndex.keys()],
    conditional,
    rules,
  };
}

type Add = (rule: StyleRule, needs: string[][][] | null | 'never') => void;

function walk(container: Container, open: string, close: string, add: Add): void {
  for (const node of container.nodes ?? []) {
    if (node.type === 'comment') continue;
    if (node.type === 'rule') add(styleRule(node, open, close), selectorNeeds(node.selector));
    else if (node.type === 'atrule' && GROUPING.has(node.name.toLowerCase()) && node.nodes)
      walk(node, `${open}@${node.name} ${node.params}{`, `}${close}`, add);
    else add({ css: `${open}${nodeText(node)}${close}` }, null);
  }
}

function nodeText(node: ChildNode): string {
  const text = String(node);
  // A declaration or a statement at-rule (@import, @layer a, b) ends with a semicolon.
  return node.type === 'decl' || (node.type === 'atrule' && !node.nodes) ? `${text};` : text;
}

/** A rule of declarations only, split into them; a rule with nested rules, as it is. */
function styleRule(rule: Rule, open: string, close: string): StyleRule {
  const declarations: Array<[string, string]> = [];
  for (const node of rule.nodes) {
    if (node.type === 'comment') continue;
    if (node.type !== 'decl') return { css: `${open}${String(rule)}${close}` };
    declarations.push([node.prop, `${node.value}${node.important ? '!important' : ''}`]);
  }
  return { rule: { open, selector: rule.selector, close, declarations } };
}

/** Pseudo-classes no element has at the first paint. */
const INTERACTIVE = /:(hover|focus|focus-visible|focus-within|active)(?![\w-])/;

/**
 * Per selector of a selector list, the classes of each of its compound selectors, outside any
 * parentheses or brackets: an element matching the compound has them all. null when one of
 * the selectors names no class (it may match any page); 'never' when every selector needs
 * hover, focus or activation. Classes inside :is(), :where(), :not() or :has() are not
 * required (a negation, or one of several), and [attribute] values and strings are not classes.
 */
export function selectorNeeds(selectorList: string): string[][][] | null | 'never' {
  const needs: string[][][] = [];
  for (const selector of splitTopLevel(selectorList)) {
    const bare = outsideBrackets(selector);
    if (INTERACTIVE.test(bare)) continue;
    const compounds = bare
      .split(/\s*[\s>+~]\s*/)
      .map((compound) =>
        [...compound.matchAll(/\.((?:[\w-]|\\.)+)/g)].map((match) =>
          (match[1] ?? '').replace(/\\(.)/g, '$1'),
        ),
      )
      .filter((classes) => classes.length > 0)
      .map((classes) => [...new Set(classes)]);
    if (compounds.length === 0) return null;
    needs.push(compounds);
  }
  return needs.length > 0 ? needs : 'never';
}

/** A selector list split at its commas, those inside parentheses, brackets and strings kept. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** The selector with what is inside (), [] and strings removed. */
function outsideBrackets(selector: string): string {
  let out = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i] ?? '';
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0) {
      out += c;
      if (c === '\\' && i + 1 < selector.length) out += selector[++i];
    }
  }
  return out;
}
