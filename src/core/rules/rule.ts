/** What a cost rule is: id, default severity, kind, one-line summary, and a check over an Analysis. */
import type { Analysis, StepReport } from '../types';
import type { Budgets } from '../config/projectConfig';
import type { Rates } from '../pricing/rates';
import type { JsonPath } from '../flow/types';
import type { Fix, LlmCall, Range, Severity } from '../types';

/** `fact`: a cost that will happen; `opinion`: advice; `budget`: a configured limit is exceeded. */
export type RuleKind = 'fact' | 'opinion' | 'budget';

export interface RuleContext {
  analysis: Analysis;
  budgets: Budgets;
  rates: Rates;
}

export interface Finding {
  message: string;
  stepId?: string;
  range?: Range;
  /** The property the finding is about (`"model": …`); the analysis puts the range there. */
  path?: JsonPath;
  fix?: Fix;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  kind: RuleKind;
  /** One sentence; also the first line of docs/rules/<id>.md. */
  summary: string;
  check(ctx: RuleContext): Finding[];
}

/** Every distinct LLM call of each step (an agent makes the same call on arrival and on reply). */
export function stepCalls(a: Analysis): { step: StepReport; call: LlmCall }[] {
  return a.steps.flatMap((step) => {
    const seen = new Set<string>();
    return [...step.calls, ...step.replyCalls]
      .filter((c) => !seen.has(c.label) && !!seen.add(c.label))
      .map((call) => ({ step, call }));
  });
}
