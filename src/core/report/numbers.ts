/**
 * The display formatter's plain-number part (no Decimal, no engine code): counts, sizes and
 * durations as people read them. display.ts re-exports these; the VS Code client imports only
 * this module (its one dependency outside the protocol types, see eslint.config.mjs).
 */

/** A count (tokens, characters, lines) rounded to a whole number, with thousands separators. */
export function fmtCount(n: number): string {
  return withCommas(String(Math.round(n)));
}

/** A quantity (a setting's value) exactly as given, with thousands separators ("1,234.5"); never "1e-7". */
export function fmtPlain(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'unknown';
  return withCommas(positional(String(v)));
}

/** "1.5e-7" → "0.00000015", "2e+21" → "2000000000000000000000"; other text as it is. */
function positional(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(s);
  if (!m) return s;
  const digits = m[2] + (m[3] ?? '');
  const point = m[2].length + Number(m[4]);
  const whole =
    point <= 0
      ? '0'
      : digits
          .slice(0, point)
          .padEnd(point, '0')
          .replace(/^0+(?=\d)/, '');
  const fraction = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  const frac = fraction.replace(/0+$/, '');
  return `${m[1]}${whole}${frac ? `.${frac}` : ''}`;
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
