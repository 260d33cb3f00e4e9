import type { Rates } from '../pricing/rates';
import { stepCalls, type Rule } from './rule';

/** True when `to` costs less than `from` per input and output token (both priced). */
function isCheaper(rates: Rates, from: string, to: string): boolean {
  const a = rates.llm(from);
  const b = rates.llm(to);
  if (!a?.priced || !b?.priced) return false;
  return (
    b.inputPer1K.lte(a.inputPer1K) &&
    b.outputPer1K.lte(a.outputPer1K) &&
    !b.inputPer1K.plus(b.outputPer1K).eq(a.inputPer1K.plus(a.outputPer1K))
  );
}

export const deprecatedModel: Rule = {
  id: 'deprecated-model',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary: 'A step uses a model its vendor has retired or Voiceflow no longer offers.',
  check: ({ analysis: a, rates }) =>
    stepCalls(a).flatMap(({ step, call }) => {
      const row = call.rateId ? rates.llmById(call.rateId) : undefined;
      if (!row?.deprecated) return [];
      // The successor when there is one (same family, current), else the cheaper current sibling.
      const to = row.successor ?? row.cheaper;
      const then = to ? `; ${to} is current${isCheaper(rates, call.model, to) ? ' and cheaper' : ''}` : '';
      return [
        {
          group: call.model,
          stepId: step.id,
          range: step.range,
          path: call.modelPath,
          fix: to ? { kind: 'model' as const, model: to, path: call.modelPath } : undefined,
          message: `${call.label} uses ${call.model}, which is deprecated (${row.deprecated})${then}.`,
        },
      ];
    }),
};
