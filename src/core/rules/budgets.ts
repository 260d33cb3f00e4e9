import { Decimal } from '../pricing/money';
import { stepCalls, type Rule } from './rule';

const DEFAULT_PROMPT_TOKENS = 8000;

export const promptOverBudget: Rule = {
  id: 'prompt-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'One LLM call sends more input tokens than budgets.promptTokens (default 8,000).',
  check: ({ analysis: a, budgets }) => {
    const max = budgets.promptTokens ?? DEFAULT_PROMPT_TOKENS;
    return stepCalls(a).filter(({ call }) => call.input > max).map(({ step, call }) => ({
      stepId: step.id, range: step.range,
      message: `${call.label} sends ${call.exact ? '' : '≈'}${call.input} input tokens (system ${call.breakdown.system}, prompt ${call.breakdown.prompt}, memory ${call.breakdown.memory}, knowledge base ${call.breakdown.knowledgeBase}, tools ${call.breakdown.tools}); the budget is ${max}.`,
    }));
  },
};

export const turnOverBudget: Rule = {
  id: 'turn-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'A turn costs more credits than budgets.creditsPerTurn.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerTurn === undefined) return [];
    const max = new Decimal(budgets.creditsPerTurn);
    return a.turns.filter((t) => t.credits.expected.gt(max)).map((t) => {
      const step = a.steps.find((s) => s.id === t.start);
      return { stepId: t.start, range: step?.range, message: `Turn ${t.id} costs ${t.credits.expected.toSignificantDigits(4).toString()} credits expected (max ${t.credits.max.toSignificantDigits(4).toString()}${t.unbounded ? ', unbounded' : ''}); the budget is ${max.toString()} per turn.` };
    });
  },
};

export const conversationOverBudget: Rule = {
  id: 'conversation-over-budget',
  defaultSeverity: 'warning',
  kind: 'budget',
  summary: 'A conversation costs more credits than budgets.creditsPerConversation.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerConversation === undefined) return [];
    const c = a.conversation.credits.expected;
    return c.gt(budgets.creditsPerConversation) ? [{ message: `A conversation costs ${c.toSignificantDigits(4).toString()} credits expected; the budget is ${budgets.creditsPerConversation}.` }] : [];
  },
};

export const monthOverBudget: Rule = {
  id: 'month-over-budget',
  defaultSeverity: 'error',
  kind: 'budget',
  summary: 'The monthly projection exceeds budgets.creditsPerMonth: at 100 % Voiceflow stops every agent of the workspace.',
  check: ({ analysis: a, budgets }) => {
    if (budgets.creditsPerMonth === undefined) return [];
    const m = a.month.credits.expected;
    const day = a.month.alerts.find((x) => x.percent === 100)?.day;
    return m.gt(budgets.creditsPerMonth) ? [{ message: `${a.month.conversations} conversations a month cost ${m.toSignificantDigits(5).toString()} credits expected; the budget is ${budgets.creditsPerMonth}${day ? ` (reached on day ${day})` : ''}. At 100 % all agents stop.` }] : [];
  },
};
