import { fmtCredits, fmtInt } from '../report/display';
import { stepCalls, type Rule } from './rule';

const DEFAULT_MAX_OUTPUT = 1000;

export const highOutputCap: Rule = {
  id: 'high-output-cap',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'An LLM step allows more output tokens than the project budget (budgets.maxOutputTokens, default 1,000).',
  check: ({ analysis: a, budgets }) => {
    const cap = budgets.maxOutputTokens ?? DEFAULT_MAX_OUTPUT;
    return stepCalls(a)
      .filter(({ call }) => call.maxTokensSet && call.outputMax > cap)
      .map(({ step, call }) => ({
        group: `${call.outputMax}`,
        stepId: step.id,
        range: step.range,
        fix: { kind: 'maxTokens' as const, value: cap },
        message: `${call.label} allows ${fmtInt(call.outputMax)} output tokens (max ${fmtCredits(call.creditsMax)} credits per run); the budget is ${fmtInt(cap)}.`,
      }));
  },
};
