/**
 * The analysis of the active export, fetched from the server and shared by the tree, the
 * breakdown view and the status bar. Refreshes on the server's `agentCost/analyzed` notification
 * and when the active editor changes. `.json` files are exports only when their first bytes say
 * so (a cheap sniff), so an ordinary JSON file never makes the views wait.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ANALYSIS_REQUEST,
  ANALYZED_NOTIFICATION,
  AnalysisResult,
  AnalyzedParams,
  FROM_DISK_NOTIFICATION,
  FromDiskParams,
} from '../protocol';
import { looksLikeExport, SNIFF_BYTES } from '../sniff';

const sniffed = new WeakMap<vscode.TextDocument, { version: number; is: boolean }>();

/** True for a `.json` document whose first bytes look like a Voiceflow export. */
export function sniffJson(d: vscode.TextDocument): boolean {
  const hit = sniffed.get(d);
  if (hit && hit.version === d.version) return hit.is;
  const head = d.getText(new vscode.Range(new vscode.Position(0, 0), d.positionAt(SNIFF_BYTES)));
  const is = looksLikeExport(head);
  sniffed.set(d, { version: d.version, is });
  return is;
}

/** True when an editor tab shows `uri` (VS Code may hold a closed file's document for a while). */
export function shownInTab(uri: string): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri),
  );
}

export const isExportDocument = (d: vscode.TextDocument | undefined): d is vscode.TextDocument =>
  !!d && (d.languageId === 'voiceflow' || (d.languageId === 'json' && d.uri.scheme === 'file' && sniffJson(d)));

export class ActiveAnalysis implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** Fires with the uri of every export the server analysed (open panels refresh on it). */
  private readonly analysed = new vscode.EventEmitter<string>();
  readonly onDidAnalyse = this.analysed.event;
  private readonly disposables: vscode.Disposable[] = [];
  uri?: string;
  /** undefined: nothing to show; null: waiting for the server. */
  result?: AnalysisResult | null;
  /** Number of the latest refresh; a response to an earlier one is dropped. */
  private seq = 0;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      this.emitter,
      this.analysed,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      // Closing the export's last tab empties the views (a report panel keeping the focus does not).
      vscode.window.tabGroups.onDidChangeTabs((e) => e.closed.length > 0 && void this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      client.onNotification(ANALYZED_NOTIFICATION, (p: AnalyzedParams) => {
        this.analysed.fire(p.uri);
        if (p.uri === this.uri) void this.refresh();
      }),
    );
  }

  /** The document the views show: the active editor's, or the last export shown while a tab shows it. */
  private target(): vscode.TextDocument | undefined {
    const d = vscode.window.activeTextEditor?.document;
    if (isExportDocument(d)) return d;
    if (!this.uri || !shownInTab(this.uri)) return undefined;
    return vscode.workspace.textDocuments.find((x) => x.uri.toString() === this.uri);
  }

  /** The active editor's document when it is an export, for the status bar (lens limits). */
  get document(): vscode.TextDocument | undefined {
    return this.uri ? vscode.workspace.textDocuments.find((x) => x.uri.toString() === this.uri) : undefined;
  }

  /**
   * Fetches the analysis of the target document. Refreshes overlap (edits, editor switches):
   * only the newest one's answer is kept, so an older, slower response never overwrites it.
   */
  async refresh(): Promise<void> {
    const seq = ++this.seq;
    const doc = this.target();
    const uri = doc?.uri.toString();
    if (uri !== this.uri) {
      this.uri = uri;
      // A different file: show "Analysing…" rather than the previous file's figures.
      this.result = doc ? null : undefined;
      this.emitter.fire();
    }
    let result: AnalysisResult | null | undefined;
    try {
      result = doc ? await this.client.sendRequest<AnalysisResult | null>(ANALYSIS_REQUEST, { uri }) : undefined;
    } catch (e) {
      // Cancelled, or the server failed: keep what is shown; the server logged why.
      if (seq === this.seq) this.client.outputChannel.appendLine(`Agent Cost: refresh failed: ${String(e)}`);
      return;
    }
    if (seq !== this.seq) return; // a newer refresh is under way
    this.result = result;
    void vscode.commands.executeCommand('setContext', 'agentCost.activeExport', !!doc);
    this.emitter.fire();
  }

  /**
   * A change that leaves the export as the file is on disk, not by undo or redo: VS Code reloaded
   * it (the file changed on disk, perhaps while no tab showed it: VS Code keeps a document a while
   * after its last tab closed) or reverted it. Not a half-typed edit, so the server keeps no last
   * good figures for it if it does not parse, as for a file just opened.
   */
  private changed(e: vscode.TextDocumentChangeEvent): void {
    const d = e.document;
    if (!e.contentChanges.length || d.isDirty || e.reason !== undefined || !isExportDocument(d)) return;
    const params: FromDiskParams = { uri: d.uri.toString(), version: d.version };
    this.client.sendNotification(FROM_DISK_NOTIFICATION, params).catch(() => undefined);
  }

  /** Waits until the analysis of `uri` is available (for commands run right after opening). */
  async for(uri: vscode.Uri): Promise<AnalysisResult | null> {
    return this.client.sendRequest<AnalysisResult | null>(ANALYSIS_REQUEST, { uri: uri.toString() });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
