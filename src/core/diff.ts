/**
 * Cost difference between two versions of an export (two JsonReports): steps added, removed and
 * changed (by step id), turns, conversation and month, with absolute and percent deltas.
 */
import { Decimal } from './pricing/money';
import { fmtCredits, fmtPercent, fmtUsd } from './report/display';
import type { JsonReport } from './report/json';
import { md, plain } from './report/escape';

export interface Delta {
  before: string | null;
  after: string | null;
  /** after − before (null when either is unknown). */
  delta: string | null;
  /** Percent change (null when unknown or before is 0). */
  percent: string | null;
}

export interface StepChange extends Delta {
  id: string;
  name: string;
  type: string;
  change: 'added' | 'removed' | 'changed';
  modelBefore: string | null;
  modelAfter: string | null;
}

export interface CostDiff {
  steps: StepChange[];
  turns: (Delta & { id: string; change: 'added' | 'removed' | 'changed' })[];
  conversation: Delta;
  month: Delta;
  monthUsd: Delta;
}

function delta(before: string | null, after: string | null): Delta {
  if (before === null || after === null) return { before, after, delta: null, percent: null };
  const b = new Decimal(before);
  const a = new Decimal(after);
  return {
    before,
    after,
    delta: a.minus(b).toString(),
    percent: b.isZero() ? null : a.minus(b).div(b).mul(100).toDecimalPlaces(2).toString(),
  };
}

export function diffReports(oldR: JsonReport, newR: JsonReport): CostDiff {
  const oldSteps = new Map(oldR.steps.map((s) => [s.id, s]));
  const newSteps = new Map(newR.steps.map((s) => [s.id, s]));
  const steps: StepChange[] = [];
  for (const s of newR.steps) {
    const o = oldSteps.get(s.id);
    if (!o) {
      if (s.credits !== '0')
        steps.push({
          id: s.id,
          name: s.name,
          type: s.type,
          change: 'added',
          modelBefore: null,
          modelAfter: s.model,
          ...delta('0', s.credits),
        });
    } else if (o.credits !== s.credits || o.model !== s.model) {
      steps.push({
        id: s.id,
        name: s.name,
        type: s.type,
        change: 'changed',
        modelBefore: o.model,
        modelAfter: s.model,
        ...delta(o.credits, s.credits),
      });
    }
  }
  for (const o of oldR.steps) {
    if (!newSteps.has(o.id) && o.credits !== '0')
      steps.push({
        id: o.id,
        name: o.name,
        type: o.type,
        change: 'removed',
        modelBefore: o.model,
        modelAfter: null,
        ...delta(o.credits, '0'),
      });
  }
  const oldTurns = new Map(oldR.turns.map((t) => [t.id, t]));
  const newTurns = new Map(newR.turns.map((t) => [t.id, t]));
  const turns: CostDiff['turns'] = [];
  for (const t of newR.turns) {
    const o = oldTurns.get(t.id);
    if (!o) turns.push({ id: t.id, change: 'added', ...delta('0', t.credits.expected) });
    else if (o.credits.expected !== t.credits.expected)
      turns.push({ id: t.id, change: 'changed', ...delta(o.credits.expected, t.credits.expected) });
  }
  for (const o of oldR.turns)
    if (!newTurns.has(o.id)) turns.push({ id: o.id, change: 'removed', ...delta(o.credits.expected, '0') });
  return {
    steps,
    turns,
    conversation: delta(oldR.conversation.credits.expected, newR.conversation.credits.expected),
    month: delta(oldR.month.credits.expected, newR.month.credits.expected),
    monthUsd: delta(oldR.month.usd.expected, newR.month.usd.expected),
  };
}

const signed = (d: string | null) =>
  d === null
    ? 'unknown'
    : new Decimal(d).gte(0)
      ? `+${fmtCredits(d)}`
      : `−${fmtCredits(new Decimal(d).abs().toString())}`;
const pct = (p: string | null) => (p === null ? '' : ` (${new Decimal(p).gte(0) ? '+' : ''}${p} %)`);

