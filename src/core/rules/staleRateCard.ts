import type { Rule } from './rule';

/** Vendor list prices change every few months: a card checked longer ago than this may be out of date. */
export const STALE_AFTER_DAYS = 120;

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from `from` to `to` (both YYYY-MM-DD), or null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) return null;
  const d = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  return Number.isFinite(d) ? Math.floor(d) : null;
}

export const staleRateCard: Rule = {
  id: 'stale-rate-card',
  defaultSeverity: 'information',
  kind: 'fact',
  summary:
    `The rate card's prices were checked more than ${STALE_AFTER_DAYS} days ago: ` +
    'vendor prices may have changed since.',
  check: ({ rates, today }) => {
    const checked = rates.card.checked;
    const age = today === undefined ? null : daysBetween(checked, today);
    if (age === null || age <= STALE_AFTER_DAYS) return [];
    return [
      {
        message:
          `The rate card was checked on ${checked}, ${age} days ago (more than ${STALE_AFTER_DAYS}): vendor prices ` +
          'may have changed. Update Agent Cost Lens, or put current rates under pricing.models in .agentcost.yaml.',
      },
    ];
  },
};
