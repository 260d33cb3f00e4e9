/**
 * Inlay hints (`textDocument/inlayHint`): short figures at the end of the lines a builder edits —
 * the `"model"` line (credits per run), the `"maxTokens"` line (credits at the cap), each prompt
 * or instructions string (its own tokens) and the first line of each step that starts a turn.
 * Unlike code lenses, VS Code keeps inlay hints on for very large files.
 *
 * Every figure comes from the analysis and is rounded by the one display formatter. Positions
 * come from the core's path locator, computed once per analysis (one pass over the text).
 */
import { InlayHint, InlayHintKind, MarkupKind, Range } from 'vscode-languageserver';
import { sumKnown } from '../core/cost/callPricing';
import type { JsonPath } from '../core/flow/types';
import { locatePaths } from '../core/json/locate';
import { fmtCredits, fmtInt, fmtRange } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import type { LlmCall, StepReport } from '../core/types';
import type { DocumentAnalysis } from './analysisStore';
import { isMinified, turnName } from './lenses';
import { prose } from './prose';

interface HintAt {
  /** Offset the hint goes after. */
  offset: number;
  label: string;
  tooltip: string;
}

const cache = new WeakMap<DocumentAnalysis, InlayHint[]>();
const key = (p: JsonPath) => JSON.stringify(p);
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** Calls of a step grouped by the path of one of their settings (arrival and reply calls together). */
function byPath(step: StepReport, pick: (c: LlmCall) => JsonPath | undefined): Map<string, LlmCall[]> {
  const m = new Map<string, LlmCall[]>();
  for (const c of [...step.calls, ...step.replyCalls]) {
    const p = pick(c);
    if (!p) continue;
    const k = key(p);
    m.set(k, [...(m.get(k) ?? []), c]);
  }
  return m;
}

/** "≈1.49" for one value, "≈0.2–1.49" when steps sharing a setting (an agent's) differ. */
function figure(values: (string | null)[]): string {
  if (values.some((v) => v === null)) return 'unknown';
  const sorted = [...new Set(values as string[])].sort((a, b) => Number(a) - Number(b));
  return `≈${fmtRange(sorted[0], sorted[sorted.length - 1])}`;
}

/** The credits of each `"model"` or `"maxTokens"` setting, and the steps that share it. */
type Figures = Map<string, { credits: (string | null)[]; steps: Set<string> }>;
/** The tokens of each prompt or instructions string on its own, and the steps that use it. */
type Sources = Map<string, { tokens: number; exact: boolean; what: string; steps: Set<string> }>;

/** What the hints on settings show, by JSON path key, with each path. */
interface SettingFigures {
  paths: Map<string, JsonPath>;
  model: Figures;
  cap: Figures;
  sources: Sources;
}

/** Every hint of the document (cached per analysis). */
export function allInlayHints(doc: DocumentAnalysis): InlayHint[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  const a = doc.analysis;
  const r = doc.report;
  if (!a || !r || isMinified(r)) return [];
  const settings = collectSettings(a.steps);
  const hints = [...settingHints(settings, pathEnds(doc, settings.paths)), ...turnHints(doc, r)];
  const out = hints.sort((x, y) => x.offset - y.offset).map((h) => toInlayHint(doc, h));
  cache.set(doc, out);
  return out;
}

/** Adds a step's figure for the setting `k`. */
function addFigure(m: Figures, k: string, value: string | null, step: string): void {
  const e = m.get(k) ?? { credits: [], steps: new Set() };
  e.credits.push(value);
  e.steps.add(step);
  m.set(k, e);
}

/** Gathers the figures of each model, maxTokens and prompt setting over every step's calls. */
function collectSettings(steps: StepReport[]): SettingFigures {
  const s: SettingFigures = { paths: new Map(), model: new Map(), cap: new Map(), sources: new Map() };
  for (const step of steps) {
    for (const [k, calls] of byPath(step, (c) => c.modelPath)) {
      s.paths.set(k, calls[0].modelPath!);
      addFigure(s.model, k, sumKnown(calls.map((c) => c.credits))?.toString() ?? null, step.name);
    }
    for (const [k, calls] of byPath(step, (c) => c.maxTokensPath)) {
      if (!calls.some((c) => c.maxTokensSet)) continue;
      s.paths.set(k, calls[0].maxTokensPath!);
      addFigure(s.cap, k, sumKnown(calls.map((c) => c.creditsMax))?.toString() ?? null, step.name);
    }
    for (const c of [...step.calls, ...step.replyCalls])
      for (const src of c.sources) {
        if (src.tokens === null || src.tokens === 0) continue;
        const k = key(src.path);
        s.paths.set(k, src.path);
        const e = s.sources.get(k) ?? { tokens: src.tokens, exact: c.exact, what: src.what, steps: new Set() };
        e.steps.add(step.name);
        s.sources.set(k, e);
      }
  }
  return s;
}

