/**
 * Where the objects at one path pattern sit in a text (e.g. every node object at
 * `diagrams.*.nodes.*`), in one skim of the text.
 *
 * Why not jsonc-parser here: its `visit` walks every token (≈2× JSON.parse) and `parseTree` builds
 * a node per value (≈7× JSON.parse, 1.4 GB for a 120 MB export). This scanner only tracks nesting
 * and the keys down to the pattern's depth, jumping over strings with `indexOf`, and runs at ≈0.3×
 * JSON.parse. It runs only on text that JSON.parse accepted, so it needs no error handling;
 * jsonc-parser still does error positions (errors.ts) and edits.
 */
import { getLocation } from 'jsonc-parser';
import type { JsonDocument } from './document';
import { Char, skipSpace, stringEnd, stringText } from './scan';

/** One object found: the keys of its path, and its offsets (UTF-16 indexes). */
export interface ObjectSpan {
  /** The keys from the root to the object (as JSON.parse reads them: escapes resolved). */
  path: string[];
  /** Offset of the object's `{`. */
  start: number;
  /** Offset just after its `}`. */
  end: number;
}

/** A path pattern: keys, with `*` for any key. */
export type SpanPattern = readonly string[];

/** Spans of every object whose path matches `pattern`, in text order. `text` must be valid JSON. */
export function findObjectSpans(text: string, pattern: SpanPattern): ObjectSpan[] {
  const spans: ObjectSpan[] = [];
  const d = pattern.length;
  // keys[k]: the key of the member being read in the container at depth k (1-based).
  const keys: (string | undefined)[] = Array<string | undefined>(d + 1).fill(undefined);
  const matches = (): boolean => {
    for (let k = 0; k < d; k++) {
      const key = keys[k + 1];
      if (key === undefined || (pattern[k] !== '*' && pattern[k] !== key)) return false;
    }
    return true;
  };
  let depth = 0;
  let objectStart = -1;
  // `test` jumps to the next structural character in native code without allocating a match.
  const structural = /["{}[\]]/g;
  while (structural.test(text)) {
    const i = structural.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === Char.Quote) {
      const close = stringEnd(text, i);
      if (depth <= d) {
        if (text.charCodeAt(skipSpace(text, close + 1)) === Char.Colon) keys[depth] = stringText(text, i, close);
      }
      structural.lastIndex = close + 1;
    } else if (c === Char.OpenObject || c === Char.OpenArray) {
      if (depth === d && c === Char.OpenObject && matches()) objectStart = i;
      depth++;
      if (depth <= d) keys[depth] = undefined;
    } else {
      depth--;
      if (depth === d && objectStart >= 0) {
        spans.push({ path: keys.slice(1) as string[], start: objectStart, end: i + 1 });
        objectStart = -1;
      }
    }
  }
  return spans;
}

/** The key of a pattern in `JsonDocument.spans`. */
export const patternKey = (pattern: SpanPattern): string => pattern.join('\u0000');

/** The spans of `pattern` in a document's text, found once per document (and kept across edits). */
export function documentSpans(doc: JsonDocument, pattern: SpanPattern): ObjectSpan[] {
  const key = patternKey(pattern);
  let spans = doc.spans.get(key);
  if (!spans) doc.spans.set(key, (spans = findObjectSpans(doc.text, pattern)));
  return spans;
}

/** Where an offset is: the JSON path of the value (or property key) there. */
export interface OffsetLocation {
  path: (string | number)[];
  isAtPropertyKey: boolean;
}

/**
 * The JSON path at `offset`, like jsonc-parser's `getLocation`, which scans the text from its
 * start: inside an object whose span the document knows (a node), only that object's text is
 * scanned, so a hover near the end of a 10 MB export costs no more than one at its start.
 */
export function locationAt(doc: JsonDocument, offset: number): OffsetLocation {
  let best: ObjectSpan | undefined;
  for (const spans of doc.spans.values()) {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const sp = spans[mid];
      if (sp.end <= offset) lo = mid + 1;
      else if (sp.start > offset) hi = mid - 1;
      else {
        if (sp.start < offset && (!best || sp.end - sp.start < best.end - best.start)) best = sp;
        break;
      }
    }
  }
  if (!best) {
    const loc = getLocation(doc.text, offset);
    return { path: loc.path, isAtPropertyKey: loc.isAtPropertyKey };
  }
  const loc = getLocation(doc.text.slice(best.start, best.end), offset - best.start);
  return { path: [...best.path, ...loc.path], isAtPropertyKey: loc.isAtPropertyKey };
}
