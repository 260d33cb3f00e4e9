/**
 * The Agent Cost language server (stdio or node IPC): diagnostics, code lenses, hovers,
 * formatting for minified exports, and the custom requests of src/protocol.ts.
 * Started by the VS Code extension, or by `agent-cost lsp --stdio` for any LSP editor.
 */
import { format } from 'jsonc-parser';
import {
  CodeLens,
  CodeLensRefreshRequest,
  createConnection,
  Hover,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { Decimal } from '../core/pricing/money';
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
  MODEL_COSTS_REQUEST,
  ModelCost,
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
} from '../protocol';
import { AnalysisStore, DocumentAnalysis, looksLikeExport, staleReason } from './analysisStore';
import { documentDiagnostics, lspDiagnostics } from './diagnostics';
import { overridesFromEditor } from './editorSettings';
import { codeActions } from './codeActions';
import { diffLabels, diffReports, renderDiffMarkdown } from '../core/diff';
import { gitShow } from '../node/git';
import { analyzeWithProject } from '../node/project';
import { URI } from 'vscode-uri';
import { hover } from './hover';
import { inlayHints } from './inlayHints';
import { codeLenses, totalsTitle, turnName } from './lenses';
import { SERVER_COMMANDS } from '../protocol';
import { executeCommand } from './commands';
import { VERSION } from '../version';

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
    // A notification, not window/showMessageRequest: a client without that request would
    // reject the promise, and an unhandled rejection ends the server.
    if (editor.error)
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: editor.error,
      });
    store.configure(editor.overrides, editor.configPath);
  };

  const canRefresh = { lenses: false, hints: false };
  /** Only .vf files and .json files that look like exports are analysed. */
  const wanted = (d: TextDocument) => d.languageId !== 'json' || looksLikeExport(d.getText());

  connection.onInitialize((params) => {
    canRefresh.lenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canRefresh.hints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
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
        inlayHintProvider: { resolveProvider: false },
        executeCommandProvider: { commands: SERVER_COMMANDS },
      },
      serverInfo: { name: 'agent-cost-lens', version: VERSION },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as Record<string, EditorSettings> | undefined)?.[SETTINGS_SECTION];
    if (!s) return;
    const before = `${editor.annotations}/${editor.showFreeLenses}`;
    applySettings(s);
    if (`${editor.annotations}/${editor.showFreeLenses}` !== before) {
      // Lenses and hints changed without a new analysis: ask the editor to fetch them again.
      if (canRefresh.lenses) void connection.sendRequest(CodeLensRefreshRequest.type);
      if (canRefresh.hints) void connection.languages.inlayHint.refresh();
    }
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
    if (editor.annotations === 'hints') return [];
    const doc = await current(p.textDocument.uri, token);
    if (!doc) return null;
    if (doc.report) return codeLenses(doc.report, doc.uri, editor.showFreeLenses);
    const stale = staleReason(doc);
    if (!stale) return null;
    // A half-typed edit: keep the last good figures, marked out of date.
    const lenses = codeLenses(doc.lastGood!.report!, doc.uri, editor.showFreeLenses);
    const lines = doc.lines.position(doc.text.length).line;
    return lenses
      .filter((l) => l.range.start.line <= lines)
      .map((l, i) =>
        i === 0 ? { ...l, command: { ...l.command!, title: `Out of date (${stale}) · ${l.command!.title}` } } : l,
      );
  });

  connection.languages.inlayHint.on(async (p, token) => {
    if (editor.annotations === 'lenses') return [];
    const doc = await current(p.textDocument.uri, token);
    if (!doc) return null;
    if (doc.report) return inlayHints(doc, p.range);
    if (!staleReason(doc)) return null;
    const lines = doc.lines.position(doc.text.length).line;
    return inlayHints(doc.lastGood!, p.range).filter((h) => h.position.line <= lines);
  });

  connection.onExecuteCommand((p) =>
    executeCommand(connection, p, {
      analysis: (uri) => current(uri),
      text: (uri) => documents.get(uri)?.getText(),
      totals: (doc) => totalsTitle(doc.report!),
    }),
  );

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
    const open = documents.get(p.uri);
    // An ordinary JSON file is answered at once: nothing to wait for.
    if (open && !wanted(open))
      return { ok: false, version: open.version, error: 'Not a Voiceflow export', notAnExport: true };
    const now = await current(p.uri, token);
    if (!now) return null;
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
      return {
        ok: true,
        version: now.version,
        report: r,
        breakdown: breakdown(r),
        labels,
        turnNames,
        ...(stale ? { stale } : {}),
      };
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
      return { ok: false, error: msg };
    }
    try {
      const before = analyzeWithProject(oldText, doc.project, p.uri).report;
      const diff = diffReports(before, doc.report);
      const turnNames: Record<string, string> = {};
      for (const t of before.turns) turnNames[t.id] = turnName(before, t);
      for (const t of doc.report.turns) turnNames[t.id] = turnName(doc.report, t);
      return { ok: true, diff, markdown: renderDiffMarkdown(diff), labels: diffLabels(diff), turnNames };
    } catch (e) {
      // The old version is not a valid export.
      return { ok: false, error: `${name} at ${p.base} cannot be analysed: ${(e as Error).message}` };
    }
  });

  connection.onRequest(MODEL_COSTS_REQUEST, async (p: UriParams, token): Promise<ModelCost[] | null> => {
    const doc = await current(p.uri, token);
    if (!doc?.report) return null;
    const counts = new Map<string, number>();
    for (const s of doc.report.steps)
      for (const c of [...s.calls, ...s.replyCalls]) counts.set(c.model, (counts.get(c.model) ?? 0) + 1);
    const now = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const out: ModelCost[] = [];
    const rates = doc.project.rates;
    for (const row of rates.card.llm) {
      if (token.isCancellationRequested) return null;
      const r = store.analyseNow(doc.uri, doc.version, doc.text, { modelOverride: row.id }).report;
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
  });

  connection.onRequest(MODELS_REQUEST, (): ModelInfo[] => {
    const rates: Rates = store.rates;
    // Models with an unknown price cannot be tried (their cost would be unknown).
    return rates.card.llm.flatMap((row) => {
      const r = rates.llm(row.id);
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
    });
  });

  documents.listen(connection);
  connection.listen();
}

/** Orders exact credit strings, unknown (null) last. */
function compareCredits(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return new Decimal(a).cmp(b);
}

if (require.main === module) startServer();
