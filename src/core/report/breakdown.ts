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
}

export interface Breakdown {
  perTurn: (Bar & { min: string; max: string; unbounded: boolean; start: string; range: string })[];
  /** Display label of each step's credits per run ("free", "unknown", "0.0123"). */
  stepLabels: Record<string, string>;
  byModel: Bar[];
  byCategory: Bar[];
  month: {
    expected: string;
    label: string;
    budget: number | null;
    budgetSource: string | null;
    thresholds: { percent: number; credits: number; day: number | null }[];
  };
  conversation: { label: string; usdLabel: string; complete: boolean };
}

const d = (s: string | null) => new Decimal(s ?? 0);

export function breakdown(r: JsonReport): Breakdown {
  const perTurn = r.turns.map((t) => ({
    key: t.id,
    value: t.credits.expected,
    label: fmtCredits(t.credits.expected),
    min: t.credits.min,
    max: t.credits.max,
    unbounded: t.unbounded,
    start: t.start,
    range: fmtRange(t.credits.min, t.credits.max, t.unbounded),
  }));
  const stepLabels: Record<string, string> = {};
  for (const s of r.steps)
    stepLabels[s.id] =
      s.credits === null
        ? 'unknown'
        : s.credits === '0'
          ? s.class === 'waits'
            ? 'waits'
            : 'free'
          : fmtCredits(s.credits);
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
  const bars = (m: Map<string, Decimal>): Bar[] =>
    [...m]
      .sort((a, b) => b[1].cmp(a[1]))
      .map(([key, v]) => ({ key, value: v.toString(), label: fmtCredits(v.toString()) }));
  const budget = r.month.budget?.credits ?? null;
  return {
    perTurn,
    stepLabels,
    byModel: bars(models),
    byCategory: bars(categories),
    month: {
      expected: r.month.credits.expected,
      label: fmtCredits(r.month.credits.expected),
      budget,
      budgetSource: r.month.budget?.source ?? null,
      thresholds: r.month.alerts.map((a) => ({
        percent: a.percent,
        credits: budget === null ? 0 : (budget * a.percent) / 100,
        day: a.day,
      })),
    },
    conversation: {
      label: fmtCredits(r.conversation.credits.expected),
      usdLabel: fmtUsd(r.conversation.usd.expected),
      complete: r.conversation.complete,
    },
  };
}
