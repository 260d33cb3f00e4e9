/**
 * Figures for the editor's charts and tree, from a JsonReport: credits per turn, per-run step
 * cost by model and by category, the per-conversation split and the monthly projection against
 * the plan. Values are exact decimal strings; `label`s are rounded for display.
 */
import { Decimal } from '../pricing/money';
import { fmtCredits, fmtRange, fmtUsd } from './display';
import type { JsonReport } from './json';

export interface Bar {
  key: string;
  value: string;
  label: string;
  /** Length of the bar in whole percent of the longest bar of its chart (0–100), for drawing. */
  width: number;
}

export interface Breakdown {
  perTurn: (Bar & { min: string; max: string; unbounded: boolean; start: string; range: string })[];
  /** Display label of each step's credits per run ("free", "unknown", "0.0123"). */
  stepLabels: Record<string, string>;
  /** Step ids, dearest per run first (unknown cost first of all). */
  stepsByCost: string[];
  byModel: Bar[];
  byCategory: Bar[];
  month: {
    expected: string;
    label: string;
    usdLabel: string;
    budget: number | null;
    budgetLabel: string | null;
    budgetSource: string | null;
    /** The plan the budget comes from, when it is a plan's allotment. */
    planName: string | null;
    /** Positions on the chart, in whole percent of its width (the scale leaves 10 % room). */
    expectedAt: number;
    thresholds: { percent: number; credits: number; label: string; day: number | null; at: number }[];
  };
  conversation: { label: string; usdLabel: string; complete: boolean };
}

const d = (s: string | null) => new Decimal(s ?? 0);

/** The editor's charts and tree for one report (see the file comment). */
export function breakdown(r: JsonReport): Breakdown {
  const stepLabels: Record<string, string> = {};
  for (const s of r.steps) stepLabels[s.id] = stepLabel(s);
  const { byModel, byCategory } = spendBars(r);
  return {
    perTurn: perTurnBars(r),
    stepLabels,
    stepsByCost: stepsByCost(r),
    byModel,
    byCategory,
    month: monthProjection(r),
    conversation: {
      label: fmtCredits(r.conversation.credits.expected),
      usdLabel: fmtUsd(r.conversation.usd.expected),
      complete: r.conversation.complete,
    },
  };
}

/** One bar per turn, dearest first (the chart and the tree read it in this order). */
function perTurnBars(r: JsonReport): Breakdown['perTurn'] {
  const bars = r.turns.map((t) => ({
    key: t.id,
    value: t.credits.expected,
    label: fmtCredits(t.credits.expected),
    min: t.credits.min,
    max: t.credits.max,
    unbounded: t.unbounded,
    start: t.start,
    range: fmtRange(t.credits.min, t.credits.max, t.unbounded),
  }));
  return withWidths(bars.sort((a, b) => new Decimal(b.value).cmp(a.value)));
}

/** A step's credits per run for display: "unknown", "waits", "free" or the rounded figure. */
function stepLabel(s: JsonReport['steps'][number]): string {
  if (s.credits === null) return 'unknown';
  if (s.credits === '0') return s.class === 'waits' ? 'waits' : 'free';
  return fmtCredits(s.credits);
}

/** Step ids, dearest per run first (unknown cost first of all). */
function stepsByCost(r: JsonReport): string[] {
  return [...r.steps]
    .sort((a, b) =>
      a.credits === null || b.credits === null
        ? Number(b.credits === null) - Number(a.credits === null)
        : new Decimal(b.credits).cmp(a.credits),
    )
    .map((s) => s.id);
}

/** Credits per run by model and by category (LLM steps, agent turns, spoken messages, hidden calls). */
function spendBars(r: JsonReport): { byModel: Bar[]; byCategory: Bar[] } {
  const models = new Map<string, Decimal>();
  const categories = new Map<string, Decimal>();
  const add = (m: Map<string, Decimal>, k: string, v: Decimal) => m.set(k, (m.get(k) ?? new Decimal(0)).plus(v));
  for (const s of r.steps) {
    for (const c of [...s.calls, ...s.replyCalls]) add(models, c.model, d(c.credits));
    if (s.calls.length || s.replyCalls.length)
      add(categories, s.type === 'agent' ? 'agent turns' : 'LLM steps', d(s.credits));
    else if (s.spokenChars > 0) add(categories, 'spoken static messages (TTS)', d(s.credits));
  }
  const ic = r.hidden.intentClassification;
  if (ic) add(categories, 'intent classification (per typed message)', d(ic.credits));
  const nm = r.hidden.noMatch;
  if (nm) add(categories, 'no-match fallback (when it happens)', d(nm.credits));
  return { byModel: bars(models), byCategory: bars(categories) };
}

/** Bars of a sum per key, largest first. */
function bars(m: Map<string, Decimal>): Bar[] {
  return withWidths(
    [...m]
      .sort((a, b) => b[1].cmp(a[1]))
      .map(([key, v]) => ({ key, value: v.toString(), label: fmtCredits(v.toString()) })),
  );
}

/** Adds each bar's width in whole percent of the longest bar (at least 1 for a non-zero value). */
function withWidths<T extends Omit<Bar, 'width'>>(bars: T[]): (T & { width: number })[] {
  const top = bars.reduce((m, b) => Decimal.max(m, new Decimal(b.value)), new Decimal(0));
  return bars.map((b) => {
    const v = new Decimal(b.value);
    const w = top.isZero() ? 0 : v.div(top).mul(100).round().toNumber();
    return { ...b, width: v.gt(0) ? Math.max(1, w) : 0 };
  });
}

/** The monthly projection against the budget line and its alert marks (positions in % of the bar). */
function monthProjection(r: JsonReport): Breakdown['month'] {
  const budget = r.month.budget?.credits ?? null;
  const expected = new Decimal(r.month.credits.expected);
  const scale = Decimal.max(expected, budget ?? 0).mul('1.1');
  const at = (v: Decimal | number) => (scale.isZero() ? 0 : new Decimal(v).div(scale).mul(100).round().toNumber());
  return {
    expected: r.month.credits.expected,
    label: fmtCredits(r.month.credits.expected),
    usdLabel: fmtUsd(r.month.usd.expected),
    budget,
    budgetLabel: budget === null ? null : fmtCredits(budget),
    budgetSource: r.month.budget?.source ?? null,
    planName: r.month.plan?.name ?? null,
    expectedAt: at(expected),
    thresholds: r.month.alerts.map((a) => {
      const credits = budget === null ? new Decimal(0) : new Decimal(budget).mul(a.percent).div(100);
      return {
        percent: a.percent,
        credits: credits.toNumber(),
        label: fmtCredits(credits),
        day: a.day,
        at: at(credits),
      };
    }),
  };
}
