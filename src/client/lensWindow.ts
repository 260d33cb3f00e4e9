/**
 * Code lenses near what is on screen. VS Code lays out a view zone for every lens a provider
 * returns, on every refresh after an edit: an export with thousands of costly steps made each
 * keystroke wait for that work (2.3× the key-to-paint time of the extension off on a 10 MB export
 * with 5,024 lenses, `npm run bench`; with lenses off, 0.7×). For a document with more than
 * MANY_LENSES lenses, only those within MARGIN lines of the visible ranges (and the totals lens on
 * the first line) reach VS Code; scrolling near the edge of that window asks for lenses again.
 * The server still computes every lens, so the figures are the same; other editors get them all.
 */
import * as vscode from 'vscode';

/** Above this many lenses in one document, only those near the visible ranges are shown. */
export const MANY_LENSES = 400;
/** Lines above and below the visible ranges whose lenses are shown (scrolling a page stays inside). */
export const MARGIN = 300;

interface Window {
  from: number;
  to: number;
}

export class LensWindow implements vscode.Disposable {
  /** The line window served per document (only for documents with many lenses). */
  private readonly served = new Map<string, Window>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;

  /** `refresh`: asks VS Code for the lenses of a document again (the provider's change event). */
  constructor(private readonly refresh: (doc: vscode.TextDocument) => void) {
    this.subscription = vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e));
  }

  /** The lenses VS Code should lay out for `doc`: all, or those near the visible ranges. */
  filter(doc: vscode.TextDocument, lenses: vscode.CodeLens[] | null | undefined): vscode.CodeLens[] | null | undefined {
    const key = doc.uri.toString();
    if (!lenses || lenses.length <= MANY_LENSES) {
      this.served.delete(key);
      return lenses;
    }
    const window = windowOf(visibleRanges(doc));
    if (!window) {
      this.served.delete(key);
      return lenses.filter((l) => l.range.start.line === 0);
    }
    this.served.set(key, window);
    return lenses.filter(
      (l) => l.range.start.line === 0 || (l.range.start.line >= window.from && l.range.start.line <= window.to),
    );
  }

  /** Scrolled near or past the edge of a served window: lenses again (once scrolling pauses). */
  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const served = this.served.get(e.textEditor.document.uri.toString());
    const shown = linesOf(e.visibleRanges);
    if (!served || !shown) return;
    const { first, last } = shown;
    const nearTop = served.from > 0 && first < served.from + MARGIN / 2;
    const nearBottom = served.to < e.textEditor.document.lineCount - 1 && last > served.to - MARGIN / 2;
    if (!nearTop && !nearBottom) return;
    if (this.timer) clearTimeout(this.timer);
    const doc = e.textEditor.document;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh(doc);
    }, 100);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}

function visibleRanges(doc: vscode.TextDocument): readonly vscode.Range[] {
  return vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
}

/** The first and last visible line (undefined: nothing visible). */
function linesOf(ranges: readonly vscode.Range[]): { first: number; last: number } | undefined {
  if (!ranges.length) return undefined;
  return { first: Math.min(...ranges.map((r) => r.start.line)), last: Math.max(...ranges.map((r) => r.end.line)) };
}

/** The visible lines widened by MARGIN each way (undefined: the document is not on screen). */
function windowOf(ranges: readonly vscode.Range[]): Window | undefined {
  const shown = linesOf(ranges);
  return shown && { from: Math.max(0, shown.first - MARGIN), to: shown.last + MARGIN };
}
