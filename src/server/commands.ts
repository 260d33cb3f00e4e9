/**
 * `workspace/executeCommand`: what lenses and quick fixes run, for any LSP client (Neovim, Helix,
 * …). The VS Code client maps the report command onto its own panel; everything else is here.
 */
import { format } from 'jsonc-parser';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { Connection, ExecuteCommandParams, Range } from 'vscode-languageserver';
import { renderMarkdown } from '../core/report/text';
import { SERVER_FORMAT_COMMAND, SERVER_SHOW_REPORT_COMMAND, SHOW_DOCUMENT_COMMAND } from '../protocol';
import type { DocumentAnalysis } from './analysisStore';
import { LineIndex } from '../core/json/positions';

export interface CommandContext {
  analysis(uri: string): Promise<DocumentAnalysis | null>;
  /** The open document's text, undefined when the editor has closed it. */
  text(uri: string): string | undefined;
  totals(doc: DocumentAnalysis): string;
}

/** Edits that format JSON text with a 2-space indent (the layout Voiceflow's own exports use). */
export function formatEdits(text: string): { range: Range; newText: string }[] {
  const lines = new LineIndex(text);
  return format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' }).map((e) => ({
    range: lines.range(e.offset, e.offset + e.length),
    newText: e.content,
  }));
}

export async function executeCommand(
  connection: Connection,
  p: ExecuteCommandParams,
  ctx: CommandContext,
): Promise<unknown> {
  const args = p.arguments ?? [];
  const uri = typeof args[0] === 'string' ? args[0] : undefined;
  switch (p.command) {
    case SERVER_SHOW_REPORT_COMMAND: {
      const doc = uri ? await ctx.analysis(uri) : null;
      if (!doc?.report) return { ok: false, error: 'Open a Voiceflow export (.vf or .json) to see its cost report.' };
      // A notification: some clients do not answer window/showMessageRequest.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Info,
        message: ctx.totals(doc),
      });
      return { ok: true, markdown: renderMarkdown(doc.report) };
    }
    case SERVER_FORMAT_COMMAND: {
      // Never reopen a closed file: format only what the editor has open.
      const text = uri ? ctx.text(uri) : undefined;
      if (!uri || text === undefined)
        return { ok: false, error: 'Open a Voiceflow export (.vf or .json) to format it.' };
      const edits = formatEdits(text);
      if (edits.length === 0) return { ok: true, applied: false };
      const r = await connection.workspace.applyEdit({ label: 'Format export', edit: { changes: { [uri]: edits } } });
      return { ok: r.applied, applied: r.applied, error: r.failureReason };
    }
    case SHOW_DOCUMENT_COMMAND: {
      const selection = args[1] as Range | undefined;
      if (!uri) return { ok: false };
      const r = await connection.window.showDocument({ uri, takeFocus: true, selection });
      return { ok: r.success };
    }
  }
  return { ok: false, error: `unknown command ${p.command}` };
}
