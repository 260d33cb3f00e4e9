import { fmtInt } from '../report/display';
import { stepCalls, type Rule } from './rule';

export const unbudgetedVariable: Rule = {
  id: 'unbudgeted-variable',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary:
    'A prompt sends a variable that is large by nature (an API response, search results, memory) at the small ' +
    'default size.',
  check: ({ analysis: a }) => {
    const out = [];
    for (const { step, call } of stepCalls(a)) {
      for (const u of call.unbudgeted) {
        out.push({
          group: u.name,
          stepId: step.id,
          range: step.range,
          message:
            `${call.label} sends {${u.name}}, sized at the default ${fmtInt(a.settings.variableTokens)} tokens, but ` +
            `${u.why}: ` +
            `set its size in .agentcost.yaml (variables: { budgets: { ${u.name}: <tokens> } }).`,
        });
      }
    }
    return out;
  },
};
