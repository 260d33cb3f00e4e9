/** "Show Cost Report": the report in a webview panel, exportable as Markdown, CSV and JSON. */
import * as vscode from 'vscode';
import { fmtCount, fmtPlain } from '../core/report/numbers';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalysisResult, REPORT_REQUEST, ReportResult } from '../protocol';
import type { ActiveAnalysis } from './state';
import { stepTitle } from './costTree';
import { esc, page } from './html';

type Ok = Extract<AnalysisResult, { ok: true }>;
type Step = Ok['report']['steps'][number];
type Assumption = Ok['report']['assumptions'][number];

const isUnreachable = (s: Step) => (s as { reachable?: boolean }).reachable === false;
const STEP_HEAD =
  '<tr><th>step</th><th>type</th><th>model</th>' +
  '<th class="num">tokens in / out</th><th class="num">credits per run</th></tr>';

/** An assumption's value as a person reads it: 1,000 · 0.005 · yes · none · minimal 1, low 2. */
export function assumptionValue(v: unknown): string {
  if (typeof v === 'number') return fmtPlain(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? entries.map(([k, x]) => `${k} ${assumptionValue(x)}`).join(', ') : 'none';
  }
  return String(v ?? 'none');
}

/** A costly step: "Block › step", then its flow (and "unreachable") in small print. */
function stepRow(s: Step, label: string): string {
  const where = s.diagram?.name ? `in ${esc(s.diagram.name)}` : '';
  const tokens = `${s.tokens.exact ? '' : '≈'}${fmtCount(s.tokens.input)} / ${fmtCount(s.tokens.output)}`;
  const flow = where ? `<br><span class="muted small">${where}</span>` : '';
  return (
    `<tr${isUnreachable(s) ? ' class="unreachable"' : ''}><td>${esc(stepTitle(s))}${flow}</td>` +
    `<td>${esc(s.type)}</td><td>${esc(s.model ?? '-')}</td>` +
    `<td class="num">${tokens}</td><td class="num">${esc(label)}</td></tr>`
  );
}

const totalRow = (what: string, credits: string, usd: string) =>
  `<tr><td>${esc(what)}</td><td class="num">${esc(credits)}</td><td class="num">${esc(usd)}</td></tr>`;

/** Steps no path reaches that would cost: apart, folded (they are in no total). */
function unreachableHtml(steps: Step[], labels: Record<string, string>): string {
  if (!steps.length) return '';
  return (
    `<details><summary>Unreachable steps with a cost (${steps.length}): in no total</summary>` +
    `<table>${STEP_HEAD}${steps.map((s) => stepRow(s, labels[s.id])).join('')}</table></details>`
  );
}

function assumptionsHtml(list: readonly Assumption[]): string {
  const row = (a: Assumption) => `<tr><td>${esc(a.doc)}</td><td class="num">${esc(assumptionValue(a.value))}</td></tr>`;
  const set = list.filter((a) => (a as { isDefault?: boolean }).isDefault === false);
  const defaults = list.filter((a) => (a as { isDefault?: boolean }).isDefault !== false);
  return (
    `<h2>Assumptions</h2>` +
    (set.length
      ? `<table><tr><th>set for this project</th><th class="num">value</th></tr>${set.map(row).join('')}</table>`
      : '<p class="muted">Every assumption is at its default (set them in .agentcost.yaml or the settings).</p>') +
    `<details><summary>Defaults used (${defaults.length})</summary>` +
    `<table>${defaults.map(row).join('')}</table></details>`
  );
}

