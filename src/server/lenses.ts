/**
 * Code lenses from a report: totals at the top, one lens on each step's own JSON object (cost,
 * or "free · why"), and each turn's min–max on the step where the turn starts.
 */
import type { CodeLens } from 'vscode-languageserver';
import { fmtCredits, fmtInt, fmtRange, fmtUsd } from '../core/report/display';
import type { JsonReport } from '../core/report/json';

export const SHOW_REPORT_COMMAND = 'agentCost.showReport';
export const FORMAT_COMMAND = 'agentCost.formatExport';

type Step = JsonReport['steps'][number];

/** Lens title of a step: cost, tokens and model for costly steps; "free · reason" otherwise. */
export function stepLensTitle(s: Step): string {
  if (s.class === 'unknown') return `unknown cost · ${s.reason}`;
  const calls = [...s.calls, ...s.replyCalls];
  if (calls.length > 0) {
    if (s.credits === null) return `unknown cost · ${s.model} is not in the rate card`;
    const approx = calls.some((c) => !c.tokens.exact) ? '≈' : '';
    return `≈${fmtCredits(s.credits)} credits · ${approx}${fmtInt(s.tokens.input)} in / ≤${fmtInt(s.tokens.outputMax)} out tokens · ${s.model}`;
  }
  if (s.spokenChars > 0) return `≈${fmtCredits(s.credits)} credits · ${fmtInt(s.spokenChars)} characters spoken`;
  if (s.class === 'waits') return `waits for the user · ${s.reason}`;
  return `free · ${s.reason}`;
}

export function totalsTitle(r: JsonReport): string {
  const c = r.conversation;
  const m = r.month;
  const lb = c.complete ? '' : '≥';
  return `Agent cost: ${lb}${fmtCredits(c.credits.expected)} credits/conversation (${lb}${fmtUsd(c.usd.expected)}) · ${lb}${fmtCredits(m.credits.expected)} credits/month (${lb}${fmtUsd(m.usd.expected)}) · ${m.plan ? `fits ${m.plan.name}` : 'over the listed plans'}`;
}

export function turnLensTitle(t: JsonReport['turns'][number]): string {
  const label = t.kind === 'launch' ? 'launch turn' : t.kind === 'entry' ? 'entry turn' : 'next turn';
  return `${label}: ${fmtRange(t.credits.min, t.credits.max, t.unbounded)} credits/turn${t.unbounded ? ' (loop: unbounded)' : ''}${t.complete ? '' : ' (lower bound)'}`;
}

/** True when most steps share lines (a minified export): lenses would pile up on one line. */
export function isMinified(r: JsonReport): boolean {
  const lines = new Set(r.steps.filter((s) => s.range).map((s) => s.range!.start.line));
  return r.steps.length > 3 && lines.size < r.steps.length / 2;
}

export function codeLenses(r: JsonReport, uri: string, showFree: boolean): CodeLens[] {
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const lenses: CodeLens[] = [
    { range: top, command: { title: totalsTitle(r), command: SHOW_REPORT_COMMAND, arguments: [uri] } },
  ];
  if (isMinified(r)) {
    lenses.push({
      range: top,
      command: {
        title: 'This export is on one line: format it so each step gets its own cost lens',
        command: FORMAT_COMMAND,
        arguments: [uri],
      },
    });
  }
  const turnsByStart = new Map<string, JsonReport['turns']>();
  for (const t of r.turns) turnsByStart.set(t.start, [...(turnsByStart.get(t.start) ?? []), t]);
  for (const s of r.steps) {
    if (!s.range) continue;
    const at = { start: s.range.start, end: s.range.start };
    const free = s.class === 'free' && s.spokenChars === 0;
    if (!free || showFree) lenses.push({ range: at, command: { title: stepLensTitle(s), command: '' } });
    for (const t of turnsByStart.get(s.id) ?? [])
      lenses.push({ range: at, command: { title: turnLensTitle(t), command: '' } });
  }
  return lenses;
}
