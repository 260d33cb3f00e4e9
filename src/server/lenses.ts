/**
 * Code lenses from a report: totals at the top, one lens on each costly step's own JSON object
 * (named after the step), and each turn's min–max on the step where the turn starts. Free steps
 * get a lens only when the user asks for them. A minified export gets one lens that offers to
 * format it instead of dozens piled on line 1.
 */
import type { CodeLens } from 'vscode-languageserver';
import { fmtCredits, fmtInt, fmtRange, fmtUsd } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import { callersOf, splitState } from '../core/turns/walk';
import { SERVER_FORMAT_COMMAND, SERVER_SHOW_REPORT_COMMAND } from '../protocol';

type Step = JsonReport['steps'][number];
type Turn = JsonReport['turns'][number];

/** True for a step that costs nothing by itself (no LLM call, nothing spoken, not unknown). */
export function isFreeStep(s: Step): boolean {
  return (s.class === 'free' || s.class === 'waits') && s.calls.length + s.replyCalls.length === 0 && !s.spokenChars;
}

/** Whether a step is reachable from an entry (the engine's `reachable`, when the report has it). */
export function isUnreachable(s: Step): boolean {
  return (s as { reachable?: boolean }).reachable === false;
}

/** Lens title of a step: its name, then cost and model ("Ask about fees · ≈0.083 cr · gpt-4o-mini"). */
export function stepLensTitle(s: Step): string {
  const name = s.name;
  const off = isUnreachable(s) ? ' · unreachable' : '';
  if (s.class === 'unknown') return `${name} · unknown cost · ${s.reason}${off}`;
  const calls = [...s.calls, ...s.replyCalls];
  if (calls.length > 0) {
    if (s.credits === null) return `${name} · unknown cost · ${s.model} is not in the rate card${off}`;
    return `${name} · ≈${fmtCredits(s.credits)} cr · ${s.model}${off}`;
  }
  if (s.spokenChars > 0)
    return `${name} · ≈${fmtCredits(s.credits)} cr · ${fmtInt(s.spokenChars)} characters spoken${off}`;
  if (s.class === 'waits') return `${name} · waits for the user · ${s.reason}${off}`;
  return `${name} · free · ${s.reason}${off}`;
}

export function totalsTitle(r: JsonReport): string {
  const c = r.conversation;
  const m = r.month;
  const lb = c.complete ? '' : '≥';
  const conv = `${lb}${fmtCredits(c.credits.expected)} credits/conversation (${lb}${fmtUsd(c.usd.expected)})`;
  const month = `${lb}${fmtCredits(m.credits.expected)} credits/month (${lb}${fmtUsd(m.usd.expected)})`;
  return `Agent cost: ${conv} · ${month} · ${m.plan ? `fits ${m.plan.name}` : 'over the listed plans'}`;
}

/**
 * The name of a turn: the report's own (`turns[].name`, from the intent, block or agent) when it
 * has one, else the name of the step the turn starts at. Two turns with one name (the same wait
 * reached inside a component and outside it) are told apart: "… (via <calling block>)", or a number.
 */
export function turnName(r: JsonReport, t: Turn): string {
  let names = named.get(r);
  if (!names) named.set(r, (names = turnNames(r)));
  return names.get(t.id) ?? baseName(t, stepsById(r));
}

const named = new WeakMap<JsonReport, Map<string, string>>();

function baseName(t: Turn, steps: Map<string, Step>): string {
  const own = (t as { name?: string }).name;
  if (own) return own;
  if (t.kind === 'launch') return 'Launch';
  return `${t.kind === 'entry' ? 'Entry' : 'Reply to'} ${steps.get(t.start)?.name ?? t.start}`;
}

/** The report's steps by id (the first of a repeated id, as a search from the start finds); once per report. */
function stepsById(r: JsonReport): Map<string, Step> {
  let m = byId.get(r);
  if (m) return m;
  byId.set(r, (m = new Map<string, Step>()));
  for (const s of r.steps) if (!m.has(s.id)) m.set(s.id, s);
  return m;
}

const byId = new WeakMap<JsonReport, Map<string, Step>>();

