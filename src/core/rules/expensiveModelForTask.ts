import { Decimal } from '../pricing/money';
import { stepCalls, type Rule } from './rule';
import type { CallTask } from '../flow/types';
import { fmtCredits } from '../report/display';

/** Calls that classify, extract or set a value: a small model does the job. */
const SMALL_TASKS: ReadonlySet<CallTask> = new Set<CallTask>(['classify', 'extract', 'set']);
const TASK_NAMES: Record<CallTask, string> = {
  respond: 'reply',
  converse: 'conversation',
  classify: 'classification',
  extract: 'extraction',
  set: 'set-a-variable',
  evaluate: 'evaluation',
};
/** A "large" model: at least this many credits per 1K input tokens ($2.50 per 1M). */
const LARGE_INPUT_PER_1K = new Decimal('0.5');

export const expensiveModelForTask: Rule = {
  id: 'expensive-model-for-task',
  defaultSeverity: 'information',
  kind: 'opinion',
  summary:
    'A large model runs a task a small one does well: classification, AI Set, conditions, extraction, intent ' +
    'classification.',
  check: ({ analysis: a, rates }) => {
    const out = [];
    const large = (model: string) => {
      const r = rates.llm(model);
      return r?.priced && r.inputPer1K.gte(LARGE_INPUT_PER_1K) ? r : undefined;
    };
    for (const { step, call } of stepCalls(a)) {
      const r = SMALL_TASKS.has(call.task) ? large(call.model) : undefined;
      if (!r) continue;
      const cheaper = r.row.cheaper ?? 'gpt-4o-mini';
      out.push({
        group: call.model,
        stepId: step.id,
        range: step.range,
        path: call.modelPath,
        fix: { kind: 'model' as const, model: cheaper, path: call.modelPath },
        message:
          `${call.label} uses ${call.model} (${fmtCredits(r.inputPer1K)} credits per 1K input tokens) for a ` +
          `${TASK_NAMES[call.task]} task; ${cheaper} is usually enough.`,
      });
    }
    const ic = a.hidden.intentClassification;
    const r = ic ? large(ic.model) : undefined;
    if (ic && r)
      out.push({
        path: ic.modelPath,
        message:
          `Intent classification runs on ${ic.model} for every typed message; a small model ` +
          `(${r.row.cheaper ?? 'gpt-4o-mini'}) is usually enough.`,
      });
    return out;
  },
};
