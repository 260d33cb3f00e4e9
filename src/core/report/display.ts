/**
 * The one display formatter: every figure a person reads (tables, Markdown, rule messages, lenses,
 * hovers, panels, the diff) is rounded here, and only here (the JSON report keeps exact strings).
 * Credits: 4 significant digits below 1, else up to 4 decimals (none from 1,000); USD: cents from
 * $1, else 4 significant digits; thousands separators everywhere.
 */
import { Decimal } from '../pricing/money';
import { fmtCount, withCommas } from './numbers';

export { fmtDuration, fmtMegabytes } from './numbers';

export const ROUNDING_NOTE = 'Figures are rounded for display; --format json has the exact values.';

/** A figure as the engine holds it: a Decimal, an exact decimal string, or null when unknown. */
export type Figure = Decimal | string | number | null | undefined;

export function fmtCredits(v: Figure, unbounded = false): string {
  if (v === null || v === undefined) return 'unknown';
  // Reports carry figures as strings, and an editor formats thousands of them after each edit.
  let s = typeof v === 'string' ? creditTexts.get(v) : undefined;
  if (s === undefined) {
    const d = new Decimal(v);
    if (d.isZero()) s = '0';
    else if (d.abs().lt(1)) s = d.toSignificantDigits(4).toFixed();
    else s = withCommas(trim(d.toFixed(d.abs().gte(1000) ? 0 : 4)));
    if (typeof v === 'string') {
      if (creditTexts.size >= MAX_CREDIT_TEXTS) creditTexts.clear();
      creditTexts.set(v, s);
    }
  }
  return unbounded ? `${s}+` : s;
}

/** Credit figures (as reports write them) already formatted, up to a bound. */
const creditTexts = new Map<string, string>();
const MAX_CREDIT_TEXTS = 20_000;

export function fmtUsd(v: Figure): string {
  if (v === null || v === undefined) return 'unknown';
  const d = new Decimal(v);
  if (d.isZero()) return '$0';
  if (d.abs().lt(1)) return `$${d.toSignificantDigits(4).toFixed()}`;
  return `$${withCommas(d.toFixed(2))}`;
}

/** A count (tokens, characters, conversations) with thousands separators. */
export function fmtInt(n: number | Decimal): string {
  return typeof n === 'number' ? fmtCount(n) : withCommas(n.toFixed(0));
}

/** A change in percent, signed, whole numbers ("+12 %", "−3 %"). */
export function fmtPercent(v: Figure): string {
  if (v === null || v === undefined) return '';
  const d = new Decimal(v).toDecimalPlaces(0);
  return `${d.gt(0) ? '+' : d.lt(0) ? '−' : ''}${withCommas(d.abs().toFixed(0))} %`;
}

/** A share (0–1) in percent: one decimal, two significant digits below 1 % ("25 %", "12.5 %", "0.42 %"). */
export function fmtShare(v: Figure): string {
  if (v === null || v === undefined) return 'unknown';
  const p = new Decimal(v).mul(100);
  const d = p.gt(0) && p.lt(1) ? p.toSignificantDigits(2) : p.toDecimalPlaces(1);
  return `${trim(d.toFixed())} %`;
}

/**
 * Shares of one whole (0–1 each, or any parts of a total) in percent, one decimal, rounded so they
 * add up to exactly 100 % (largest remainder: each share is rounded down to a tenth of a percent,
 * and the tenths left over go to the largest remainders, the earlier share first on a tie). A
 * share above zero that rounds to nothing says "<0.1 %"; with a total of zero every share is "0 %".
 */
export function fmtShares(parts: readonly Figure[]): string[] {
  const values = parts.map((v) => (v === null || v === undefined ? null : new Decimal(v)));
  const total = values.reduce<Decimal>((t, v) => (v ? t.plus(v) : t), new Decimal(0));
  if (total.lte(0)) return values.map((v) => (v ? '0 %' : 'unknown'));
  // In tenths of a percent: 1,000 to share out.
  const exact = values.map((v) => (v ? v.div(total).mul(1000) : null));
  const tenths = exact.map((x) => (x ? x.floor().toNumber() : 0));
  let left = 1000 - tenths.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, rest: x ? x.minus(x.floor()) : new Decimal(-1) }))
    .filter((r) => r.rest.gt(0))
    .sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  for (const r of byRemainder) {
    if (left <= 0) break;
    tenths[r.i]++;
    left--;
  }
  return values.map((v, i) => {
    if (!v) return 'unknown';
    if (tenths[i] === 0) return v.gt(0) ? '<0.1 %' : '0 %';
    return `${trim((tenths[i] / 10).toFixed(1))} %`;
  });
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** "min – max" or a single value when they are equal. */
export function fmtRange(min: Figure, max: Figure, unbounded = false): string {
  const a = fmtCredits(min);
  const b = fmtCredits(max, unbounded);
  return a === b ? a : `${a}–${b}`;
}
