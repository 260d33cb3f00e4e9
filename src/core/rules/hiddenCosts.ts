import type { Rule } from './rule';

export const llmIntentClassification: Rule = {
  id: 'llm-intent-classification',
  defaultSeverity: 'information',
  kind: 'fact',
  summary: 'The project classifies intents with an LLM: every typed user message makes a hidden LLM call.',
  check: ({ analysis: a }) => {
    const c = a.hidden.intentClassification;
    return c ? [{ message: `Every typed user message makes an LLM intent-classification call on ${c.model} (≈${c.input} input tokens, ${c.credits?.toSignificantDigits(4).toString() ?? 'unknown'} credits); button clicks do not.` }] : [];
  },
};

export const kbFallbackPossible: Rule = {
  id: 'kb-fallback-possible',
  defaultSeverity: 'information',
  kind: 'fact',
  summary: 'A no-match falls back to an LLM call (knowledge-base answer or generative no-match), billed even when nothing is found.',
  check: ({ analysis: a }) => {
    const c = a.hidden.noMatch;
    return c ? [{ message: `A no-match falls back to an LLM call (${c.label}, ${c.model}, ${c.credits?.toSignificantDigits(4).toString() ?? 'unknown'} credits); included at the no-match rate (${a.settings.noMatchRate}) in expected figures and fully in max.` }] : [];
  },
};
