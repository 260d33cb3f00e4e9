import { stepCalls, type Rule } from './rule';

export const duplicateSystemPrompt: Rule = {
  id: 'duplicate-system-prompt',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'The same long system prompt is pasted into several steps: each copy is paid and maintained separately.',
  check: ({ analysis: a }) => {
    const byKey = new Map<string, Set<string>>();
    for (const { step, call } of stepCalls(a))
      if (call.systemKey) byKey.set(call.systemKey, (byKey.get(call.systemKey) ?? new Set()).add(step.id));
    const out = [];
    for (const ids of byKey.values()) {
      if (ids.size < 2) continue;
      for (const id of ids) {
        const s = a.steps.find((x) => x.id === id)!;
        out.push({
          stepId: id,
          range: s.range,
          message: `The same system prompt appears in ${ids.size} steps; keep one copy (a Prompt in the CMS) and shorten where you can.`,
        });
      }
    }
    return out;
  },
};
