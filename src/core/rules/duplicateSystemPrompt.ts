import { stepCalls, type Rule } from './rule';

export const duplicateSystemPrompt: Rule = {
  id: 'duplicate-system-prompt',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'The same long system prompt is pasted into several steps: each copy is paid and maintained separately.',
  check: ({ analysis: a }) => {
    // Steps that share one source (an agent used by several steps) are not copies: count sources.
    const byKey = new Map<string, { steps: Set<string>; sources: Set<string> }>();
    for (const { step, call } of stepCalls(a)) {
      if (!call.systemKey) continue;
      const e = byKey.get(call.systemKey) ?? { steps: new Set<string>(), sources: new Set<string>() };
      e.steps.add(step.id);
      e.sources.add(call.sources.length ? JSON.stringify(call.sources.map((x) => x.path)) : step.id);
      byKey.set(call.systemKey, e);
    }
    const out = [];
    for (const { steps: ids, sources } of byKey.values()) {
      if (sources.size < 2) continue;
      for (const id of ids) {
        const s = a.steps.find((x) => x.id === id)!;
        out.push({
          stepId: id,
          range: s.range,
          message:
            `The same system prompt appears in ${ids.size} steps; keep one copy (a Prompt in the CMS) and ` +
            `shorten where you can.`,
        });
      }
    }
    return out;
  },
};
