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
            message: `A conversation costs ${c.toSignificantDigits(4).toString()} credits expected; the budget is ${budgets.creditsPerConversation}.`,
          },
        ]
      : [];
  },
};
