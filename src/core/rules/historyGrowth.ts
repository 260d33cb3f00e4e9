import { fmtCredits } from '../report/display';
import type { Rule } from './rule';

export const historyGrowth: Rule = {
  id: 'history-growth',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary: 'A step sends conversation memory (or is an agent), so its input grows every turn.',
  check: ({ analysis: a }) => {
    const window = a.conversation.memoryTurns;
    const turns = Math.min(10, Math.max(1, window));
    return a.steps
      .filter((s) => s.growthPerTurn !== null && s.growthPerTurn.gt(0) && s.credits !== null)
      .map((s) => ({
        group: 'memory',
        stepId: s.id,
        range: s.range,
        message: `Input grows every turn (memory): ${fmtCredits(s.credits)} credits at turn 1, ${fmtCredits(
          s.credits!.plus(s.growthPerTurn!.mul(turns - 1)),
        )} at turn ${turns} (+${fmtCredits(s.growthPerTurn)} per turn, capped at ${window} turns of memory).`,
      }));
  },
};