/** Every turn's name by id, duplicates told apart (see turnName). */
function turnNames(r: JsonReport): Map<string, string> {
  const steps = stepsById(r);
  const byName = new Map<string, Turn[]>();
  for (const t of r.turns) {
    const n = baseName(t, steps);
    const list = byName.get(n);
    if (list) list.push(t);
    else byName.set(n, [t]);
  }
  const stepName = (id: string) => {
    const s = steps.get(id);
    return s ? ((s as { block?: { name?: string } | null }).block?.name ?? s.name) : undefined;
  };
  const out = new Map<string, string>();
  for (const [n, turns] of byName) {
    if (turns.length === 1) {
      out.set(turns[0].id, n);
      continue;
    }
    const labels = turns.map((t) => {
      const caller = stepName(callersOf(splitState(t.id.replace(/^entry:/, '')).ctx).pop() ?? '');
      return caller ? `${n} (via ${caller})` : n;
    });
    // How many turns carry each label, and how many of them came before (numbers tell clashes apart).
    const total = new Map<string, number>();
    for (const l of labels) total.set(l, (total.get(l) ?? 0) + 1);
    const seen = new Map<string, number>();
    turns.forEach((t, i) => {
      const l = labels[i];
      const k = (seen.get(l) ?? 0) + 1;
      seen.set(l, k);
      out.set(t.id, total.get(l)! > 1 ? `${l} (${k})` : l);
    });
  }
  return out;
}

export function turnLensTitle(r: JsonReport, t: Turn): string {
  const range = fmtRange(t.credits.min, t.credits.max, t.unbounded);
  const notes = `${t.unbounded ? ' (loop: unbounded)' : ''}${t.complete ? '' : ' (lower bound)'}`;
  return `${turnName(r, t)}: ${range} cr/turn${notes}`;
}

/** True when most steps share lines (a minified export): lenses would pile up on one line. */
export function isMinified(r: JsonReport): boolean {
  const lines = new Set(r.steps.filter((s) => s.range).map((s) => s.range!.start.line));
  return r.steps.length > 3 && lines.size < r.steps.length / 2;
}

/** Lenses already made for a report (an editor asks again after every scroll and refresh). */
const made = new WeakMap<JsonReport, Map<string, CodeLens[]>>();

/** The lenses of a report (made once per report, uri and showFree; callers must not change them). */
export function codeLenses(r: JsonReport, uri: string, showFree: boolean): CodeLens[] {
  let byKey = made.get(r);
  if (!byKey) made.set(r, (byKey = new Map()));
  const key = `${showFree}\u0000${uri}`;
  let lenses = byKey.get(key);
  if (!lenses) byKey.set(key, (lenses = makeCodeLenses(r, uri, showFree)));
  return lenses;
}

function makeCodeLenses(r: JsonReport, uri: string, showFree: boolean): CodeLens[] {
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const lb = r.conversation.complete ? '' : '≥';
  if (isMinified(r)) {
    return [
      {
        range: top,
        command: {
          title:
            `Agent cost: ${lb}${fmtCredits(r.conversation.credits.expected)} credits/conversation · ` +
            'this export is on one line: format it (2-space indent) for a lens on each step',
          command: SERVER_FORMAT_COMMAND,
          arguments: [uri],
        },
      },
    ];
  }
  const lenses: CodeLens[] = [
    { range: top, command: { title: totalsTitle(r), command: SERVER_SHOW_REPORT_COMMAND, arguments: [uri] } },
  ];
  const turnsByStart = new Map<string, Turn[]>();
  for (const t of r.turns) {
    const list = turnsByStart.get(t.start);
    if (list) list.push(t);
    else turnsByStart.set(t.start, [t]);
  }
  for (const s of r.steps) {
    if (!s.range) continue;
    const at = { start: s.range.start, end: s.range.start };
    if (!isFreeStep(s) || showFree) lenses.push({ range: at, command: { title: stepLensTitle(s), command: '' } });
    for (const t of turnsByStart.get(s.id) ?? [])
      lenses.push({ range: at, command: { title: turnLensTitle(r, t), command: '' } });
  }
  return lenses;
}

/**
 * Lenses of the last good analysis while the text does not parse: the first says why the figures
 * are out of date ("JSON error at line 4397"), every other one says "out of date", so the lens
 * next to the line being typed says it too.
 */
export function staleLenses(lenses: CodeLens[], reason: string): CodeLens[] {
  return lenses.map((l, i) => ({
    ...l,
    command: {
      ...l.command!,
      title: i === 0 ? `Out of date (${reason}) · ${l.command!.title}` : `${l.command!.title} · out of date`,
    },
  }));
}
