/** What a cost rule is: id, default severity, kind, one-line summary, and a check over an Analysis. */
import type { Analysis, StepReport } from '../types';
import type { Budgets } from '../config/projectConfig';
import type { Rates } from '../pricing/rates';
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
  /**
   * Findings of a rule with the same `group` are the same finding on different steps: text and
   * Markdown output show them once ("history-growth on 11 steps"). Default: the message shape.
   */
  group?: string;
  stepId?: string;
  range?: Range;
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

/** The LLM calls of one run of each step. */
export function stepCalls(a: Analysis): { step: StepReport; call: LlmCall }[] {
  // One run's calls: an agent makes the same call on arrival and on each reply; rules judge it once.
  return a.steps.flatMap((step) => (step.calls.length ? step.calls : step.replyCalls).map((call) => ({ step, call })));
}
