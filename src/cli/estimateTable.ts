/** Terminal rendering of an Estimate (the calculator): exact totals, as the docs print them. */
import type { Estimate } from '../core/estimate';
import { fmtCredits } from '../core/report/display';

export function renderEstimate(e: Estimate): string {
  const rows = e.lines.map((l) => [l.item, `${l.quantity} ${l.unit}`, l.rate ?? '', fmtCredits(l.credits.toString())]);
  rows.unshift(['item', 'quantity', 'credits/unit', 'credits']);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd(),
  );
  lines.push(
    '',
    `Total: ${e.total.credits.toString()} credits = $${e.total.usd.toString()} ` +
      `(at $${e.creditPriceUsd.toString()} per credit)`,
  );
  if (e.perMinute) lines.push(`Per minute: $${e.perMinute.usd.toString()} (${e.perMinute.credits.toString()} credits)`);
  return lines.join('\n') + '\n';
}
