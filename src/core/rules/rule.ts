/** What a cost rule is: id, default severity, kind, one-line summary, and a check over an Analysis. */
import type { Budgets } from '../config/projectConfig';
import type { Rates } from '../pricing/rates';
import type { Analysis, Diagnostic, LlmCall, Severity, StepReport } from '../types';

/** `fact`: a cost that will happen; `opinion`: advice; `budget`: a configured limit is exceeded. */
export type RuleKind = 'fact' | 'opinion' | 'budget';

export interface RuleContext {
  analysis: Analysis;
  budgets: Budgets;
  rates: Rates;
  /** Today's date (YYYY-MM-DD) from the caller, if any (the core has no clock). */
  today?: string;
}

/** What a rule's check finds; the analysis adds the rule's id and severity (a Diagnostic). */
export type Finding = Omit<Diagnostic, 'rule' | 'severity'>;

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  kind: RuleKind;
  /** One sentence; also the first line of docs/rules/<id>.md. */
  summary: string;
  check(ctx: RuleContext): Finding[];
}

/** The LLM calls of one run of each step. */
export function stepCalls(a: Analysis): readonly { step: StepReport; call: LlmCall }[] {
  // Nine rules ask, for every step of the same analysis: listed once per analysis.
  const list = listed.get(a);
  if (list && list.steps === a.steps) return list.calls;
  // One run's calls: an agent makes the same call on arrival and on each reply; rules judge it once.
  const calls = a.steps.flatMap((step) =>
    (step.calls.length ? step.calls : step.replyCalls).map((call) => ({ step, call })),
  );
  listed.set(a, { steps: a.steps, calls });
  return calls;
}

const listed = new WeakMap<Analysis, { steps: StepReport[]; calls: { step: StepReport; call: LlmCall }[] }>();
