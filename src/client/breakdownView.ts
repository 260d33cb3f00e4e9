/** "Cost breakdown" webview view: credits per turn, share by model and category, month vs plan. */
import * as vscode from 'vscode';
import { bars, esc, monthChart, page } from './html';
import type { ActiveAnalysis } from './state';

export class BreakdownView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'agentCost.breakdown';
  private view?: vscode.WebviewView;
  private readonly sub: vscode.Disposable;

  constructor(private readonly state: ActiveAnalysis) {
    this.sub = state.onDidChange(() => this.render());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false, localResourceRoots: [] };
    this.render();
  }

  /** The HTML currently shown (tests read it through the agentCost.internal.breakdownHtml command). */
  html = '';

  private render(): void {
    if (!this.view) return;
    const res = this.state.result;
    let body: string;
    if (!res)
      body = `<p class="muted">${this.state.uri ? 'Analysing…' : 'Open a Voiceflow export (.vf) to see its cost.'}</p>`;
    else if (!res.ok) body = `<p class="warn">${esc(res.error)}</p>`;
    else {
      const b = res.breakdown;
      const m = b.month;
      body = `<h2>${esc(res.report.file.projectName)}</h2>
<p>${b.conversation.complete ? '' : '≥'}${esc(b.conversation.label)} credits per conversation (${esc(b.conversation.usdLabel)}) · ${esc(m.label)} credits per month</p>
<h2>Credits per turn (expected)</h2>${bars(b.perTurn.map((t) => ({ key: t.key === 'launch' ? 'launch' : (res.report.steps.find((s) => s.id === t.start)?.name ?? t.key), value: t.value, label: `${t.label}${t.unbounded ? ' (loop)' : ''}` })))}
<h2>Share by model (per run)</h2>${b.byModel.length ? bars(b.byModel, 'alt') : '<p class="muted">No LLM calls.</p>'}
<h2>Share by category (per run)</h2>${b.byCategory.length ? bars(b.byCategory) : '<p class="muted">Only user messages cost credits.</p>'}
<h2>Monthly projection</h2>${monthChart(m)}
<p class="muted">${m.budget === null ? 'No plan allotment known for this projection.' : `Against ${m.budget.toLocaleString('en-US')} credits (${esc(m.budgetSource)}); ${m.thresholds.map((t) => `${t.percent}% ${t.day === null ? 'not reached' : `on day ${t.day}`}`).join(', ')}.`}</p>
<p class="muted">Rate card checked ${esc(res.report.rateCard.checked)}. Rounded for display.</p>`;
    }
    this.html = page(this.view.webview, 'Cost breakdown', body);
    this.view.webview.html = this.html;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
