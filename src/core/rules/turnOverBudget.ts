import { fmtCredits } from '../report/display';
import { Decimal } from '../pricing/money';
import type { Rule } from './rule';

export const turnOverBudget: Rule = {
  id: 'turn-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'A turn costs more credits than budgets.creditsPerTurn.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerTurn === undefined) return [];
    const max = new Decimal(budgets.creditsPerTurn);
    return a.turns
      .filter((t) => t.credits.expected.gt(max))
      .map((t) => {
        const step = a.steps.find((s) => s.id === t.start);
        return {
          stepId: t.start,
          range: step?.range,
          message:
            `Turn “${t.name}” costs ${fmtCredits(t.credits.expected)} credits expected ` +
            `(max ${fmtCredits(t.credits.max, t.unbounded)}${t.unbounded ? ', unbounded' : ''}); ` +
            `the budget is ${fmtCredits(max)} per turn.`,
        };
      });
  },
};
