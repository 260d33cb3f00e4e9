import { stepCalls, type Rule } from './rule';

export const deprecatedModel: Rule = {
  id: 'deprecated-model',
  defaultSeverity: 'warning',
  kind: 'fact',
  summary: 'A step uses a model its vendor has retired or Voiceflow no longer offers.',
  check: ({ analysis: a, rates }) =>
    stepCalls(a).flatMap(({ step, call }) => {
      const row = call.rateId ? rates.llmById(call.rateId) : undefined;
      if (!row?.deprecated) return [];
      return [
        {
          group: call.model,
          stepId: step.id,
          range: step.range,
          fix: row.cheaper ? { kind: 'model' as const, model: row.cheaper } : undefined,
          message: `${call.label} uses ${call.model}, which is deprecated${row.cheaper ? `; ${row.cheaper} is current and cheaper` : ''}.`,
        },
      ];
    }),
};
