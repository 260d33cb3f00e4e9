/**
 * The standard LSP features on analysed exports: code lenses, inlay hints, hovers, quick fixes,
 * formatting and commands. Each answers from the newest analysis of the document, or null when it
 * is not an open export. While an edit leaves the export half-typed (it does not parse), lenses
 * and hints keep the last good figures, each marked out of date (the first lens says why).
 */
import { format } from 'jsonc-parser';
import type {
  CodeLensParams,
  Connection,
  DocumentFormattingParams,
  InlayHintParams,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { AnalysisStore, DocumentAnalysis, staleReason } from './analysisStore';
import { answering, Log } from './answer';
import { codeActions } from './codeActions';
import { executeCommand } from './commands';
import type { EditorOverrides } from './editorSettings';
import { hover } from './hover';
import { inlayHints, staleHints } from './inlayHints';
import { codeLenses, staleLenses, totalsTitle } from './lenses';

export function registerFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  editor: () => EditorOverrides,
  log: Log,
): void {
  /** An open buffer by URI, also when the client spells the URI differently (e.g. an encoded drive colon). */
  const openDocument = (uri: string) => {
    const fsPath = URI.parse(uri).fsPath;
    return documents.get(uri) ?? documents.all().find((d) => URI.parse(d.uri).fsPath === fsPath);
  };
  connection.onCodeLens(answering('textDocument/codeLens', log, (p) => lensesOf(store, editor(), p)));
  connection.languages.inlayHint.on(answering('textDocument/inlayHint', log, (p) => hintsOf(store, editor(), p)));
  connection.onExecuteCommand(
    answering('workspace/executeCommand', log, (p) =>
      executeCommand(connection, p, {
        analysis: async (uri) => (await store.get(uri)) ?? null,
        text: (uri) => documents.get(uri)?.getText(),
        totals: (doc) => totalsTitle(doc.report!),
      }),
    ),
  );
  connection.onHover(
    answering('textDocument/hover', log, async (p) => {
      const doc = await store.get(p.textDocument.uri);
      return doc ? hover(doc, p.position, doc.project.rates) : null;
    }),
  );
  connection.onCodeAction(
    answering('textDocument/codeAction', log, async (p) => {
      const doc = await store.get(p.textDocument.uri);
      return doc?.report ? codeActions(doc, p, openDocument) : null;
    }),
  );
  connection.onDocumentFormatting(answering('textDocument/formatting', log, (p) => formatExport(documents, store, p)));
}

/** The code lenses: the newest figures, or the last good ones marked out of date; none in "hints" mode. */
async function lensesOf(store: AnalysisStore, editor: EditorOverrides, p: CodeLensParams) {
  const { annotations, showFreeLenses } = editor;
  if (annotations === 'hints') return [];
  const doc = await store.get(p.textDocument.uri);
  if (!doc) return null;
  if (doc.report) return codeLenses(doc.report, doc.uri, showFreeLenses);
  const stale = staleReason(doc);
  // An export that cannot be analysed and never could shows no lenses (its diagnostics say why).
  if (!stale) return [];
  const lines = lastLine(doc);
  return staleLenses(
    codeLenses(doc.lastGood!.report!, doc.uri, showFreeLenses).filter((l) => l.range.start.line <= lines),
    stale,
  );
}

/** The inlay hints in the range: the newest, or the last good ones marked out of date; none in "lenses" mode. */
async function hintsOf(store: AnalysisStore, editor: EditorOverrides, p: InlayHintParams) {
  if (editor.annotations === 'lenses') return [];
  const doc = await store.get(p.textDocument.uri);
  if (!doc) return null;
  if (doc.report) return inlayHints(doc, p.range);
  const stale = staleReason(doc);
  if (!stale) return [];
  const lines = lastLine(doc);
  return staleHints(
    inlayHints(doc.lastGood!, p.range).filter((h) => h.position.line <= lines),
    stale,
  );
}

/** Formats an export's JSON (jsonc-parser) with the editor's indentation. */
function formatExport(documents: TextDocuments<TextDocument>, store: AnalysisStore, p: DocumentFormattingParams) {
  const d = documents.get(p.textDocument.uri);
  // Only exports: a project file synced for quick fixes is YAML, not JSON.
  if (!d || !store.has(d.uri)) return null;
  return format(d.getText(), undefined, {
    tabSize: p.options.tabSize,
    insertSpaces: p.options.insertSpaces,
    eol: '\n',
  }).map((e) => ({
    range: { start: d.positionAt(e.offset), end: d.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
}

/** The last line of the document's current text (stale lenses past it are dropped). */
function lastLine(doc: DocumentAnalysis): number {
  return doc.lines.position(doc.text.length).line;
}
