/**
 * Offset ↔ 0-based {line, character} conversion over one text, built once per document and
 * updated, not rebuilt, after an edit (`edited`).
 */
import type { Position, Range } from '../types';

/** One replacement in a text: [start, end) of the old text became `text`. Offsets are UTF-16 indexes. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Offsets just after each `\n` of text[from, to), plus `base`. */
function newlinesIn(text: string, from: number, to: number, base = 0): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) out.push(i + 1 + base);
  return out;
}

/** The offset of each line's first character (two passes over the text, no growing array). */
function lineStarts(text: string): Int32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Int32Array(n);
  let k = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

export class LineIndex {
  private readonly starts: Int32Array;

  constructor(
    readonly text: string,
    starts?: Int32Array,
  ) {
    this.starts = starts ?? lineStarts(text);
  }

  /**
   * The index of `next`, the text after `edit`: line starts before the edit are kept, those after
   * it shifted, and only the inserted text is scanned.
   */
  edited(next: string, edit: TextEdit): LineIndex {
    const old = this.starts;
    const delta = edit.text.length - (edit.end - edit.start);
    // Line starts at or before the edit's start keep their place (their newline is before it).
    const keep = upperBound(old, edit.start);
    // Line starts whose newline lies after the removed text move by `delta`.
    const after = upperBound(old, edit.end);
    const inserted = newlinesIn(edit.text, 0, edit.text.length, edit.start);
    const starts = new Int32Array(keep + inserted.length + old.length - after);
    starts.set(old.subarray(0, keep));
    starts.set(inserted, keep);
    for (let i = after, k = keep + inserted.length; i < old.length; i++, k++) starts[k] = old[i] + delta;
    return new LineIndex(next, starts);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offset(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    return Math.min(this.starts[line] + p.character, this.text.length);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** Number of entries of the sorted `a` that are ≤ x. */
function upperBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
