/**
 * The custom requests of src/protocol.ts: the analysis and rendered report of a document, a
 * what-if on another model, every model's cost for the document, a monthly estimate, a git diff,
 * and the rate card's models.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CancellationToken } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { diffLabels, diffReports, renderDiffMarkdown } from '../core/diff';
import { Decimal } from '../core/pricing/money';
import { breakdown } from '../core/report/breakdown';
import { fmtCredits, fmtInt, fmtUsd } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import { renderCsv, renderMarkdown } from '../core/report/text';
import { gitShow } from '../node/git';
import { analyzeWithProject } from '../node/project';
import {
  ANALYSIS_REQUEST,
  AnalysisResult,
  DIFF_REQUEST,
  DiffParams,
  DiffResult,
  ESTIMATE_REQUEST,
  EstimateParams,
  EstimateResult,
  COST_MAP_REQUEST,
  CostMapResult,
  MODEL_COSTS_REQUEST,
  ModelCost,
  MODELS_REQUEST,
  ModelInfo,
  REPORT_REQUEST,
  ReportParams,
  ReportResult,
  UriParams,
  WHAT_IF_REQUEST,
  WhatIfParams,
  WhatIfResult,
} from '../protocol';
import { AnalysisStore, looksLikeExport, staleReason } from './analysisStore';
import { answering, Log } from './answer';
import { costMapResult } from './costMap';
import { turnName } from './lenses';

export function registerRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  log: Log,
): void {
  const on = <P, R>(method: string, handler: (p: P, token: CancellationToken) => R | Promise<R>) =>
    connection.onRequest(method, answering(method, log, handler));
  on(ANALYSIS_REQUEST, (p: UriParams) => analysisOf(store, documents, p));
  on(REPORT_REQUEST, (p: ReportParams) => renderedReport(store, p));
  on(WHAT_IF_REQUEST, (p: WhatIfParams) => whatIf(store, p));
  on(ESTIMATE_REQUEST, (p: EstimateParams) => monthlyEstimate(store, p));
  on(DIFF_REQUEST, (p: DiffParams) => diffWithGit(store, p));
  on(COST_MAP_REQUEST, (p: UriParams) => costMap(store, p));
  on(MODEL_COSTS_REQUEST, (p: UriParams, token: CancellationToken) => modelCosts(store, p, token));

  // Models with an unknown price cannot be tried (their cost would be unknown).
  on(MODELS_REQUEST, (): ModelInfo[] =>
    store.rates.card.llm.flatMap((row) => {
      const r = store.rates.llm(row.id);
      if (!r?.priced) return [];
      return [
        {
          id: row.id,
          vendor: row.vendor,
          inputPer1K: r.inputPer1K.toString(),
          outputPer1K: r.outputPer1K.toString(),
          checked: row.checked,
        },
      ];
    }),
  );
}

/** The newest analysis of an open export that could be analysed, else undefined. */
async function reportOf(store: AnalysisStore, uri: string) {
  const doc = await store.get(uri);
  return doc?.report ? { doc, report: doc.report } : undefined;
}

async function analysisOf(
  store: AnalysisStore,
  documents: TextDocuments<TextDocument>,
  p: UriParams,
): Promise<AnalysisResult | null> {
  const open = documents.get(p.uri);
  // An ordinary JSON file is answered at once: nothing to wait for.
  if (open && open.languageId === 'json' && !looksLikeExport(open.getText()))
    return { ok: false, version: open.version, error: 'Not a Voiceflow export', notAnExport: true };
  const now = await store.get(p.uri);
  if (!now) return null;
  // A half-typed edit: the last good figures, marked out of date.
  const stale = staleReason(now);
  const doc = stale ? now.lastGood! : now;
  if (doc.report) {
    const r = doc.report;
    const labels = {
      conversation: `${r.conversation.complete ? '' : '≥'}${fmtCredits(r.conversation.credits.expected)}`,
      conversationUsd: fmtUsd(r.conversation.usd.expected),
      month: fmtCredits(r.month.credits.expected),
      monthUsd: fmtUsd(r.month.usd.expected),
    };
    const turnNames = r.turns.map((t) => ({ id: t.id, name: turnName(r, t) }));
    const result: AnalysisResult = {
      ok: true,
      version: now.version,
      report: r,
      breakdown: breakdown(r),
      labels,
      turnNames,
      millis: now.millis,
    };
    return stale ? { ...result, stale } : result;
  }
  return {
    ok: false,
    version: doc.version,
    error: doc.error?.message ?? 'not analysed',
    notAnExport: doc.error?.notAnExport ?? false,
  };
}

async function renderedReport(store: AnalysisStore, p: ReportParams): Promise<ReportResult | null> {
  const r = (await reportOf(store, p.uri))?.report;
  if (!r) return null;
  const text =
    p.format === 'json' ? JSON.stringify(r, null, 2) + '\n' : p.format === 'csv' ? renderCsv(r) : renderMarkdown(r);
  return { text };
}

