/**
 * The sequential colour scale of the cost map: free, LEVELS steps from the agent's cheapest to its
 * dearest non-zero cost on a log scale, and unknown. One scale for the whole agent, so a colour
 * means the same on every page.
 */
import { Decimal } from '../pricing/money';
import { fmtCredits } from '../report/display';
import type { LegendLevel, Level } from './types';

/** Number of non-zero colour levels. */
export const LEVELS = 5;

export interface Scale {
  levelOf(v: Decimal | null): Level;
  legend: LegendLevel[];
}

/**
 * A scale over `values` (null = unknown). Level i covers (t[i-1], t[i]] with t[i] = min × (max/min)^(i/LEVELS);
 * the dearest value is always the top level, the cheapest non-zero one level 1 (or the top when all are equal).
 */
export function scaleOf(values: (Decimal | null)[]): Scale {
  const nonZero = values.filter((v): v is Decimal => v !== null && v.gt(0));
  const hasFree = values.some((v) => v !== null && v.lte(0));
  const hasUnknown = values.some((v) => v === null);
  const legend: LegendLevel[] = [];
  if (hasFree) legend.push({ level: 0, label: 'free' });
  let thresholds: Decimal[] = [];
  if (nonZero.length) {
    const min = Decimal.min(...nonZero);
    const max = Decimal.max(...nonZero);
    const ratio = max.div(min);
    thresholds = Array.from({ length: LEVELS }, (_, i) =>
      i === LEVELS - 1 ? max : min.mul(ratio.pow(new Decimal(i + 1).div(LEVELS))),
    );
    if (min.eq(max)) legend.push({ level: LEVELS, label: fmtCredits(max) });
    else
      thresholds.forEach((t, i) => {
        const lo = i === 0 ? min : thresholds[i - 1];
        legend.push({ level: i + 1, label: `${fmtCredits(lo)}–${fmtCredits(t)}` });
      });
  }
  if (hasUnknown) legend.push({ level: 'unknown', label: 'unknown price' });
  const levelOf = (v: Decimal | null): Level => {
    if (v === null) return 'unknown';
    if (v.lte(0)) return 0;
    if (thresholds.length && thresholds[0].eq(thresholds[LEVELS - 1])) return LEVELS;
    const i = thresholds.findIndex((t) => v.lte(t));
    return i < 0 ? LEVELS : i + 1;
  };
  return { levelOf, legend };
}
