/**
 * The display formatter's plain-number part (no Decimal, no engine code): counts, sizes and
 * durations as people read them. display.ts re-exports these; the VS Code client imports only
 * this module (its one dependency outside the protocol types, see eslint.config.mjs).
 */

/** A count (tokens, characters, lines) rounded to a whole number, with thousands separators. */
export function fmtCount(n: number): string {
  return withCommas(String(Math.round(n)));
}

/** An exact decimal string or number as written, with thousands separators ("1,234.5"). */
export function fmtPlain(v: string | number): string {
  return withCommas(String(v));
}

/** A size in bytes as megabytes of 1,048,576 bytes (VS Code's own limits), one decimal: "10.5 MB". */
export function fmtMegabytes(bytes: number): string {
  return `${withCommas((Math.round((bytes / 1048576) * 10) / 10).toFixed(1))} MB`;
}

/** Milliseconds as people read them: "850 ms" below a second, else seconds with one decimal ("3.2 s"). */
export function fmtDuration(ms: number): string {
  return ms < 1000 ? `${fmtCount(ms)} ms` : `${withCommas((Math.round(ms / 100) / 10).toFixed(1))} s`;
}

/** "1234567.5" → "1,234,567.5" (the integer part grouped in threes). */
export function withCommas(s: string): string {
  const [i, f] = s.split('.');
  const j = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return f === undefined ? j : `${j}.${f}`;
}
