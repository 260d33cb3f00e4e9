/** "Cost breakdown" webview view: credits per turn, share by model and category, month vs plan. */
import * as vscode from 'vscode';
import type { AnalysisResult } from '../protocol';
import { needExport } from './commands';
import { bars, esc, monthChart, page } from './html';
import type { ActiveAnalysis } from './state';

export class BreakdownView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'agentCost.breakdown';
  private view?: vscode.WebviewView;
  private readonly sub: vscode.Disposable;
  private readonly rendered = new vscode.EventEmitter<void>();
  /** Fires after every render (tests wait on it). */
  readonly onDidRender = this.rendered.event;

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
    if (!res) body = `<p class="muted">${this.state.uri ? 'Analysing…' : needExport('see its cost')}</p>`;
    // Like the tree: an ordinary JSON file in the editor is no export, so say what to open.
    else if (!res.ok) body = res.notAnExport ? `<p class="muted">${needExport('see its cost')}</p>` : warn(res.error);
    else body = breakdownBody(res);
    this.html = page(this.view.webview, 'Cost breakdown', body, '', '', true);
    this.view.webview.html = this.html;
    this.rendered.fire();
  }

  dispose(): void {
    this.sub.dispose();
    this.rendered.dispose();
  }
}

const warn = (text: string) => `<p class="warn">${esc(text)}</p>`;

type Ok = Extract<AnalysisResult, { ok: true }>;

/** The breakdown of an analysis: headline, bars per turn, model and category, the month's chart. */
function breakdownBody(res: Ok): string {
  const b = res.breakdown;
  const m = b.month;
  const turnNames = new Map(res.turnNames.map((t) => [t.id, t.name]));
  const stale = res.stale ? `<p class="stale">Out of date: ${esc(res.stale)}. Last good figures shown.</p>` : '';
  const perTurn = b.perTurn.map((t) => ({
    ...t,
    key: turnNames.get(t.key) ?? t.key,
    label: `${t.label}${t.unbounded ? ' (loop)' : ''}`,
  }));
  return [
    `${stale}<h2>${esc(res.report.file.projectName)}</h2>`,
    `<p>${b.conversation.complete ? '' : '≥'}${esc(b.conversation.label)} credits per conversation ` +
      `(${esc(b.conversation.usdLabel)}) · ${esc(m.label)} credits per month</p>`,
    bars('Credits per turn (expected)', perTurn),
    b.byModel.length ? bars('Credits per run by model', b.byModel, 'alt') : '<p class="muted">No LLM calls.</p>',
    b.byCategory.length
      ? bars('Credits per run by category', b.byCategory)
      : '<p class="muted">Only user messages cost credits.</p>',
    `<h2>Monthly projection</h2>${monthChart(m)}`,
    `<p class="muted">${allotmentNote(m)}</p>`,
    `<p class="muted">Rate card checked ${esc(res.report.rateCard.checked)}. Rounded for display.</p>`,
  ].join('\n');
}

/** The plan allotment the month is measured against, and the day each alert threshold is reached. */
function allotmentNote(m: Ok['breakdown']['month']): string {
  if (m.budget === null) return 'No plan allotment known for this projection.';
  const days = m.thresholds.map((t) => `${t.percent}% ${t.day === null ? 'not reached' : `on day ${t.day}`}`);
  return `Against ${esc(m.budgetLabel)} credits (${esc(m.budgetSource)}); ${days.join(', ')}.`;
}
