import { stepCalls, type Rule } from './rule';

export const missingOutputCap: Rule = {
  id: 'missing-output-cap',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'An LLM step sets no maxTokens, so its output (and cost) is bounded only by the platform default.',
  check: ({ analysis: a }) =>
    stepCalls(a)
      .filter(({ step, call }) => !call.maxTokensSet && step.kind !== 'agent')
      .map(({ step, call }) => ({
        group: 'missing',
        stepId: step.id,
        range: step.range,
        // The cap is missing: point at the model setting beside which it goes.
        path: call.modelPath,
        fix: { kind: 'maxTokens' as const, value: a.settings.expectedOutputTokens * 2, path: call.maxTokensPath },
        message:
          `${call.label} sets no maxTokens: the max assumes ${call.outputMax} output tokens. Set a cap that ` +
          `fits the answer you expect.`,
      })),
};
