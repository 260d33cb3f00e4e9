/**
 * VS Code's large-file mode (editor.largeFileOptimizations, on by default): for a file over
 * 300,000 lines or 20 MB it turns code lenses off and draws no inlay hints (it lays such a file out
 * line for line, without injected text). There the client draws the server's inlay hints itself,
 * as end-of-line decorations on the lines in view, so the figures stay where the builder edits.
 */
import * as vscode from 'vscode';
import { fmtCount, fmtMegabytes } from '../core/report/numbers';
import type { ActiveAnalysis } from './state';
import { isExportDocument } from './state';

/** VS Code's large-file limits (its text model's LARGE_FILE_LINE_COUNT/SIZE thresholds). */
export const LARGE_FILE_LINES = 300_000;
export const LARGE_FILE_BYTES = 20 * 1024 * 1024;

/** Why VS Code shows `doc` in its large-file mode (short and in full), or undefined when it does not. */
export function largeFile(doc: vscode.TextDocument): { short: string; why: string } | undefined {
  if (!vscode.workspace.getConfiguration('editor', doc).get<boolean>('largeFileOptimizations', true)) return undefined;
  const mode = "VS Code's large-file mode turns code lenses and inlay hints off for files over";
  if (doc.lineCount > LARGE_FILE_LINES)
    return {
      short: `over ${fmtCount(LARGE_FILE_LINES)} lines`,
      why: `${mode} ${fmtCount(LARGE_FILE_LINES)} lines (this one has ${fmtCount(doc.lineCount)})`,
    };
  const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  if (size > LARGE_FILE_BYTES)
    return { short: 'over 20 MB', why: `${mode} 20 MB (this one has ${fmtMegabytes(size)})` };
  return undefined;
}

/** Lines above and below the visible ones that get their figures too (smooth scrolling). */
const MARGIN = 40;

export class LargeFileHints implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor('editorInlayHint.foreground'),
      backgroundColor: new vscode.ThemeColor('editorInlayHint.background'),
      margin: '0 0 0 0.5em',
    },
  });
  private readonly subs: vscode.Disposable[];
  private timer?: ReturnType<typeof setTimeout>;
  /** Figures drawn in each editor now, by document uri (tests read it). */
  readonly shown = new Map<string, number>();

  constructor(state: ActiveAnalysis) {
    const later = () => this.schedule();
    this.subs = [
      vscode.window.onDidChangeVisibleTextEditors(later),
      vscode.window.onDidChangeTextEditorVisibleRanges(later),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentCost.editor') || e.affectsConfiguration('editor')) later();
      }),
      // A new analysis (also of an edit) brings new figures.
      state.onDidAnalyse(later),
    ];
    later();
  }

  /** Scrolling fires often: draw once it settles. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drawAll(), 120);
  }

  private async drawAll(): Promise<void> {
    await Promise.all(vscode.window.visibleTextEditors.map((e) => this.draw(e)));
  }

  private async draw(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    const wanted =
      isExportDocument(doc) &&
      vscode.workspace.getConfiguration('agentCost').get<string>('editor.annotations') !== 'lenses' &&
      !!largeFile(doc);
    if (!wanted) {
      if (this.shown.has(doc.uri.toString())) editor.setDecorations(this.type, []);
      this.shown.delete(doc.uri.toString());
      return;
    }
    const first = Math.max(0, Math.min(...editor.visibleRanges.map((r) => r.start.line)) - MARGIN);
    const last = Math.min(doc.lineCount - 1, Math.max(...editor.visibleRanges.map((r) => r.end.line)) + MARGIN);
    const hints =
      (await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(first, 0, last, 0),
      )) ?? [];
    const text = (l: vscode.InlayHint['label']) => (typeof l === 'string' ? l : l.map((p) => p.value).join(''));
    editor.setDecorations(
      this.type,
      hints.map((h) => ({
        range: new vscode.Range(h.position, h.position),
        renderOptions: { after: { contentText: text(h.label) } },
        hoverMessage: h.tooltip,
      })),
    );
    this.shown.set(doc.uri.toString(), hints.length);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}
