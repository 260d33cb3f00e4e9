import { BUDGET_DEFAULTS } from '../config/budgets';
import { fmtCredits, fmtInt } from '../report/display';
import { stepCalls, type Rule } from './rule';

export const highOutputCap: Rule = {
  id: 'high-output-cap',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'An LLM step allows more output tokens than the project budget (budgets.maxOutputTokens, default 1,000).',
  check: ({ analysis: a, budgets }) => {
    const cap = budgets.maxOutputTokens ?? BUDGET_DEFAULTS.maxOutputTokens;
    return stepCalls(a)
      .filter(({ call }) => call.maxTokensSet && call.outputMax > cap)
      .map(({ step, call }) => ({
        group: `${call.outputMax}`,
        stepId: step.id,
        range: step.range,
        path: call.maxTokensPath,
        fix: { kind: 'maxTokens' as const, value: cap, path: call.maxTokensPath },
        message:
          `${call.label} allows ${fmtInt(call.outputMax)} output tokens (max ${fmtCredits(call.creditsMax)} ` +
          `credits per run); the budget is ${fmtInt(cap)}.`,
      }));
  },
};
