/**
 * Allocation-free Decimal helpers for the turn walk's hot loops (the walk, the runs of each turn,
 * the conversation chain). Decimals are immutable, so a cached or returned operand can be shared.
 *
 * Each helper returns exactly the value the plain Decimal operation would: the engine's values are
 * results of Decimal arithmetic (rounded to the 40 significant digits of `money.ts`) or short
 * literals, and for those `x + 0`, `x × 1` and min/max are x itself.
 */
import { Decimal } from '../pricing/money';

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

const shares: Decimal[] = [];

/** 1 / n (equal shares of n branches), computed once per n. */
export function equalShare(n: number): Decimal {
  return (shares[n] ??= ONE.div(n));
}

/** a + b without a new object when either is zero. */
export function add(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? a : a.isZero() ? b : a.plus(b);
}

/** a × b without a new object when b is one or a is zero. */
export function times(a: Decimal, b: Decimal): Decimal {
  return a.isZero() || b.eq(ONE) ? a : a.mul(b);
}

/** The smaller of a and b (one of them, not a copy). */
export function min(a: Decimal, b: Decimal): Decimal {
  return b.lt(a) ? b : a;
}

/** The larger of a and b (one of them, not a copy). */
export function max(a: Decimal, b: Decimal): Decimal {
  return b.gt(a) ? b : a;
}

/**
 * Weights normalised to probabilities (all zero → equal shares), as `weight ÷ Σ weights`; the
 * usual case of equal weights takes the cached 1 / n.
 */
export function probabilities(weights: readonly Decimal[]): Decimal[] {
  const n = weights.length;
  if (weights.every((w) => w === ONE)) return Array(n).fill(equalShare(n));
  const total = weights.reduce((s, w) => s.plus(w), ZERO);
  return total.isZero() ? Array(n).fill(equalShare(n)) : weights.map((w) => w.div(total));
}
