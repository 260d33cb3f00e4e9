/**
 * Text in the cost map's SVG: escaping, and trimming to the room a card gives (measured in
 * narrow-letter units: a wide character counts double).
 */

/** XML/HTML text and attribute escaping (also quotes and backticks). */
export function escapeXml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Approximate width of one narrow character at the map's font size, for trimming text to fit (see `fit`). */
export const CHAR_W = 6.3;
/** The same for the bold titles (generous: accented and Cyrillic letters are wider). */
export const TITLE_CHAR_W = 7.6;

/** Code point ranges drawn about twice as wide as a Latin letter: CJK, kana, Hangul, fullwidth forms, emoji. */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
/** Code point ranges drawn with no width: combining marks, zero-width spaces and joiners, variation selectors. */
const ZERO: [number, number][] = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0xfe00, 0xfe0f],
];
const within = (cp: number, ranges: [number, number][]) => ranges.some(([a, b]) => cp >= a && cp <= b);

/** Width of a character in narrow-letter units: 2 for wide characters, 0 for marks, else 1. */
export function charUnits(cp: number): number {
  if (cp < 0x300) return 1;
  return within(cp, ZERO) ? 0 : within(cp, WIDE) ? 2 : 1;
}

/** `s` cut to `max` narrow-letter units (a wide character counts 2) with an ellipsis; never splits a character. */
export function fit(s: string, max: number): string {
  if (max <= 1) return '';
  let units = 0;
  let cut = -1;
  let i = 0;
  for (const ch of s) {
    units += charUnits(ch.codePointAt(0)!);
    if (cut < 0 && units > max - 1) cut = i;
    if (units > max) return `${s.slice(0, cut)}…`;
    i += ch.length;
  }
  return s;
}
