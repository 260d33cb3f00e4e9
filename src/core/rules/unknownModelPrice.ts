import { stepCalls, type Finding, type Rule } from './rule';

export const unknownModelPrice: Rule = {
  id: 'unknown-model-price',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary: 'A model is not in the rate card: its cost is unknown (never counted as 0), so totals are lower bounds.',
  check: ({ analysis: a }) => {
    const out: Finding[] = stepCalls(a)
      .filter(({ call }) => call.rateId === null)
      .map(({ step, call }) => ({
        stepId: step.id,
        range: step.range,
        path: call.modelPath,
        message: `Model "${call.model}" is not in the rate card: the cost of "${call.label}" is unknown (totals are lower bounds). Add it under pricing.models in .agentcost.yaml.`,
      }));
    for (const c of [a.hidden.intentClassification, a.hidden.noMatch]) {
      if (c && c.rateId === null)
        out.push({
          path: c.modelPath,
          message: `Model "${c.model}" (${c.label}) is not in the rate card: its cost is unknown.`,
        });
    }
    return out;
  },
};
