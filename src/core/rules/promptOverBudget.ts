import { BUDGET_DEFAULTS } from '../config/budgets';
import { stepCalls, type Rule } from './rule';

export const promptOverBudget: Rule = {
  id: 'prompt-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'One LLM call sends more input tokens than budgets.promptTokens (default 8,000).',
  check: ({ analysis: a, budgets }) => {
    const max = budgets.promptTokens ?? BUDGET_DEFAULTS.promptTokens;
    return stepCalls(a)
      .filter(({ call }) => call.input > max)
      .map(({ step, call }) => ({
        group: 'over',
        stepId: step.id,
        range: step.range,
        message:
          `${call.label} sends ${call.exact ? '' : '≈'}${call.input} input tokens (system ` +
          `${call.breakdown.system}, prompt ${call.breakdown.prompt}, memory ${call.breakdown.memory}, knowledge ` +
          `base ${call.breakdown.knowledgeBase}, tools ${call.breakdown.tools}); the budget is ${max}.`,
      }));
  },
};