/** The end offset of each path's value in the text (paths the text does not hold are left out). */
function pathEnds(doc: DocumentAnalysis, paths: Map<string, JsonPath>): Map<string, number> {
  const keys = [...paths.keys()];
  const spans = locatePaths(
    doc.text,
    keys.map((k) => paths.get(k)!),
  );
  const found = new Map<string, number>();
  keys.forEach((k, i) => {
    const s = spans[i];
    if (s && s.depth === paths.get(k)!.length) found.set(k, s.end);
  });
  return found;
}

/** Up to five step names, for a tooltip. */
function stepNames(steps: Set<string>): string {
  return [...steps]
    .slice(0, 5)
    .map((n) => prose(n, 80))
    .join(', ');
}

/** The hints after each model, maxTokens and prompt setting found in the text. */
function settingHints(s: SettingFigures, found: Map<string, number>): HintAt[] {
  const hints: HintAt[] = [];
  const at = (k: string, hint: Omit<HintAt, 'offset'>) => {
    const offset = found.get(k);
    if (offset !== undefined) hints.push({ offset, ...hint });
  };
  for (const [k, e] of s.model)
    at(k, {
      label: `${figure(e.credits)} cr/run`,
      tooltip: `Credits per run of ${stepNames(e.steps)} on this model (expected output).`,
    });
  for (const [k, e] of s.cap)
    at(k, {
      label: `max ${figure(e.credits).replace('≈', '')} cr`,
      tooltip: `Credits per run of ${stepNames(e.steps)} when the answer uses every token maxTokens allows.`,
    });
  for (const [k, e] of s.sources)
    at(k, {
      label: `${e.exact ? '' : '≈'}${fmtInt(e.tokens)} tok`,
      tooltip:
        `Tokens of this ${prose(e.what, 80)} on its own (variables and history not counted), ` +
        `in ${stepNames(e.steps)}.`,
    });
  return hints;
}

/** A hint at the end of the first line of each step that starts a turn: the turn's credits. */
function turnHints(doc: DocumentAnalysis, r: JsonReport): HintAt[] {
  const stepById = new Map(r.steps.map((s) => [s.id, s]));
  const hints: HintAt[] = [];
  for (const t of r.turns) {
    const step = stepById.get(t.start);
    if (!step?.range) continue;
    const lineEnd = doc.lines.offset({ line: step.range.start.line + 1, character: 0 }) - 1;
    hints.push({
      offset: Math.max(lineEnd, doc.lines.offset(step.range.start)),
      label: `${short(turnName(r, t))}: ${fmtRange(t.credits.min, t.credits.max, t.unbounded)} cr/turn`,
      tooltip:
        'Credits of the turn that starts at this step: min–max over its branches ' +
        `(expected ${fmtCredits(t.credits.expected)}).`,
    });
  }
  return hints;
}

/** The LSP hint; after a trailing comma, so the hint sits at the end of the line. */
function toInlayHint(doc: DocumentAnalysis, h: HintAt): InlayHint {
  const end = doc.text.charCodeAt(h.offset) === 44 ? h.offset + 1 : h.offset;
  return {
    position: doc.lines.position(end),
    label: h.label,
    kind: InlayHintKind.Parameter,
    paddingLeft: true,
    tooltip: { kind: MarkupKind.Markdown, value: h.tooltip },
  };
}

/** The hints inside `range` (editors ask for the visible lines). */
export function inlayHints(doc: DocumentAnalysis, range: Range): InlayHint[] {
  return allInlayHints(doc).filter((h) => h.position.line >= range.start.line && h.position.line <= range.end.line);
}

/**
 * Hints of the last good analysis while the text does not parse: each label says "out of date"
 * and each tooltip why ("JSON error at line 4397").
 */
export function staleHints(hints: InlayHint[], reason: string): InlayHint[] {
  return hints.map((h) => ({
    ...h,
    label: `${String(h.label)} · out of date`,
    tooltip: {
      kind: MarkupKind.Markdown,
      value:
        `**Out of date: ${reason}.** The figures of the last version that parsed.\n\n` +
        (typeof h.tooltip === 'string' ? h.tooltip : (h.tooltip?.value ?? '')),
    },
  }));
}
