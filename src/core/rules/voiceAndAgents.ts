import { stepCalls, type Rule } from './rule';

const DEFAULT_SPOKEN_CHARS = 300;
const TOOL_TOKENS = 1000;

export const voiceLongStaticSpeech: Rule = {
  id: 'voice-long-static-speech',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'In a voice project a long static message costs text-to-speech and call time on every run.',
  check: ({ analysis: a, budgets }) => {
    if (a.file.channel !== 'voice') return [];
    const max = budgets.spokenChars ?? DEFAULT_SPOKEN_CHARS;
    return a.steps.filter((s) => s.calls.length === 0 && s.spokenChars > max).map((s) => ({
      stepId: s.id, range: s.range,
      message: `This message speaks ${s.spokenChars} characters: ${s.credits?.toSignificantDigits(4).toString() ?? 'unknown'} credits per run in TTS and call time (budget ${max} characters).`,
    }));
  },
};

export const agentToolBloat: Rule = {
  id: 'agent-tool-bloat',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: "An agent's tool definitions are large; they are re-sent as input on every turn.",
  check: ({ analysis: a }) => {
    const seen = new Set<string>();
    return stepCalls(a).filter(({ step, call }) => step.type === 'agent' && (call.breakdown.tools > TOOL_TOKENS || call.breakdown.tools > call.input / 2) && !seen.has(step.id) && seen.add(step.id)).map(({ step, call }) => ({
      stepId: step.id, range: step.range,
      message: `Tool definitions are ${call.breakdown.tools} of ${call.input} input tokens and are re-sent every turn; trim descriptions or split the agent.`,
    }));
  },
};

export const duplicateSystemPrompt: Rule = {
  id: 'duplicate-system-prompt',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'The same long system prompt is pasted into several steps: each copy is paid and maintained separately.',
  check: ({ analysis: a }) => {
    const byKey = new Map<string, Set<string>>();
    for (const { step, call } of stepCalls(a)) if (call.systemKey) byKey.set(call.systemKey, (byKey.get(call.systemKey) ?? new Set()).add(step.id));
    const out = [];
    for (const ids of byKey.values()) {
      if (ids.size < 2) continue;
      for (const id of ids) {
        const s = a.steps.find((x) => x.id === id)!;
        out.push({ stepId: id, range: s.range, message: `The same system prompt appears in ${ids.size} steps; keep one copy (a Prompt in the CMS) and shorten where you can.` });
      }
    }
    return out;
  },
};
