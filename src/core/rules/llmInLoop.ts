import { fmtCredits } from '../report/display';
import type { Rule } from './rule';

export const llmInLoop: Rule = {
  id: 'llm-in-loop',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary: 'An LLM step can run again before the user speaks: the cost of that turn has no upper bound.',
  check: ({ analysis: a }) =>
    a.loops
      .filter((l) => l.passCost === null || l.passCost.gt(0))
      .map((l) => {
        const head = a.steps.find((s) => s.id === l.steps[0]);
        return {
          stepId: l.steps[0],
          range: head?.range,
          message:
            `Loop of ${l.steps.length} step(s) can re-run an LLM call before the user speaks: the turn's max ` +
            `is unbounded (figures assume ${a.settings.loopCap} ` +
            `passes${l.passCost ? `, ${fmtCredits(l.passCost)} credits per pass` : ''}). Add an exit counter or move ` +
            `the LLM call out of the loop.`,
        };
      }),
};
