import { fmtCredits } from '../report/display';
import type { Rule } from './rule';

export const kbFallbackPossible: Rule = {
  id: 'kb-fallback-possible',
  defaultSeverity: 'information',
  kind: 'fact',
  summary:
    'A no-match falls back to an LLM call (knowledge-base answer or generative no-match), billed even when nothing ' +
    'is found.',
  check: ({ analysis: a }) => {
    const c = a.hidden.noMatch;
    return c
      ? [
          {
            message:
              `A no-match falls back to an LLM call (${c.label}, ${c.model}, ${fmtCredits(c.credits)} ` +
              `credits); included at the no-match rate (${a.settings.noMatchRate}) in expected figures and fully in ` +
              `max.`,
          },
        ]
      : [];
  },
};
