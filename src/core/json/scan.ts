/**
 * The pieces the JSON scanners share (spans.ts finds objects at a path pattern, locate.ts finds
 * paths): character codes, the end of a string, white space, and a key's text. They run only on
 * text that JSON.parse accepted, so none of them reports errors; past the end they return the
 * text's length.
 */

/** Character codes of JSON's structural characters. */
export const enum Char {
  Quote = 34,
  Backslash = 92,
  OpenObject = 123,
  CloseObject = 125,
  OpenArray = 91,
  CloseArray = 93,
  Comma = 44,
  Colon = 58,
}

/** Index of the closing quote of the string whose opening quote is at `open`. */
export function stringEnd(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    // The quote is escaped when an odd number of backslashes stands right before it.
    let b = q - 1;
    let slashes = 0;
    while (text.charCodeAt(b) === Char.Backslash) {
      slashes++;
      b--;
    }
    if ((slashes & 1) === 0) return q;
    j = q + 1;
  }
}

/** True for JSON's white space (space, line feed, carriage return, tab). */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The first offset at or after `i` that is not white space. */
export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The text of the string between the quotes at `open` and `close`, escapes resolved as JSON.parse does. */
export function stringText(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}
