/**
 * The sequential colour scale of the cost map: free, LEVELS steps on a log scale up to the agent's
 * dearest cost, and unknown. The scale spans at least MIN_SPAN (two orders of magnitude), so a
 * colour step means at least ×2.5 in cost and blocks that cost about the same look about the same;
 * it spans more when the agent's costs do. One scale for the whole agent: a colour means the same
 * on every page.
 */
import { Decimal } from '../pricing/money';
import { fmtCredits } from '../report/display';
import type { LegendLevel, Level } from './types';

/** Number of non-zero colour levels. */
export const LEVELS = 5;
/** The smallest ratio between the top of the scale and its bottom. */
export const MIN_SPAN = 100;

export interface Scale {
  levelOf(v: Decimal | null): Level;
  legend: LegendLevel[];
}

/**
 * A scale over `values` (null = unknown). Level i covers (t[i-1], t[i]] with t[i] = lo × (max/lo)^(i/LEVELS),
 * lo = min(cheapest non-zero value, max / MIN_SPAN); the dearest value is always the top level.
 */
export function scaleOf(values: (Decimal | null)[]): Scale {
  const nonZero = values.filter((v): v is Decimal => v !== null && v.gt(0));
  const hasFree = values.some((v) => v !== null && v.lte(0));
  const hasUnknown = values.some((v) => v === null);
  const legend: LegendLevel[] = [];
  if (hasFree) legend.push({ level: 0, label: 'free' });
  let thresholds: Decimal[] = [];
  if (nonZero.length) {
    const max = Decimal.max(...nonZero);
    const min = Decimal.min(...nonZero, max.div(MIN_SPAN));
    const ratio = max.div(min);
    thresholds = Array.from({ length: LEVELS }, (_, i) =>
      i === LEVELS - 1 ? max : min.mul(ratio.pow(new Decimal(i + 1).div(LEVELS))),
    );
    thresholds.forEach((t, i) =>
      legend.push({
        level: i + 1,
        label: i === 0 ? `up to ${fmtCredits(t)}` : `${fmtCredits(thresholds[i - 1])}–${fmtCredits(t)}`,
      }),
    );
  }
  if (hasUnknown) legend.push({ level: 'unknown', label: 'unknown price' });
  const levelOf = (v: Decimal | null): Level => {
    if (v === null) return 'unknown';
    if (v.lte(0)) return 0;
    const i = thresholds.findIndex((t) => v.lte(t));
    return i < 0 ? LEVELS : i + 1;
  };
  return { levelOf, legend };
}
