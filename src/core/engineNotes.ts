/**
 * The engine's own findings, beside the cost rules': recursion, loops without LLM cost, how models
 * were priced, and the summary of steps no conversation runs (whose findings are dropped).
 */
import type { Flow } from './flow/types';
import type { Rates } from './pricing/rates';
import type { Loop } from './turns/walk';
import type { Analysis, Diagnostic, StepReport } from './types';

/** A warning for each component step that calls itself (the recursive call is not followed). */
export function recursionDiagnostics(recursion: Iterable<string>, flow: Flow): Diagnostic[] {
  return [...recursion].map((id) => ({
    rule: 'component-recursion',
    severity: 'warning',
    message:
      `Component step ${id} calls itself (directly or through other components); ` +
      'the recursive call is not followed',
    stepId: id,
    range: flow.steps.get(id)?.range,
  }));
}

/**
 * Findings about steps no conversation runs (templates, orphan blocks) are dropped: they cost
 * nothing. One information summary says how many steps that is.
 */
export function withoutUnreachable(diagnostics: Diagnostic[], steps: StepReport[]): Diagnostic[] {
  const unreachable = new Set(steps.filter((s) => !s.reachable).map((s) => s.id));
  if (unreachable.size === 0) return diagnostics;
  const kept = diagnostics.filter((d) => d.stepId === undefined || !unreachable.has(d.stepId));
  const priced = steps.filter((s) => !s.reachable && s.credits !== null && !s.credits.isZero()).length;
  kept.push({
    rule: 'unreachable-steps',
    severity: 'information',
    message:
      `${unreachable.size} step(s) can never run (canvas templates, orphan blocks, blocks no path reaches)` +
      `${priced ? `, ${priced} of them with a cost` : ''}: they are left out of every total.`,
  });
  return kept;
}

/**
 * Notes about how models were priced: speech-to-speech models at their text rates (audio is not
 * estimated), and priority processing on a vendor without a priority tier (standard rate). One
 * note per model.
 */
export function modelNotes(steps: StepReport[], hidden: Analysis['hidden'], rates: Rates): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const calls = [...steps.flatMap((s) => [...s.calls, ...s.replyCalls]), ...Object.values(hidden)];
  for (const c of calls) {
    if (!c || seen.has(c.model)) continue;
    seen.add(c.model);
    const row = c.rateId ? rates.llmById(c.rateId) : undefined;
    if (row?.speechToSpeech)
      out.push({
        rule: 'audio-not-estimated',
        severity: 'information',
        message:
          `${c.model} is a speech-to-speech model: priced at its text-token rates; ` +
          'its audio tokens are not estimated, so the real cost is higher.',
      });
    if (c.priority === 'no priority tier: standard rate')
      out.push({
        rule: 'priority-processing',
        severity: 'information',
        message:
          `Priority processing is on, but ${c.model}'s vendor has no documented priority tier: ` +
          'priced at its standard rate.',
      });
  }
  return out;
}

/** Loops without LLM cost (costly ones are the llm-in-loop rule's). */
export function loopDiagnostics(loops: Loop[], flow: Flow): Diagnostic[] {
  return loops
    .filter((l) => l.passCost !== null && l.passCost.isZero())
    .map((l) => {
      const head = flow.steps.get(l.steps[0]);
      return {
        rule: 'loop',
        severity: 'information',
        message: `Loop of ${l.steps.length} step(s) without LLM cost runs before the user speaks`,
        stepId: head?.id,
        range: head?.range,
      };
    });
}
