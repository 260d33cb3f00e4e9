/**
 * Finds where each node object (`diagrams.<diagramKey>.nodes.<nodeKey>`) sits in the text.
 *
 * Why not jsonc-parser here: its `visit` walks every token (≈2× JSON.parse) and `parseTree` builds
 * a node per value (≈7× JSON.parse, 1.4 GB for a 120 MB export). This scanner only tracks nesting
 * and the keys of the first four levels, jumping over strings with `indexOf`, and runs at ≈0.3×
 * JSON.parse. It runs only on text that JSON.parse accepted, so it needs no error handling;
 * jsonc-parser still does error positions (jsonErrors.ts) and edits.
 */

export interface NodeSpan {
  diagramKey: string;
  nodeKey: string;
  /** Offset of the node's `{`. */
  start: number;
  /** Offset just after the node's `}`. */
  end: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJ = 123;
const OPEN_ARR = 91;
const COLON = 58;

/** Index of the closing quote of the string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let b = q - 1;
    let slashes = 0;
    while (text.charCodeAt(b) === BACKSLASH) {
      slashes++;
      b--;
    }
    if ((slashes & 1) === 0) return q;
    j = q + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Spans of every node object, in text order. `text` must be valid JSON. */
export function findNodeSpans(text: string): NodeSpan[] {
  const spans: NodeSpan[] = [];
  const keys: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  let depth = 0;
  let nodeStart = -1;
  const n = text.length;
  // `test` jumps to the next structural character in native code without allocating a match.
  const structural = /["{}[\]]/g;
  while (structural.test(text)) {
    const i = structural.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = stringEnd(text, i);
      if (depth <= 4) {
        let k = close + 1;
        while (k < n && isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === COLON) {
          const raw = text.slice(i + 1, close);
          keys[depth] = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        }
      }
      structural.lastIndex = close + 1;
    } else if (c === OPEN_OBJ || c === OPEN_ARR) {
      if (depth === 4 && c === OPEN_OBJ && keys[1] === 'diagrams' && keys[3] === 'nodes') nodeStart = i;
      depth++;
      if (depth <= 4) keys[depth] = undefined;
    } else {
      depth--;
      if (depth === 4 && nodeStart >= 0) {
        spans.push({ diagramKey: keys[2] as string, nodeKey: keys[4] as string, start: nodeStart, end: i + 1 });
        nodeStart = -1;
      }
    }
  }
  return spans;
}
