import { fmtCredits, fmtInt } from '../report/display';
import type { Rule } from './rule';

export const llmIntentClassification: Rule = {
  id: 'llm-intent-classification',
  defaultSeverity: 'information',
  kind: 'fact',
  summary: 'The project classifies intents with an LLM: every typed user message makes a hidden LLM call.',
  check: ({ analysis: a }) => {
    const c = a.hidden.intentClassification;
    return c
      ? [
          {
            message:
              `Every typed user message makes an LLM intent-classification call on ${c.model} ` +
              `(≈${fmtInt(c.input)} input tokens, ${fmtCredits(c.credits)} credits); button clicks do not.`,
          },
        ]
      : [];
  },
};