async function whatIf(store: AnalysisStore, p: WhatIfParams): Promise<WhatIfResult | null> {
  const found = await reportOf(store, p.uri);
  if (!found) return null;
  const { doc } = found;
  const base = p.conversationsPerMonth ? { conversationsPerMonth: p.conversationsPerMonth } : {};
  const totals = (r: JsonReport) => ({
    conversation: r.conversation.credits.expected,
    month: r.month.credits.expected,
    monthUsd: r.month.usd.expected,
  });
  const rerun = (extra: Record<string, unknown>) => {
    const again = store.analyseNow(doc.uri, doc.version, doc.text, extra, doc.doc);
    if (!again.report) throw new Error(again.error?.message ?? 'the what-if could not be analysed');
    return again.report;
  };
  // The cached analysis already is "before" unless the traffic differs.
  const before = p.conversationsPerMonth ? rerun(base) : found.report;
  const row = store.rates.findLlmRow(p.model);
  if (!row) {
    const error = `"${p.model}" is not in the rate card`;
    return { model: p.model, before: totals(before), after: null, summary: error, error };
  }
  const after = rerun({ ...base, modelOverride: row.id });
  const summary =
    `on ${row.id}, ${fmtCredits(after.conversation.credits.expected)} credits per conversation ` +
    `(now ${fmtCredits(before.conversation.credits.expected)}); ` +
    `${fmtCredits(after.month.credits.expected)} credits, ${fmtUsd(after.month.usd.expected)} per month ` +
    `(now ${fmtCredits(before.month.credits.expected)}, ${fmtUsd(before.month.usd.expected)})`;
  return { model: row.id, before: totals(before), after: totals(after), summary };
}

async function monthlyEstimate(store: AnalysisStore, p: EstimateParams): Promise<EstimateResult | null> {
  const found = await reportOf(store, p.uri);
  if (!found) return null;
  const { doc } = found;
  const again = store.analyseNow(
    doc.uri,
    doc.version,
    doc.text,
    { conversationsPerMonth: p.conversationsPerMonth },
    doc.doc,
  );
  if (!again.report) throw new Error(again.error?.message ?? 'the estimate could not be analysed');
  const m = again.report.month;
  const alerts = m.alerts.map((a) => `${a.percent}%: ${a.day === null ? 'not reached' : `day ${a.day}`}`).join(', ');
  const summary =
    `${fmtInt(p.conversationsPerMonth)} conversations/month ≈ ${fmtCredits(m.credits.expected)} ` +
    `credits (${fmtUsd(m.usd.expected)}); ` +
    `${m.plan ? `fits ${m.plan.name}` : 'more than the listed plans (Enterprise)'}` +
    `${m.budget ? `; alerts against ${fmtInt(m.budget.credits)} credits — ${alerts}` : ''}`;
  return { conversations: p.conversationsPerMonth, credits: m.credits.expected, usd: m.usd.expected, summary };
}

async function diffWithGit(store: AnalysisStore, p: DiffParams): Promise<DiffResult | null> {
  const found = await reportOf(store, p.uri);
  if (!found) return null;
  const u = URI.parse(p.uri);
  if (u.scheme !== 'file') return { ok: false, error: 'only files on disk can be compared with git' };
  const name = u.fsPath.split('/').pop();
  let oldText: string;
  try {
    oldText = gitShow(p.base, u.fsPath);
  } catch (e) {
    const msg = (e as Error).message;
    if (/exists on disk, but not in|does not exist in|not a git repository|invalid object name 'HEAD'/.test(msg)) {
      const where = /not a git repository/.test(msg) ? 'is not in a git repository' : `is not in ${p.base} yet`;
      return {
        ok: false,
        untracked: true,
        error: `${name} ${where} (untracked): commit it first to compare its cost with ${p.base}.`,
      };
    }
    // No such ref, or a ref that looks like an option.
    return { ok: false, error: msg };
  }
  try {
    const before = analyzeWithProject(oldText, found.doc.project, p.uri).report;
    const diff = diffReports(before, found.report);
    const turnNames: Record<string, string> = {};
    for (const t of before.turns) turnNames[t.id] = turnName(before, t);
    for (const t of found.report.turns) turnNames[t.id] = turnName(found.report, t);
    return { ok: true, diff, markdown: renderDiffMarkdown(diff), labels: diffLabels(diff), turnNames };
  } catch (e) {
    // The old version is not a valid export.
    return { ok: false, error: `${name} at ${p.base} cannot be analysed: ${(e as Error).message}` };
  }
}

async function costMap(store: AnalysisStore, p: UriParams): Promise<CostMapResult | null> {
  const doc = await store.get(p.uri);
  return doc ? costMapResult(doc) : null;
}

async function modelCosts(store: AnalysisStore, p: UriParams, token: CancellationToken): Promise<ModelCost[] | null> {
  const found = await reportOf(store, p.uri);
  if (!found) return null;
  const { doc, report } = found;
  const counts = new Map<string, number>();
  for (const s of report.steps)
    for (const c of [...s.calls, ...s.replyCalls]) counts.set(c.model, (counts.get(c.model) ?? 0) + 1);
  const now = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const out: ModelCost[] = [];
  const rates = doc.project.rates;
  for (const row of rates.card.llm) {
    if (token.isCancellationRequested) return null; // answered as cancelled
    const r = store.analyseNow(doc.uri, doc.version, doc.text, { modelOverride: row.id }, doc.doc).report;
    if (!r) continue;
    out.push({
      id: row.id,
      vendor: row.vendor,
      checked: row.checked,
      conversation: r.conversation.credits.expected,
      labels: {
        conversation: fmtCredits(r.conversation.credits.expected),
        month: fmtCredits(r.month.credits.expected),
        monthUsd: fmtUsd(r.month.usd.expected),
      },
      current: rates.findLlmRow(now ?? '')?.id === row.id,
    });
    // Yield between models so other requests (and cancellation) get through.
    await new Promise((res) => setImmediate(res));
  }
  return out.sort((a, b) => compareCredits(a.conversation, b.conversation));
}

/** Orders exact credit strings, unknown (null) last. */
function compareCredits(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return new Decimal(a).cmp(b);
}
