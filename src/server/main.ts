/**
 * The Agent Cost language server (stdio or node IPC): diagnostics, code lenses, hovers,
 * formatting for minified exports, and the custom requests of src/protocol.ts.
 * Started by the VS Code extension, or by `agent-cost lsp --stdio` for any LSP editor.
 */
import { format } from 'jsonc-parser';
import {
  CodeLens,
  createConnection,
  Hover,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { Rates } from '../core/pricing/rates';
import { renderCsv, renderMarkdown } from '../core/report/text';
import { warmTokenizers } from '../core/tokens';
import { breakdown } from '../core/report/breakdown';
import { fmtCredits, fmtUsd } from '../core/report/display';
import {
  ANALYSIS_REQUEST,
  ESTIMATE_REQUEST,
  EstimateParams,
  EstimateResult,
  ANALYZED_NOTIFICATION,
  AnalysisResult,
  EditorSettings,
  MODELS_REQUEST,
  ModelInfo,
  REPORT_REQUEST,
  ReportParams,
  ReportResult,
  SETTINGS_SECTION,
  UriParams,
  WHAT_IF_REQUEST,
  WhatIfParams,
  WhatIfResult,
  DIFF_REQUEST,
  DiffParams,
  DiffResult,
  COST_MAP_REQUEST,
  CostMapResult,
} from '../protocol';
import { AnalysisStore, DocumentAnalysis, looksLikeExport } from './analysisStore';
import { documentDiagnostics, lspDiagnostics } from './diagnostics';
import { overridesFromEditor } from './editorSettings';
import { codeActions } from './codeActions';
import { diffReports, renderDiffMarkdown } from '../core/diff';
import { gitShow } from '../node/git';
import { analyzeWithProject } from '../node/project';
import { URI } from 'vscode-uri';
import { hover } from './hover';
import { codeLenses } from './lenses';
import { costMapResult } from './costMap';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  let editor = overridesFromEditor(undefined);
  /** Project files that currently have published problems (cleared when they are fixed). */
  const configsWithProblems = new Set<string>();

  const store = new AnalysisStore({
    published(doc) {
      void connection.sendDiagnostics({
        uri: doc.uri,
        version: doc.version,
        diagnostics: lspDiagnostics(documentDiagnostics(doc)),
      });
      const cfg = doc.project.configFile;
      if (cfg) {
        const uri = URI.file(cfg).toString();
        const problems = lspDiagnostics(doc.project.configDiagnostics);
        if (problems.length || configsWithProblems.has(uri))
          void connection.sendDiagnostics({ uri, diagnostics: problems });
        if (problems.length) configsWithProblems.add(uri);
        else configsWithProblems.delete(uri);
      }
      void connection.sendNotification(ANALYZED_NOTIFICATION, { uri: doc.uri, version: doc.version, ok: !doc.error });
      if (doc.millis > 1000)
        connection.console.log(`analysed ${doc.uri} (${doc.text.length} chars) in ${doc.millis} ms`);
    },
    async progress<T>(uri: string, bytes: number, work: () => T): Promise<T> {
      const p = await connection.window.createWorkDoneProgress();
      p.begin('Agent Cost', undefined, `Analysing ${uri.split('/').pop()} (${(bytes / 1e6).toFixed(1)} MB)`);
      // Let the progress message reach the editor before the synchronous analysis runs.
      await new Promise((r) => setTimeout(r, 20));
      try {
        return work();
      } finally {
        p.done();
      }
    },
  });

  const applySettings = (raw: EditorSettings | undefined) => {
    editor = overridesFromEditor(raw);
    if (editor.error) void connection.window.showWarningMessage(editor.error);
    store.configure(editor.overrides, editor.configPath);
  };

  /** Only .vf files and .json files that look like exports are analysed. */
  const wanted = (d: TextDocument) => d.languageId !== 'json' || looksLikeExport(d.getText());

  connection.onInitialize((params) => {
    applySettings((params.initializationOptions as { settings?: EditorSettings } | undefined)?.settings);
    // Load the tokenizer ranks now, off the first request's path.
    setTimeout(() => warmTokenizers(), 10);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'agent-cost-lens', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as Record<string, EditorSettings> | undefined)?.[SETTINGS_SECTION];
    if (s) applySettings(s);
  });

  // A project file was created, changed or deleted: every open export may depend on it.
  connection.onDidChangeWatchedFiles(() => store.reanalyseAll());

  documents.onDidOpen(
    (e) => wanted(e.document) && store.update(e.document.uri, e.document.version, e.document.getText(), 0),
  );
  documents.onDidChangeContent(
    (e) => wanted(e.document) && store.update(e.document.uri, e.document.version, e.document.getText()),
  );
  documents.onDidClose((e) => {
    store.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The analysis of the document's current version, or null when the request went stale. */
  const current = async (
    uri: string,
    token?: { isCancellationRequested: boolean },
  ): Promise<DocumentAnalysis | null> => {
    const doc = await store.get(uri);
    if (!doc || token?.isCancellationRequested) return null;
    return doc;
  };

  connection.onCodeLens(async (p, token): Promise<CodeLens[] | null> => {
    const doc = await current(p.textDocument.uri, token);
    return doc?.report ? codeLenses(doc.report, doc.uri, editor.showFreeLenses) : null;
  });

  connection.onHover(async (p, token): Promise<Hover | null> => {
    const doc = await current(p.textDocument.uri, token);
    return doc ? hover(doc, p.position, doc.project.rates) : null;
  });

  connection.onCodeAction(async (p, token) => {
    const doc = await current(p.textDocument.uri, token);
    return doc?.report ? codeActions(doc, p) : null;
  });

  connection.onDocumentFormatting((p): TextEdit[] => {
    const d = documents.get(p.textDocument.uri);
    if (!d) return [];
    return format(d.getText(), undefined, {
      tabSize: p.options.tabSize,
      insertSpaces: p.options.insertSpaces,
      eol: '\n',
    }).map((e) => ({
      range: { start: d.positionAt(e.offset), end: d.positionAt(e.offset + e.length) },
      newText: e.content,
    }));
  });

  connection.onRequest(ANALYSIS_REQUEST, async (p: UriParams, token): Promise<AnalysisResult | null> => {
    const doc = await current(p.uri, token);
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

  connection.onRequest(REPORT_REQUEST, async (p: ReportParams): Promise<ReportResult | null> => {
    const doc = await current(p.uri);
    if (!doc?.report) return null;
    return {
      text:
        p.format === 'json'
          ? JSON.stringify(doc.report, null, 2) + '\n'
          : p.format === 'csv'
            ? renderCsv(doc.report)
            : renderMarkdown(doc.report),
    };
  });

  connection.onRequest(WHAT_IF_REQUEST, async (p: WhatIfParams): Promise<WhatIfResult | null> => {
    const doc = await current(p.uri);
    if (!doc?.report) return null;
    const base = p.conversationsPerMonth ? { conversationsPerMonth: p.conversationsPerMonth } : {};
    const totals = (r: NonNullable<DocumentAnalysis['report']>) => ({
      conversation: r.conversation.credits.expected,
      month: r.month.credits.expected,
      monthUsd: r.month.usd.expected,
    });
    // The cached analysis already is "before" unless the traffic differs.
    const before = p.conversationsPerMonth
      ? store.analyseNow(doc.uri, doc.version, doc.text, base).report!
      : doc.report;
    const row = store.rates.findLlmRow(p.model);
    if (!row) {
      const error = `"${p.model}" is not in the rate card`;
      return { model: p.model, before: totals(before), after: null, summary: error, error };
    }
    const after = store.analyseNow(doc.uri, doc.version, doc.text, { ...base, modelOverride: row.id }).report!;
    const summary =
      `on ${row.id}, ${fmtCredits(after.conversation.credits.expected)} credits per conversation (now ${fmtCredits(before.conversation.credits.expected)}); ` +
      `${fmtCredits(after.month.credits.expected)} credits, ${fmtUsd(after.month.usd.expected)} per month (now ${fmtCredits(before.month.credits.expected)}, ${fmtUsd(before.month.usd.expected)})`;
    return { model: row.id, before: totals(before), after: totals(after), summary };
  });

  connection.onRequest(ESTIMATE_REQUEST, async (p: EstimateParams): Promise<EstimateResult | null> => {
    const doc = await current(p.uri);
    if (!doc?.report) return null;
    const m = store.analyseNow(doc.uri, doc.version, doc.text, { conversationsPerMonth: p.conversationsPerMonth })
      .report!.month;
    const alerts = m.alerts.map((a) => `${a.percent}%: ${a.day === null ? 'not reached' : `day ${a.day}`}`).join(', ');
    const summary =
      `${p.conversationsPerMonth.toLocaleString('en-US')} conversations/month ≈ ${fmtCredits(m.credits.expected)} credits (${fmtUsd(m.usd.expected)}); ` +
      `${m.plan ? `fits ${m.plan.name}` : 'more than the listed plans (Enterprise)'}${m.budget ? `; alerts against ${m.budget.credits.toLocaleString('en-US')} credits — ${alerts}` : ''}`;
    return { conversations: p.conversationsPerMonth, credits: m.credits.expected, usd: m.usd.expected, summary };
  });

  connection.onRequest(DIFF_REQUEST, async (p: DiffParams): Promise<DiffResult | null> => {
    const doc = await current(p.uri);
    if (!doc?.report) return null;
    const u = URI.parse(p.uri);
    if (u.scheme !== 'file') return { ok: false, error: 'only files on disk can be compared with git' };
    try {
      const oldText = gitShow(p.base, u.fsPath);
      const before = analyzeWithProject(oldText, doc.project, p.uri).report;
      const diff = diffReports(before, doc.report);
      return { ok: true, diff, markdown: renderDiffMarkdown(diff) };
    } catch (e) {
      // Not in git, no such ref, or the old version is not a valid export.
      return { ok: false, error: (e as Error).message };
    }
  });

  connection.onRequest(COST_MAP_REQUEST, async (p: UriParams, token): Promise<CostMapResult | null> => {
    const doc = await current(p.uri, token);
    return doc ? costMapResult(doc) : null;
  });

  connection.onRequest(MODELS_REQUEST, (): ModelInfo[] => {
    const rates: Rates = store.rates;
    return rates.card.llm.map((row) => {
      const r = rates.llm(row.id)!;
      return {
        id: row.id,
        vendor: row.vendor,
        inputPer1K: r.inputPer1K.toString(),
        outputPer1K: r.outputPer1K.toString(),
        checked: row.checked,
      };
    });
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
