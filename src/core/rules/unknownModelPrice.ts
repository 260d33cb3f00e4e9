import type { LlmCall } from '../types';
import { stepCalls, type Finding, type Rule } from './rule';

/** Why a call's cost is unknown: its model is not in the rate card, or is there with no known price. */
function why(c: LlmCall): string {
  return c.rateId === null
    ? `Model "${c.model}" is not in the rate card`
    : `Model "${c.model}" is in the rate card but its price is unknown (not published by its vendor)`;
}

export const unknownModelPrice: Rule = {
  id: 'unknown-model-price',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary:
    'A model is not in the rate card, or its price is unknown: its cost is unknown (never counted as 0), ' +
    'so totals are lower bounds.',
  check: ({ analysis: a }) => {
    const out: Finding[] = stepCalls(a)
      .filter(({ call }) => call.credits === null)
      .map(({ step, call }) => ({
        stepId: step.id,
        range: step.range,
        path: call.modelPath,
        message:
          `${why(call)}: the cost of "${call.label}" is unknown (totals are lower bounds). ` +
          'Add it under pricing.models in .agentcost.yaml.',
      }));
    for (const c of [a.hidden.intentClassification, a.hidden.noMatch, a.hidden.noReply]) {
      if (c && c.credits === null)
        out.push({ path: c.modelPath, message: `${why(c)} (${c.label}): its cost is unknown.` });
    }
    return out;
  },
};
