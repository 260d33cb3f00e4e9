/**
 * The analysis of the active export, fetched from the server and shared by the tree, the
 * breakdown view and the status bar. Refreshes on the server's `agentCost/analyzed` notification
 * and when the active editor changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ANALYSIS_REQUEST, ANALYZED_NOTIFICATION, AnalysisResult, AnalyzedParams } from '../protocol';

export const isExportDocument = (d: vscode.TextDocument | undefined): d is vscode.TextDocument =>
  !!d && (d.languageId === 'voiceflow' || (d.languageId === 'json' && d.uri.scheme === 'file'));

export class ActiveAnalysis implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  uri?: string;
  result?: AnalysisResult | null;
  /** Number of the latest refresh; a response to an earlier one is dropped. */
  private seq = 0;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      this.emitter,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      client.onNotification(ANALYZED_NOTIFICATION, (p: AnalyzedParams) => {
        if (p.uri === this.uri) void this.refresh();
      }),
    );
  }

  /** The document the views show: the active editor's, or the last export shown. */
  private target(): vscode.TextDocument | undefined {
    const d = vscode.window.activeTextEditor?.document;
    if (isExportDocument(d)) return d;
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
    this.uri = uri;
    let result: AnalysisResult | null | undefined;
    try {
      result = doc ? await this.client.sendRequest<AnalysisResult | null>(ANALYSIS_REQUEST, { uri }) : undefined;
    } catch (e) {
      // Cancelled, or the server failed: keep what is shown; the server logged why.
      if (seq === this.seq) this.client.outputChannel.appendLine(`Agent Cost: refresh failed: ${String(e)}`);
      return;
    }
    if (seq !== this.seq) return;
    this.result = result;
    void vscode.commands.executeCommand('setContext', 'agentCost.active', !!this.result?.ok || !!doc);
    this.emitter.fire();
  }

  /** Waits until the analysis of `uri` is available (for commands run right after opening). */
  async for(uri: vscode.Uri): Promise<AnalysisResult | null> {
    return this.client.sendRequest<AnalysisResult | null>(ANALYSIS_REQUEST, { uri: uri.toString() });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
