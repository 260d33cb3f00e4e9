/**
 * Rounding for display only (the JSON report keeps exact strings). Credits: 4 significant digits
 * below 1, else 2–4 decimals; USD: cents from $1, else 4 significant digits.
 */
import { Decimal } from '../pricing/money';

export const ROUNDING_NOTE = 'Figures are rounded for display; --format json has the exact values.';

export function fmtCredits(v: string | null, unbounded = false): string {
  if (v === null) return 'unknown';
  const d = new Decimal(v);
  let s: string;
  if (d.isZero()) s = '0';
  else if (d.abs().lt(1)) s = d.toSignificantDigits(4).toFixed();
  else s = trim(d.toFixed(d.abs().gte(1000) ? 0 : 4));
  return unbounded ? `${s}+` : s;
}

export function fmtUsd(v: string | null): string {
  if (v === null) return 'unknown';
  const d = new Decimal(v);
  if (d.isZero()) return '$0';
  if (d.abs().lt(1)) return `$${d.toSignificantDigits(4).toFixed()}`;
  return `$${withCommas(d.toFixed(2))}`;
}

export function fmtInt(n: number): string {
  return withCommas(String(n));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function withCommas(s: string): string {
  const [i, f] = s.split('.');
  const j = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return f === undefined ? j : `${j}.${f}`;
}

/** "min – max" or a single value when they are equal. */
export function fmtRange(min: string, max: string, unbounded = false): string {
  return min === max && !unbounded ? fmtCredits(min) : `${fmtCredits(min)}–${fmtCredits(max, unbounded)}`;
}
