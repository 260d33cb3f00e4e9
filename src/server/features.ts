/**
 * The standard LSP features on analysed exports: code lenses, hovers, quick fixes, formatting.
 * Each answers from the newest analysis of the document, or null when it is not an open export.
 */
import { format } from 'jsonc-parser';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { AnalysisStore } from './analysisStore';
import { answering, Log } from './answer';
import { codeActions } from './codeActions';
import { hover } from './hover';
import { codeLenses } from './lenses';

export function registerFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  showFreeLenses: () => boolean,
  log: Log,
): void {
  /** An open buffer by URI, also when the client spells the URI differently (e.g. an encoded drive colon). */
  const openDocument = (uri: string) => {
    const fsPath = URI.parse(uri).fsPath;
    return documents.get(uri) ?? documents.all().find((d) => URI.parse(d.uri).fsPath === fsPath);
  };

  connection.onCodeLens(
    answering('textDocument/codeLens', log, async (p) => {
      const doc = await store.get(p.textDocument.uri);
      if (!doc) return null;
      // An export that cannot be analysed shows no lenses (its diagnostics say why), never stale ones.
      return doc.report ? codeLenses(doc.report, doc.uri, showFreeLenses()) : [];
    }),
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

  connection.onDocumentFormatting(
    answering('textDocument/formatting', log, (p) => {
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
    }),
  );
}