export function renderDiffTable(d: CostDiff): string {
  const out = [
    `Conversation: ${fmtCredits(d.conversation.before)} → ${fmtCredits(d.conversation.after)} credits ` +
      `(${signed(d.conversation.delta)}${pct(d.conversation.percent)})`,
    `Month: ${fmtCredits(d.month.before)} → ${fmtCredits(d.month.after)} credits, ${fmtUsd(d.monthUsd.before)} → ` +
      `${fmtUsd(d.monthUsd.after)} (${signed(d.month.delta)}${pct(d.month.percent)})`,
    '',
    `Steps (${d.steps.length} changed):`,
    ...d.steps.map(
      (s) =>
        `  ${s.change.padEnd(8)} ${plain(s.name, 30).padEnd(30)} ${plain(s.type, 24).padEnd(12)} ` +
        `${fmtCredits(s.before)} → ${fmtCredits(s.after)} (${signed(s.delta)})` +
        (s.modelBefore !== s.modelAfter && s.change === 'changed' ? ` model ${plain(modelChange(s), 80)}` : ''),
    ),
    '',
    `Turns (${d.turns.length} changed):`,
    ...d.turns.map(
      (t) =>
        `  ${t.change.padEnd(8)} ${plain(t.id, 40).padEnd(40)} ${fmtCredits(t.before)} → ${fmtCredits(t.after)} ` +
        `(${signed(t.delta)})`,
    ),
  ];
  return out.join('\n') + '\n';
}

export function renderDiffMarkdown(d: CostDiff): string {
  const out = [
    '## Agent cost diff',
    '',
    '| | before | after | change |',
    '|---|---:|---:|---:|',
    `| Credits per conversation | ${fmtCredits(d.conversation.before)} | ${fmtCredits(d.conversation.after)} | ` +
      `${signed(d.conversation.delta)}${pct(d.conversation.percent)} |`,
    `| Credits per month | ${fmtCredits(d.month.before)} | ${fmtCredits(d.month.after)} | ` +
      `${signed(d.month.delta)}${pct(d.month.percent)} |`,
    `| USD per month | ${fmtUsd(d.monthUsd.before)} | ${fmtUsd(d.monthUsd.after)} | |`,
    '',
  ];
  if (d.steps.length) {
    out.push('| step | type | change | credits per run | model |', '|---|---|---|---:|---|');
    for (const s of d.steps)
      out.push(
        `| ${md(s.name, 40)} | ${md(s.type, 40)} | ${s.change} | ${fmtCredits(s.before)} → ${fmtCredits(s.after)} ` +
          `(${signed(s.delta)}) | ${md(modelChange(s))} |`,
      );
  } else out.push('No step changed cost.');
  return out.join('\n') + '\n';
}

/** "gpt-4 → gpt-4o" when the model changed, else the one model (never "gpt-4 → gpt-4"). */
export function modelChange(s: Pick<StepChange, 'modelBefore' | 'modelAfter'>): string {
  return s.modelBefore === s.modelAfter ? (s.modelAfter ?? '-') : `${s.modelBefore ?? '-'} → ${s.modelAfter ?? '-'}`;
}

/** A diff row as people read it: rounded by the display formatter, signed change and percent. */
export interface DeltaLabels {
  before: string;
  after: string;
  change: string;
}

export interface DiffLabels {
  conversation: DeltaLabels;
  month: DeltaLabels;
  monthUsd: DeltaLabels;
  steps: (DeltaLabels & { model: string })[];
  turns: DeltaLabels[];
}

function labels(x: Delta, fmt: (v: string | null) => string = (v) => fmtCredits(v)): DeltaLabels {
  const change =
    x.delta === null
      ? 'unknown'
      : `${new Decimal(x.delta).gte(0) ? '+' : '−'}${fmt(new Decimal(x.delta).abs().toString())}${
          x.percent === null ? '' : ` (${fmtPercent(x.percent)})`
        }`;
  return { before: fmt(x.before), after: fmt(x.after), change };
}

/** Display labels of every figure of a diff (panels show these, never the exact strings). */
export function diffLabels(d: CostDiff): DiffLabels {
  return {
    conversation: labels(d.conversation),
    month: labels(d.month),
    monthUsd: labels(d.monthUsd, fmtUsd),
    steps: d.steps.map((s) => ({ ...labels(s), model: modelChange(s) })),
    turns: d.turns.map((t) => labels(t)),
  };
}