/** The report page: totals, the steps that cost (dearest first), turns, diagnostics, assumptions. */
export function reportHtml(webview: vscode.Webview, res: Ok): string {
  const r = res.report;
  const stale = res.stale ? `<p class="stale">Out of date: ${esc(res.stale)}. Last good figures shown.</p>` : '';
  const body = [
    `${stale}<h1>Agent cost: ${esc(r.file.projectName)}</h1>`,
    `<p class="muted">${esc(r.file.channel)} agent · export era ${esc(r.file.era)} · ` +
      `rate card checked ${esc(r.rateCard.checked)}</p>`,
    '<p><button data-format="markdown">Export Markdown</button><button data-format="csv">Export CSV</button>' +
      '<button data-format="json">Export JSON</button></p>',
    totalsHtml(res),
    `<p>Plan that fits: <b>${esc(r.month.plan?.name ?? 'Enterprise')}</b></p>`,
    stepsHtml(res),
    turnsHtml(res),
    diagnosticsHtml(r.diagnostics),
    assumptionsHtml(r.assumptions),
    '<p class="muted">Figures are rounded for display; Export JSON has the exact values.</p>',
  ].join('\n');
  return page(webview, `Agent cost: ${r.file.projectName}`, body, EXPORT_SCRIPT);
}

/** The export buttons post the format they name. */
const EXPORT_SCRIPT =
  'const vscode = acquireVsCodeApi();\n' +
  "for (const b of document.querySelectorAll('button[data-format]')) b.addEventListener('click', () => " +
  "vscode.postMessage({ type: 'export', format: b.dataset.format }));";

/** Credits and USD per conversation and per month. */
function totalsHtml(res: Ok): string {
  const r = res.report;
  const conversation = `Conversation (launch + ${fmtCount(r.conversation.turns)} turns)`;
  const month = `Month (${fmtCount(r.month.conversations)} conversations)`;
  return (
    '<table><tr><th></th><th class="num">credits (expected)</th><th class="num">USD</th></tr>\n' +
    `${totalRow(conversation, res.labels.conversation, res.labels.conversationUsd)}\n` +
    `${totalRow(month, res.labels.month, res.labels.monthUsd)}</table>`
  );
}

/** The steps that cost, dearest first; steps no path reaches are listed apart (they are in no total). */
function stepsHtml(res: Ok): string {
  const b = res.breakdown;
  const rank = new Map(b.stepsByCost.map((id, i) => [id, i]));
  const costly = res.report.steps
    .filter((s) => s.credits !== '0')
    .sort((x, y) => (rank.get(x.id) ?? 1e9) - (rank.get(y.id) ?? 1e9));
  const rows = costly
    .filter((s) => !isUnreachable(s))
    .map((s) => stepRow(s, b.stepLabels[s.id]))
    .join('');
  return `<h2>Steps that cost</h2><table>${STEP_HEAD}\n${rows}</table>\n${unreachableHtml(
    costly.filter(isUnreachable),
    b.stepLabels,
  )}`;
}

/** Each turn's kind, credits range and expected credits. */
function turnsHtml(res: Ok): string {
  const r = res.report;
  const names = new Map(res.turnNames.map((t) => [t.id, t.name]));
  const rows = res.breakdown.perTurn.map(
    (t) =>
      `<tr><td>${esc(names.get(t.key) ?? t.key)}</td><td>${esc(r.turns.find((x) => x.id === t.key)?.kind)}</td>` +
      `<td class="num">${esc(t.range)}</td><td class="num">${esc(t.label)}</td></tr>`,
  );
  return (
    '<h2>Turns</h2><table><tr><th>turn</th><th>kind</th><th class="num">credits per turn</th>' +
    `<th class="num">expected</th></tr>\n${rows.join('')}</table>`
  );
}

/** The rules' findings, or nothing when there are none. */
function diagnosticsHtml(list: Ok['report']['diagnostics']): string {
  if (!list.length) return '';
  const items = list.map((d) => `<li><b>${esc(d.severity)}</b> <code>${esc(d.rule)}</code>: ${esc(d.message)}</li>`);
  return `<h2>Diagnostics</h2><ul>${items.join('')}</ul>`;
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
      this.rendered.fire();
    }
  }

  /** How many times open panels were refreshed (tests read it). */
  renders = 0;
  private readonly rendered = new vscode.EventEmitter<void>();
  /** Fires after every refresh of an open panel (tests wait on it). */
  readonly onDidRender = this.rendered.event;

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
    this.rendered.dispose();
    for (const p of this.panels.values()) p.dispose();
  }
}
