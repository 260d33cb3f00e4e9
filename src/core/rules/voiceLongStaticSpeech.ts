import { BUDGET_DEFAULTS } from '../config/budgets';
import { fmtCredits, fmtInt } from '../report/display';
import type { Rule } from './rule';

export const voiceLongStaticSpeech: Rule = {
  id: 'voice-long-static-speech',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'In a voice project a long static message costs text-to-speech and call time on every run.',
  check: ({ analysis: a, budgets }) => {
    if (a.file.channel !== 'voice') return [];
    const max = budgets.spokenChars ?? BUDGET_DEFAULTS.spokenChars;
    return a.steps
      .filter((s) => s.calls.length === 0 && s.spokenChars > max)
      .map((s) => ({
        stepId: s.id,
        range: s.range,
        message:
          `This message speaks ${fmtInt(s.spokenChars)} characters: ${fmtCredits(s.credits)} credits per run ` +
          `in TTS and call time (budget ${max} characters).`,
      }));
  },
};
