/**
 * The limits of `.agentcost.yaml`'s `budgets` section that the cost rules check, one row each
 * (same row shape and kinds as the settings table). `budgets.creditsPerMonth` is also the
 * `monthlyBudget` setting (usage alerts); `budgets.plan` is the `plan` setting.
 */
import { decimal, integer, Kind } from '../settings/kinds';
import { SETTINGS_TABLE, type Row } from '../settings/table';

export const BUDGETS_TABLE = {
  creditsPerTurn: {
    kind: decimal({ min: '0' }, '<credits>'),
    unit: 'credits',
    doc: 'credits one turn may cost (rule turn-over-budget)',
  },
  creditsPerConversation: {
    kind: decimal({ min: '0' }, '<credits>'),
    unit: 'credits',
    doc: 'credits one conversation may cost (rule conversation-over-budget)',
  },
  creditsPerMonth: {
    kind: SETTINGS_TABLE.monthlyBudget.kind,
    unit: 'credits',
    doc: 'credits a month may cost: usage alerts at 50/75/90/100 % and rule month-over-budget',
  },
  promptTokens: {
    kind: integer(1, 10_000_000),
    default: 8000,
    unit: 'tokens',
    doc: 'input tokens one LLM call may send (rule prompt-over-budget)',
  },
  maxOutputTokens: {
    kind: integer(1, 10_000_000),
    default: 1000,
    unit: 'tokens',
    doc: 'maxTokens above which rule high-output-cap fires',
  },
  spokenChars: {
    kind: integer(1, 10_000_000),
    default: 300,
    unit: 'characters',
    doc: 'characters of one static message in a voice project (rule voice-long-static-speech)',
  },
} satisfies Record<string, Row<unknown>>;

export type BudgetKey = keyof typeof BUDGETS_TABLE;

/** Budgets set in the project file (a rule whose budget has a default uses `BUDGET_DEFAULTS`). */
export type Budgets = {
  [K in BudgetKey]?: (typeof BUDGETS_TABLE)[K]['kind'] extends Kind<infer T> ? T : never;
};

/** Defaults of the budgets that have one. */
export const BUDGET_DEFAULTS = {
  promptTokens: BUDGETS_TABLE.promptTokens.default,
  maxOutputTokens: BUDGETS_TABLE.maxOutputTokens.default,
  spokenChars: BUDGETS_TABLE.spokenChars.default,
} as const;
