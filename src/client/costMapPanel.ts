/**
 * "Show Cost Map": the agent drawn as its Voiceflow canvas, each block coloured by its cost. The
 * server builds and draws the map (core), this panel only shows it: pages as tabs, zoom and pan,
 * hover breakdowns, search, and clicks that reveal the step in the export. Refreshes when the
 * export is analysed again; the webview keeps its page, zoom and colour scale across refreshes.
 */
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COST_MAP_REQUEST, CostMapResult } from '../protocol';
import { COST_MAP_CSS, costMapBody } from './costMapHtml';
import { page } from './html';
import type { ActiveAnalysis } from './state';

type Ok = Extract<CostMapResult, { ok: true }>;

export class CostMapPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; result?: Ok }>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    state: ActiveAnalysis,
    private readonly extensionPath: string,
  ) {
    // Through the state's event: a language client keeps one handler per notification.
    this.sub = state.onDidAnalyse((uri) => {
      if (this.panels.has(uri)) void this.render(uri);
    });
  }

  /** Opens (or reveals) the map of `uri`; returns the panel, or an error message. */
  async show(uri: string): Promise<vscode.WebviewPanel | string> {
    let entry = this.panels.get(uri);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel('agentCost.costMap', 'Cost map', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: true,
      });
      entry = { panel };
      this.panels.set(uri, entry);
      panel.onDidDispose(() => this.panels.delete(uri));
      panel.webview.onDidReceiveMessage((m: { type: string; id?: string }) => {
        if (m.type === 'reveal' && typeof m.id === 'string') void this.reveal(uri, m.id);
      });
    }
    const error = await this.render(uri);
    if (error) {
      entry.panel.dispose();
      return error;
    }
    entry.panel.reveal(vscode.ViewColumn.Beside, false);
    return entry.panel;
  }

  /** The map currently shown for `uri` (tests read it). */
  shown(uri: string): Ok | undefined {
    return this.panels.get(uri)?.result;
  }

  private async render(uri: string): Promise<string | undefined> {
    const entry = this.panels.get(uri);
    if (!entry) return undefined;
    const res = await this.client.sendRequest<CostMapResult | null>(COST_MAP_REQUEST, { uri });
    if (!res) return 'this file is not being analysed';
    if (!res.ok) return res.error;
    entry.result = res;
    entry.panel.title = `Cost map: ${res.map.projectName}`;
    entry.panel.webview.html = this.html(entry.panel.webview, res);
    return undefined;
  }

  private html(webview: vscode.Webview, res: Ok): string {
    return page(webview, `Cost map: ${res.map.projectName}`, costMapBody(res), this.script(), COST_MAP_CSS + res.style);
  }

  private script(): string {
    return readFileSync(`${this.extensionPath}/media/costMap.js`, 'utf8');
  }

  /** Reveals a block or step of the map in the export, beside the map. */
  private async reveal(uri: string, id: string): Promise<void> {
    const res = this.panels.get(uri)?.result;
    if (!res) return;
    let range: unknown;
    for (const p of res.map.pages)
      for (const n of p.nodes) {
        if (n.id === id && n.range) range = n.range;
        for (const r of n.rows) if (r.stepId === id && r.range) range = r.range;
      }
    if (!range) return;
    // In the editor that shows the export, else in the first column (the map is beside it).
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const map = this.panels.get(uri)?.panel.viewColumn;
    const column = shown?.viewColumn ?? (map === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    await vscode.commands.executeCommand('agentCost.revealStep', uri, range, column);
  }

  dispose(): void {
    this.sub.dispose();
    for (const { panel } of this.panels.values()) panel.dispose();
  }
}
