import { stepCalls, type Rule } from './rule';

const TOOL_TOKENS = 1000;

export const agentToolBloat: Rule = {
  id: 'agent-tool-bloat',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: "An agent's tool definitions are large; they are re-sent as input on every turn.",
  check: ({ analysis: a }) => {
    const seen = new Set<string>();
    return stepCalls(a)
      .filter(
        ({ step, call }) =>
          step.kind === 'agent' &&
          (call.breakdown.tools > TOOL_TOKENS || call.breakdown.tools > call.input / 2) &&
          !seen.has(step.id) &&
          seen.add(step.id),
      )
      .map(({ step, call }) => ({
        group: 'bloat',
        stepId: step.id,
        range: step.range,
        message:
          `Tool definitions are ${call.breakdown.tools} of ${call.input} input tokens and are re-sent every ` +
          `turn; trim descriptions or split the agent.`,
      }));
  },
};
