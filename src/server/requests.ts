/**
 * The custom requests of src/protocol.ts: the analysis and rendered report of a document, a
 * what-if on another model, a monthly estimate, a git diff, and the rate card's models.
 */
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { diffReports, renderDiffMarkdown } from '../core/diff';
import { breakdown } from '../core/report/breakdown';
import { fmtCredits, fmtUsd } from '../core/report/display';
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
import type { AnalysisStore } from './analysisStore';
import { answering, Log } from './answer';

export function registerRequests(connection: Connection, store: AnalysisStore, log: Log): void {
  const on = <P, R>(method: string, handler: (p: P) => R | Promise<R>) =>
    connection.onRequest(method, answering(method, log, handler));
  /** The newest analysis of an open export that could be analysed, else undefined. */
  const reportOf = async (uri: string) => {
    const doc = await store.get(uri);
    return doc?.report ? { doc, report: doc.report } : undefined;
  };

  on(ANALYSIS_REQUEST, async (p: UriParams): Promise<AnalysisResult | null> => {
    const doc = await store.get(p.uri);
    if (!doc) return null;
    if (doc.report) {
      const r = doc.report;
      const labels = {
        conversation: `${r.conversation.complete ? '' : '≥'}${fmtCredits(r.conversation.credits.expected)}`,
        conversationUsd: fmtUsd(r.conversation.usd.expected),
        month: fmtCredits(r.month.credits.expected),
        monthUsd: fmtUsd(r.month.usd.expected),
      };
      return { ok: true, version: doc.version, report: r, breakdown: breakdown(r), labels };
    }
    return {
      ok: false,
      version: doc.version,
      error: doc.error?.message ?? 'not analysed',
      notAnExport: doc.error?.notAnExport ?? false,
    };
  });

  on(REPORT_REQUEST, async (p: ReportParams): Promise<ReportResult | null> => {
    const r = (await reportOf(p.uri))?.report;
    if (!r) return null;
    const text =
      p.format === 'json' ? JSON.stringify(r, null, 2) + '\n' : p.format === 'csv' ? renderCsv(r) : renderMarkdown(r);
    return { text };
  });

  on(WHAT_IF_REQUEST, async (p: WhatIfParams): Promise<WhatIfResult | null> => {
    const found = await reportOf(p.uri);
    if (!found) return null;
    const { doc } = found;
    const base = p.conversationsPerMonth ? { conversationsPerMonth: p.conversationsPerMonth } : {};
    const totals = (r: JsonReport) => ({
      conversation: r.conversation.credits.expected,
      month: r.month.credits.expected,
      monthUsd: r.month.usd.expected,
    });
    const rerun = (extra: Record<string, unknown>) => {
      const again = store.analyseNow(doc.uri, doc.version, doc.text, extra);
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
  });

  on(ESTIMATE_REQUEST, async (p: EstimateParams): Promise<EstimateResult | null> => {
    const found = await reportOf(p.uri);
    if (!found) return null;
    const { doc } = found;
    const again = store.analyseNow(doc.uri, doc.version, doc.text, { conversationsPerMonth: p.conversationsPerMonth });
    if (!again.report) throw new Error(again.error?.message ?? 'the estimate could not be analysed');
    const m = again.report.month;
    const alerts = m.alerts.map((a) => `${a.percent}%: ${a.day === null ? 'not reached' : `day ${a.day}`}`).join(', ');
    const summary =
      `${p.conversationsPerMonth.toLocaleString('en-US')} conversations/month ≈ ${fmtCredits(m.credits.expected)} ` +
      `credits (${fmtUsd(m.usd.expected)}); ` +
      `${m.plan ? `fits ${m.plan.name}` : 'more than the listed plans (Enterprise)'}` +
      `${m.budget ? `; alerts against ${m.budget.credits.toLocaleString('en-US')} credits — ${alerts}` : ''}`;
    return { conversations: p.conversationsPerMonth, credits: m.credits.expected, usd: m.usd.expected, summary };
  });

  on(DIFF_REQUEST, async (p: DiffParams): Promise<DiffResult | null> => {
    const found = await reportOf(p.uri);
    if (!found) return null;
    const u = URI.parse(p.uri);
    if (u.scheme !== 'file') return { ok: false, error: 'only files on disk can be compared with git' };
    try {
      const oldText = gitShow(p.base, u.fsPath);
      const before = analyzeWithProject(oldText, found.doc.project, p.uri).report;
      const diff = diffReports(before, found.report);
      return { ok: true, diff, markdown: renderDiffMarkdown(diff) };
    } catch (e) {
      // Not in git, no such ref, a ref that looks like an option, or an old version that is not an export.
      return { ok: false, error: (e as Error).message };
    }
  });

  on(MODELS_REQUEST, (): ModelInfo[] =>
    store.rates.card.llm.map((row) => {
      const r = store.rates.llm(row.id)!;
      return {
        id: row.id,
        vendor: row.vendor,
        inputPer1K: r.inputPer1K.toString(),
        outputPer1K: r.outputPer1K.toString(),
        checked: row.checked,
      };
    }),
  );
}
