/**
 * "Compare with Git HEAD": the cost diff of the export against its committed version, in a panel
 * that follows every new analysis of the export. Figures are the server's display labels.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DIFF_REQUEST, DiffResult } from '../protocol';
import { esc, page } from './html';
import type { ActiveAnalysis } from './state';

type Ok = Extract<DiffResult, { ok: true }>;

export function diffHtml(webview: vscode.Webview, file: string, base: string, res: Ok): string {
  const d = res.diff;
  const l = res.labels;
  const body =
    `<h1>Cost change against ${esc(base)}</h1><p class="muted">${esc(file)} · credits, rounded for display</p>\n` +
    `<table><tr><th></th><th class="num">${esc(base)}</th><th class="num">now</th><th class="num">change</th></tr>\n` +
    `${totalRow('Credits per conversation', l.conversation)}${totalRow('Credits per month', l.month)}` +
    `${totalRow('USD per month', l.monthUsd)}</table>\n` +
    `<h2>Steps (${d.steps.length})</h2>${stepsTable(res)}\n` +
    `<h2>Turns (${d.turns.length})</h2>${turnsTable(res)}`;
  return page(webview, `Cost change against ${base}`, body);
}

/** A total before and after, and the change. */
function totalRow(label: string, x: Ok['labels']['conversation']): string {
  return (
    `<tr><td>${label}</td><td class="num">${esc(x.before)}</td><td class="num">${esc(x.after)}</td>` +
    `<td class="num">${esc(x.change)}</td></tr>`
  );
}

/** The steps whose cost changed: what changed, credits per run before → after, model. */
function stepsTable(res: Ok): string {
  const d = res.diff;
  const l = res.labels;
  if (!d.steps.length) return '<p>No step changed cost.</p>';
  const rows = d.steps.map(
    (s, i) =>
      `<tr><td>${esc(s.name)}</td><td>${esc(s.type)}</td><td>${esc(s.change)}</td>` +
      `<td class="num">${esc(l.steps[i].before)} → ${esc(l.steps[i].after)}</td><td>${esc(l.steps[i].model)}</td></tr>`,
  );
  return (
    '<table><tr><th>step</th><th>type</th><th>change</th><th class="num">credits per run</th><th>model</th></tr>' +
    `${rows.join('')}</table>`
  );
}

/** The turns whose expected credits changed, before → after. */
function turnsTable(res: Ok): string {
  const d = res.diff;
  const l = res.labels;
  if (!d.turns.length) return '<p>No turn changed cost.</p>';
  const rows = d.turns.map(
    (t, i) =>
      `<tr><td>${esc(res.turnNames[t.id] ?? t.id)}</td><td>${esc(t.change)}</td>` +
      `<td class="num">${esc(l.turns[i].before)} → ${esc(l.turns[i].after)}</td></tr>`,
  );
  return `<table><tr><th>turn</th><th>change</th><th class="num">expected credits</th></tr>${rows.join('')}</table>`;
}

/** One diff panel per export and base; each refreshes when its export is analysed again. */
export class DiffPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; uri: string; base: string }>();
  private readonly sub: vscode.Disposable;
  renders = 0;
  private readonly rendered = new vscode.EventEmitter<void>();
  /** Fires after every render of a panel (tests wait on it). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly client: LanguageClient,
    state: ActiveAnalysis,
  ) {
    this.sub = state.onDidAnalyse((uri) => {
      for (const p of this.panels.values()) if (p.uri === uri) void this.render(p.uri, p.base);
    });
  }

  /** Shows (or refreshes) the diff of `uri` against `base`; returns what the panel shows. */
  async render(uri: string, base: string): Promise<(DiffResult & { title?: string; html?: string }) | undefined> {
    const res = await this.client.sendRequest<DiffResult | null>(DIFF_REQUEST, { uri, base });
    if (!res) return undefined;
    const key = `${uri}\n${base}`;
    let entry = this.panels.get(key);
    if (!res.ok) {
      if (entry)
        entry.panel.webview.html = page(entry.panel.webview, 'Cost change', `<p class="warn">${esc(res.error)}</p>`);
      return res;
    }
    if (!entry) {
      const panel = vscode.window.createWebviewPanel(
        'agentCost.diff',
        `Cost vs ${base}: ${vscode.Uri.parse(uri).path.split('/').pop()}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [] },
      );
      entry = { panel, uri, base };
      this.panels.set(key, entry);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    entry.panel.webview.html = diffHtml(entry.panel.webview, vscode.Uri.parse(uri).fsPath, base, res);
    this.renders++;
    this.rendered.fire();
    return { ...res, title: entry.panel.title, html: entry.panel.webview.html };
  }

  dispose(): void {
    this.sub.dispose();
    this.rendered.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
  }
}
