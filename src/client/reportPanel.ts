/** "Show Cost Report": the report in a webview panel, exportable as Markdown, CSV and JSON. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalysisResult, REPORT_REQUEST, ReportResult } from '../protocol';
import type { ActiveAnalysis } from './state';
import { stepTitle } from './costTree';
import { esc, page } from './html';

type Ok = Extract<AnalysisResult, { ok: true }>;

export function reportHtml(webview: vscode.Webview, res: Ok): string {
  const r = res.report;
  const b = res.breakdown;
  const costly = r.steps.filter((s) => s.credits !== '0');
  const names = new Map(res.turnNames.map((t) => [t.id, t.name]));
  const int = (n: number) => n.toLocaleString('en-US');
  const stale = res.stale ? `<p class="stale">Out of date: ${esc(res.stale)}. Last good figures shown.</p>` : '';
  const body = `${stale}<h1>Agent cost: ${esc(r.file.projectName)}</h1>
<p class="muted">${esc(r.file.channel)} agent · export era ${esc(r.file.era)} · rate card checked ${esc(r.rateCard.checked)}</p>
<p><button data-format="markdown">Export Markdown</button><button data-format="csv">Export CSV</button><button data-format="json">Export JSON</button></p>
<table><tr><th></th><th class="num">credits (expected)</th><th class="num">USD</th></tr>
<tr><td>Conversation (launch + ${r.conversation.turns} turns)</td><td class="num">${esc(res.labels.conversation)}</td><td class="num">${esc(res.labels.conversationUsd)}</td></tr>
<tr><td>Month (${r.month.conversations.toLocaleString('en-US')} conversations)</td><td class="num">${esc(res.labels.month)}</td><td class="num">${esc(res.labels.monthUsd)}</td></tr></table>
<p>Plan that fits: <b>${esc(r.month.plan?.name ?? 'Enterprise')}</b></p>
<h2>Steps that cost</h2><table><tr><th>step</th><th>type</th><th>model</th><th class="num">tokens in / out</th><th class="num">credits per run</th></tr>
${costly.map((s) => `<tr><td>${esc(stepTitle(s))}</td><td>${esc(s.type)}</td><td>${esc(s.model ?? '-')}</td><td class="num">${s.tokens.exact ? '' : '≈'}${int(s.tokens.input)} / ${int(s.tokens.output)}</td><td class="num">${esc(b.stepLabels[s.id])}</td></tr>`).join('')}</table>
<h2>Turns</h2><table><tr><th>turn</th><th>kind</th><th class="num">credits per turn</th><th class="num">expected</th></tr>
${b.perTurn.map((t) => `<tr><td>${esc(names.get(t.key) ?? t.key)}</td><td>${esc(r.turns.find((x) => x.id === t.key)?.kind)}</td><td class="num">${esc(t.range)}</td><td class="num">${esc(t.label)}</td></tr>`).join('')}</table>
${r.diagnostics.length ? `<h2>Diagnostics</h2><ul>${r.diagnostics.map((d) => `<li><b>${esc(d.severity)}</b> <code>${esc(d.rule)}</code>: ${esc(d.message)}</li>`).join('')}</ul>` : ''}
<h2>Assumptions</h2><ul>${r.assumptions.map((a) => `<li>${esc(a.doc)}: <code>${esc(JSON.stringify(a.value))}</code></li>`).join('')}</ul>
<p class="muted">Figures are rounded for display; Export JSON has the exact values.</p>`;
  const script = `const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-format]')) b.addEventListener('click', () => vscode.postMessage({ type: 'export', format: b.dataset.format }));`;
  return page(webview, `Agent cost: ${r.file.projectName}`, body, script);
}

export class ReportPanels implements vscode.Disposable {
  readonly panels = new Map<string, vscode.WebviewPanel>();

  private readonly sub: vscode.Disposable;

  /** Open panels show every new analysis of their export (live, no reopening). */
  constructor(
    private readonly client: LanguageClient,
    state: ActiveAnalysis,
  ) {
    this.sub = state.onDidAnalyse((uri) => void this.refresh(uri, state));
  }

  private async refresh(uri: string, state: ActiveAnalysis): Promise<void> {
    const panel = this.panels.get(uri);
    if (!panel) return;
    const res = await state.for(vscode.Uri.parse(uri));
    if (res?.ok && this.panels.get(uri) === panel) {
      panel.webview.html = reportHtml(panel.webview, res);
      this.renders++;
    }
  }

  /** How many times open panels were refreshed (tests read it). */
  renders = 0;

  show(uri: string, res: Ok): vscode.WebviewPanel {
    let panel = this.panels.get(uri);
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        'agentCost.report',
        `Cost: ${res.report.file.projectName}`,
        vscode.ViewColumn.Beside,
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panels.set(uri, panel);
      panel.onDidDispose(() => this.panels.delete(uri));
      panel.webview.onDidReceiveMessage(
        (m: { type: string; format: 'markdown' | 'csv' | 'json' }) =>
          m.type === 'export' && void this.export(uri, m.format),
      );
    }
    panel.webview.html = reportHtml(panel.webview, res);
    panel.reveal(vscode.ViewColumn.Beside, true);
    return panel;
  }

  /** Saves the report; `target` skips the save dialog (tests, scripts). Returns the file written. */
  async export(uri: string, format: 'markdown' | 'csv' | 'json', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const res = await this.client.sendRequest<ReportResult | null>(REPORT_REQUEST, { uri, format });
    if (!res) return undefined;
    const ext = format === 'markdown' ? 'md' : format;
    const file =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.parse(uri.replace(/\.(vf|json)$/, `.cost.${ext}`)),
        filters: { [format]: [ext] },
      }));
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, Buffer.from(res.text, 'utf8'));
    void vscode.window
      .showInformationMessage(`Agent Cost: wrote the ${format} report to ${file.path.split('/').pop()}.`, 'Open')
      .then((choice) => {
        if (choice === 'Open') void vscode.window.showTextDocument(file);
      });
    return file;
  }

  dispose(): void {
    this.sub.dispose();
    for (const p of this.panels.values()) p.dispose();
  }
}
