/**
 * JSON paths → where they sit in the text, for many paths in one pass (diagnostics on the
 * offending property, quick fixes, inlay hints at the end of a prompt string).
 *
 * Like spans.ts this is a scanner (scan.ts holds what they share), not a parser: it runs only on text that JSON.parse
 * accepted, walks down the containers that lie on one of the wanted paths, and jumps over every
 * other value (strings with `indexOf`, containers by counting brackets), so a 10 MB export costs
 * about one skim of the text, with no syntax tree built.
 */
import type { JsonPath } from '../flow/types';
import { Char, isSpace, skipSpace, stringEnd, stringText } from './scan';

/** Where one path was found. Offsets are UTF-16 indexes into the text. */
export interface PathSpan {
  /** Offset of the property's key (its opening quote), or of the value for an array element. */
  start: number;
  /** Offset of the value's first character. */
  valueStart: number;
  /** Offset just after the value. */
  end: number;
  /** How many elements of the path were found: the whole path, or the deepest ancestor found. */
  depth: number;
}

interface Trie {
  children: Map<string, Trie>;
  /** Indexes of the wanted paths that end here. */
  ends: number[];
}

const BRACKETS = /["{}[\]]/g;

/** Offset just after the value that starts at `i` (a string, container, number or literal). */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === Char.Quote) return stringEnd(text, i) + 1;
  if (c === Char.OpenObject || c === Char.OpenArray) {
    let depth = 0;
    BRACKETS.lastIndex = i;
    while (BRACKETS.test(text)) {
      const k = BRACKETS.lastIndex - 1;
      const ch = text.charCodeAt(k);
      if (ch === Char.Quote) BRACKETS.lastIndex = stringEnd(text, k) + 1;
      else if (ch === Char.OpenObject || ch === Char.OpenArray) depth++;
      else if (--depth === 0) return k + 1;
    }
    return text.length;
  }
  let k = i;
  while (k < text.length) {
    const ch = text.charCodeAt(k);
    if (ch === Char.Comma || ch === Char.CloseObject || ch === Char.CloseArray || isSpace(ch)) break;
    k++;
  }
  return k;
}

/** The wanted paths as a trie, with every path index at or below each node (`under`). */
function pathTrie(paths: readonly JsonPath[]): { root: Trie; under: Map<Trie, number[]> } {
  const root: Trie = { children: new Map(), ends: [] };
  const under = new Map<Trie, number[]>();
  paths.forEach((p, idx) => {
    let t = root;
    for (const k of p) {
      const key = String(k);
      let next = t.children.get(key);
      if (!next) t.children.set(key, (next = { children: new Map(), ends: [] }));
      (under.get(next) ?? under.set(next, []).get(next)!).push(idx);
      t = next;
    }
    t.ends.push(idx);
  });
  return { root, under };
}

/**
 * Finds each path in `text` (valid JSON). The result has one entry per path: its span, or the
 * span of its deepest ancestor that exists (`depth` < path length), or undefined when not even
 * the first key exists.
 */
export function locatePaths(text: string, paths: readonly JsonPath[]): (PathSpan | undefined)[] {
  const out: (PathSpan | undefined)[] = paths.map(() => undefined);
  const { root, under } = pathTrie(paths);
  const start = skipSpace(text, 0);
  if (start < text.length) walk(text, start, root, 0);
  return out;

  /** Records `span` for every path through `t` found at this depth, then descends. */
  function walk(text: string, i: number, t: Trie, depth: number): number {
    const c = text.charCodeAt(i);
    if (c !== Char.OpenObject && c !== Char.OpenArray) return valueEnd(text, i);
    const isObj = c === Char.OpenObject;
    let k = skipSpace(text, i + 1);
    let index = 0;
    if (text.charCodeAt(k) === (isObj ? Char.CloseObject : Char.CloseArray)) return k + 1;
    for (;;) {
      let key: string;
      let keyStart = k;
      if (isObj) {
        const close = stringEnd(text, k);
        key = stringText(text, k, close);
        k = skipSpace(text, close + 1) + 1; // past the colon
        k = skipSpace(text, k);
      } else {
        key = String(index++);
        keyStart = k;
      }
      const child = t.children.get(key);
      let end: number;
      if (child) {
        end = walk(text, k, child, depth + 1);
        const span = { start: keyStart, valueStart: k, end, depth: depth + 1 };
        for (const idx of under.get(child) ?? []) {
          const prev = out[idx];
          if (!prev || prev.depth < span.depth) out[idx] = span;
        }
      } else end = valueEnd(text, k);
      k = skipSpace(text, end);
      const ch = text.charCodeAt(k);
      if (ch === Char.Comma) k = skipSpace(text, k + 1);
      else return k + 1; // the closing bracket
    }
  }
}

/** Anything that may carry a JSON path and gets a range from it (diagnostics, findings). */
export interface Placeable {
  path?: JsonPath;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Puts each item that has a `path` on the property the path names (`"model": "gpt-4"`), in one
 * pass over the text. Items whose path is not in the text keep the range they had.
 */
export function placeByPath(
  items: Placeable[],
  text: string,
  lines: { range(start: number, end: number): NonNullable<Placeable['range']> },
): void {
  const withPath = items.filter((d) => d.path && d.path.length > 0);
  if (withPath.length === 0) return;
  const spans = locatePaths(
    text,
    withPath.map((d) => d.path!),
  );
  withPath.forEach((d, i) => {
    const s = spans[i];
    if (s && s.depth === d.path!.length) d.range = lines.range(s.start, s.end);
  });
}
