import { fmtCredits } from '../report/display';
import type { Rule } from './rule';

export const conversationOverBudget: Rule = {
  id: 'conversation-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'A conversation costs more credits than budgets.creditsPerConversation.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerConversation === undefined) return [];
    const c = a.conversation.credits.expected;
    return c.gt(budgets.creditsPerConversation)
      ? [
          {
            message:
              `A conversation costs ${fmtCredits(c)} credits expected; the budget is ` +
              `${fmtCredits(budgets.creditsPerConversation)}.`,
          },
        ]
      : [];
  },
};
