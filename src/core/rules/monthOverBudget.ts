import { fmtCredits, fmtInt } from '../report/display';
import type { Rule } from './rule';

export const monthOverBudget: Rule = {
  id: 'month-over-budget',
  defaultSeverity: 'error',
  kind: 'budget',
  summary:
    'The monthly projection exceeds budgets.creditsPerMonth: at 100 % Voiceflow stops every agent of the workspace.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerMonth === undefined) return [];
    const m = a.month.credits.expected;
    const day = a.month.alerts.find((x) => x.percent === 100)?.day;
    return m.gt(budgets.creditsPerMonth)
      ? [
          {
            message:
              `${fmtInt(a.month.conversations)} conversations a month cost ${fmtCredits(m)} credits expected; ` +
              `the budget is ${fmtCredits(budgets.creditsPerMonth)}${day ? ` (reached on day ${day})` : ''}. At 100 ` +
              `% all agents stop.`,
          },
        ]
      : [];
  },
};
