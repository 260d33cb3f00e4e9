/**
 * The next version of a parsed document after an edit, without parsing the whole text again when
 * the edit stays inside one object whose span is known (a node of an export, see spans.ts): only
 * that object's text is parsed; the root is copied along the object's path (every other object is
 * shared with the previous version); the line index and the known spans are shifted.
 *
 * The result equals `parseJsonDocument(next)`: the text outside the object is unchanged and was
 * valid JSON, and the object's new text parses on its own as one object, so the whole text parses,
 * to the same values. Where that cannot be shown cheaply (the edit crosses an object's braces,
 * the new text does not parse, a key repeats so a span may not hold the value JSON.parse kept, a
 * byte-order mark), `patchDocument` returns undefined and the caller parses the whole text.
 *
 * Repeated keys: the scanner records every object written at a matching path. When a path occurs
 * once among the spans and JSON.parse's value there is an object, that value was written there,
 * in that span (a value JSON.parse kept at the path is either that object or a later non-object).
 */
import { BOM, type JsonDocument } from './document';
import type { TextEdit } from './positions';
import { dig, isObject } from './safe';
import type { ObjectSpan } from './spans';

/** Where a text changed: [start, end) of the old text became [start, newEnd) of the new one. */
export interface Change {
  start: number;
  end: number;
  newEnd: number;
}

/** Characters compared at once (string equality is a native memory compare). */
const BLOCK = 4096;

/** Length of the common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  while (
    k + BLOCK <= max &&
    a.slice(a.length - k - BLOCK, a.length - k) === b.slice(b.length - k - BLOCK, b.length - k)
  )
    k += BLOCK;
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/** The one region where `before` and `after` differ (common prefix and suffix left out). */
export function changedRegion(before: string, after: string): Change | undefined {
  if (before === after) return undefined;
  const start = commonPrefix(before, after);
  const tail = commonSuffix(before, after, Math.min(before.length, after.length) - start);
  return { start, end: before.length - tail, newEnd: after.length - tail };
}

/** The innermost known span whose braces enclose [start, end) strictly, with its pattern key. */
function enclosing(doc: JsonDocument, c: Change): { key: string; index: number; span: ObjectSpan } | undefined {
  let best: { key: string; index: number; span: ObjectSpan } | undefined;
  for (const [key, spans] of doc.spans) {
    // Spans of one pattern do not overlap and are in text order: binary search.
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = spans[mid];
      if (s.end <= c.start) lo = mid + 1;
      else if (s.start > c.start) hi = mid - 1;
      else {
        const inside = s.start < c.start && c.end < s.end;
        if (inside && (!best || s.end - s.start < best.span.end - best.span.start)) best = { key, index: mid, span: s };
        break;
      }
    }
  }
  return best;
}

/** A copy of `root` with `value` at `path`: the objects along the path are copied, the rest shared. */
function withValueAt(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const obj = root as Record<string, unknown>;
  const [k, ...rest] = path;
  // Object spread keeps the key order JSON.parse gives and defines `__proto__` as an own property.
  return { ...obj, [k]: withValueAt(obj[k], rest, value) };
}

/** Span lists known to have no repeated path (an edit inside a span never changes a path). */
const unique = new WeakMap<ObjectSpan[], boolean>();

/** True when no span path of the pattern repeats (a repeated key: JSON.parse kept only the last). */
function uniquePaths(spans: ObjectSpan[]): boolean {
  let u = unique.get(spans);
  if (u === undefined) {
    const seen = new Set(spans.map((s) => s.path.join('\u0000')));
    unique.set(spans, (u = seen.size === spans.length));
  }
  return u;
}

/**
 * The document for `next`, the text after change `c` to `prev.text`, reusing `prev`; undefined
 * when the change is not inside one known object (see the file comment).
 */
export function patchDocument(prev: JsonDocument, next: string, c: Change): JsonDocument | undefined {
  if (next.startsWith(BOM) || prev.text.startsWith(BOM)) return undefined;
  const hit = enclosing(prev, c);
  if (!hit) return undefined;
  const spans = prev.spans.get(hit.key)!;
  const { span } = hit;
  // The span must hold the value JSON.parse kept (see the file comment on repeated keys).
  if (!uniquePaths(spans) || !isObject(dig(prev.root, ...span.path))) return undefined;
  const delta = c.newEnd - c.end;
  let value: unknown;
  try {
    value = JSON.parse(next.slice(span.start, span.end + delta));
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const shifted = new Map<string, ObjectSpan[]>();
  for (const [key, list] of prev.spans) {
    // Spans of other patterns are found again when asked for (they may hold the edit).
    if (key !== hit.key) continue;
    const moved = list.map((s, i) =>
      i < hit.index
        ? s
        : i === hit.index
          ? { ...s, end: s.end + delta }
          : { ...s, start: s.start + delta, end: s.end + delta },
    );
    unique.set(moved, true);
    shifted.set(key, moved);
  }
  const edit: TextEdit = { start: c.start, end: c.end, text: next.slice(c.start, c.newEnd) };
  return {
    text: next,
    lines: prev.lines.edited(next, edit),
    root: withValueAt(prev.root, span.path, value),
    spans: shifted,
  };
}
