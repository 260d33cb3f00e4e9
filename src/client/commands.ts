/**
 * Command palette (category "Agent Cost"). Each command takes optional arguments so scripts and
 * tests can run it without prompts, and returns what it showed.
 */
import * as vscode from 'vscode';
import { fmtCount } from '../core/report/numbers';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ESTIMATE_REQUEST,
  EstimateResult,
  MODEL_COSTS_REQUEST,
  ModelCost,
  OPEN_RULE_DOCS_COMMAND,
  SERVER_FORMAT_COMMAND,
  WHAT_IF_REQUEST,
  WhatIfResult,
} from '../protocol';
import type { DiffPanels } from './diffPanel';
import type { CostMapPanels } from './costMapPanel';
import type { ReportPanels } from './reportPanel';
import type { ActiveAnalysis } from './state';
import { isExportDocument, shownInTab } from './state';

type Format = 'markdown' | 'csv' | 'json';

/** The message when a command needs an export and none is open (or the open file is not one). */
export const needExport = (what: string) => `Open a Voiceflow export (.vf or .json) to ${what}.`;

/** What the command handlers need: the client, the shown analysis and the panels. */
interface Deps {
  client: LanguageClient;
  state: ActiveAnalysis;
  panels: ReportPanels;
  diffs: DiffPanels;
  context: vscode.ExtensionContext;
  maps: CostMapPanels;
}

export function registerCommands(
  client: LanguageClient,
  state: ActiveAnalysis,
  panels: ReportPanels,
  diffs: DiffPanels,
  context: vscode.ExtensionContext,
  maps: CostMapPanels,
): vscode.Disposable[] {
  const d: Deps = { client, state, panels, diffs, context, maps };
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('agentCost.showReport', (arg?: string | vscode.Uri) => showReport(d, arg)),
    register('agentCost.showCostMap', (arg?: string | vscode.Uri) => showCostMap(d, arg)),
    register('agentCost.exportReport', (arg?: string | vscode.Uri, format?: Format, file?: vscode.Uri) =>
      exportReport(d, arg, format, file),
    ),
    register('agentCost.estimateMonthly', (arg?: string | vscode.Uri, conversations?: number) =>
      estimateMonthly(d, arg, conversations),
    ),
    register('agentCost.tryModel', (arg?: string | vscode.Uri, model?: string, apply?: boolean) =>
      tryModel(d, arg, model, apply),
    ),
    register('agentCost.clearWhatIf', async () => setWhatIf(undefined)),
    register('agentCost.compareWithHead', (arg?: string | vscode.Uri, ref?: unknown) => compareWithHead(d, arg, ref)),
    register(OPEN_RULE_DOCS_COMMAND, (rule: string) => openRuleDocs(context, rule)),
    register('agentCost.openSettings', async () => {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'agentCost');
      return true;
    }),
    register('agentCost.formatExport', (arg?: string | vscode.Uri) => formatExport(d, arg)),
    register('agentCost.revealStep', revealStep),
  ];
}

/**
 * The export a command acts on: its argument, the active editor, or the one the side panel shows
 * (when a report or map panel has the focus) as long as a tab still shows it.
 */
function target(state: ActiveAnalysis, arg?: string | vscode.Uri): string | undefined {
  if (arg) return arg.toString();
  const d = vscode.window.activeTextEditor?.document;
  if (d) return isExportDocument(d) ? d.uri.toString() : undefined;
  return state.uri && shownInTab(state.uri) ? state.uri : undefined;
}

/** The analysis of `uri`, or undefined after a warning that says what is missing to `what`. */
async function analysed(state: ActiveAnalysis, uri: string | undefined, what: string) {
  if (!uri) {
    void vscode.window.showWarningMessage(needExport(what));
    return undefined;
  }
  const res = await state.for(vscode.Uri.parse(uri));
  if (!res?.ok) {
    // null: the server has no such open document (closed, or not an export at all).
    void vscode.window.showWarningMessage(!res || res.notAnExport ? needExport(what) : `Agent Cost: ${res.error}`);
    return undefined;
  }
  return res;
}

/** "Show Cost Report": the report panel of the target export; returns its title and HTML. */
async function showReport(d: Deps, arg?: string | vscode.Uri) {
  const uri = target(d.state, arg);
  const res = await analysed(d.state, uri, 'see its cost report');
  if (!res) return undefined;
  const panel = d.panels.show(uri!, res);
  return { title: panel.title, html: panel.webview.html };
}

/** "Show Cost Map": the map panel of the target export; returns its title and HTML. */
async function showCostMap(d: Deps, arg?: string | vscode.Uri) {
  const uri = target(d.state, arg);
  if (!(await analysed(d.state, uri, 'see its cost map'))) return undefined;
  const panel = await d.maps.show(uri!);
  if (typeof panel === 'string') {
    void vscode.window.showWarningMessage(`Agent Cost: ${panel}`);
    return undefined;
  }
  return { title: panel.title, html: panel.webview.html };
}

/** "Export Cost Report": as Markdown, CSV or JSON (asks which when no format is given). */
async function exportReport(d: Deps, arg?: string | vscode.Uri, format?: Format, file?: vscode.Uri) {
  const uri = target(d.state, arg);
  if (!(await analysed(d.state, uri, 'export its cost report'))) return undefined;
  const f =
    format ??
    ((await vscode.window.showQuickPick(['markdown', 'csv', 'json'], {
      placeHolder: 'Export the cost report as…',
    })) as Format | undefined);
  return f ? d.panels.export(uri!, f, file) : undefined;
}

/** "Estimate Monthly Usage": the month's credits for a number of conversations (asked when not given). */
async function estimateMonthly(d: Deps, arg?: string | vscode.Uri, conversations?: number) {
  const uri = target(d.state, arg);
  if (!(await analysed(d.state, uri, 'estimate its monthly usage'))) return undefined;
  const n = conversations !== undefined ? conversations : await askConversations();
  if (n === undefined) return undefined;
  const res = await d.client.sendRequest<EstimateResult | null>(ESTIMATE_REQUEST, {
    uri,
    conversationsPerMonth: n,
  });
  if (res) void vscode.window.showInformationMessage(`Agent Cost: ${res.summary}`);
  return res;
}

/** Asks for the conversations per month (the setting's value first); undefined when dismissed. */
async function askConversations(): Promise<number | undefined> {
  const current = vscode.workspace.getConfiguration('agentCost').get<number>('traffic.conversationsPerMonth');
  const input = await vscode.window.showInputBox({
    title: 'Estimate Monthly Usage',
    prompt: 'Conversations per month',
    value: fmtCount(current ?? 1000),
    validateInput: (v) =>
      /^\d[\d,]*$/.test(v.trim()) ? undefined : 'Enter a whole number of conversations (e.g. 20,000)',
  });
  return input === undefined ? undefined : Number(input.trim().replace(/,/g, ''));
}

/**
 * "Try Another Model": prices the agent on `model`, or on the one picked from every model's cost
 * (a pick is applied as the what-if model).
 */
async function tryModel(d: Deps, arg?: string | vscode.Uri, model?: string, apply?: boolean) {
  const uri = target(d.state, arg);
  if (!(await analysed(d.state, uri, 'try another model'))) return undefined;
  let m = model;
  if (!m) {
    m = await pickModel(d.client, uri!);
    if (!m) return undefined;
    apply = true;
  }
  const res = await d.client.sendRequest<WhatIfResult | null>(WHAT_IF_REQUEST, { uri, model: m });
  if (res?.after && apply) await setWhatIf(res.model);
  if (res?.after)
    void vscode.window.showInformationMessage(
      `Agent Cost: ${res.summary}.${apply ? ' Applied as a what-if: run "Clear What-If Model" to undo.' : ''}`,
    );
  else if (res) void vscode.window.showWarningMessage(`Agent Cost: ${res.summary}`);
  return res;
}

/** A quick pick of what the agent would cost on each model (cheapest first); the id picked. */
async function pickModel(client: LanguageClient, uri: string): Promise<string | undefined> {
  const costs = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Agent Cost: pricing the agent on each model…' },
    () => client.sendRequest<ModelCost[] | null>(MODEL_COSTS_REQUEST, { uri }),
  );
  if (!costs) return undefined;
  const pick = await vscode.window.showQuickPick(
    costs.map((x) => ({
      label: x.id,
      description:
        `${x.labels.conversation} credits/conversation · ` +
        `${x.labels.month} credits (${x.labels.monthUsd})/month${x.current ? ' · in use now' : ''}`,
      detail: `${x.vendor} · rate checked ${x.checked}`,
    })),
    { title: 'Try Another Model: what this agent would cost on each (cheapest first)', matchOnDetail: true },
  );
  return pick?.label;
}

/**
 * "Compare Cost with HEAD" (or another ref). The editor-title button passes the file and then
 * { groupId, editorIndex }: only a string is a ref.
 */
async function compareWithHead(d: Deps, arg?: string | vscode.Uri, ref?: unknown) {
  const base = typeof ref === 'string' && ref ? ref : 'HEAD';
  const uri = target(d.state, arg);
  if (!(await analysed(d.state, uri, `compare its cost with ${base}`))) return undefined;
  const res = await d.diffs.render(uri!, base);
  if (res && !res.ok) void vscode.window.showWarningMessage(`Agent Cost: ${res.error}`);
  return res;
}

/** Opens a rule's docs page (docs/rules/<id>.md) in the Markdown preview; false for a bad id. */
async function openRuleDocs(context: vscode.ExtensionContext, rule: string): Promise<boolean> {
  if (!/^[a-z-]+$/.test(rule)) return false;
  await vscode.commands.executeCommand(
    'markdown.showPreview',
    vscode.Uri.file(context.asAbsolutePath(`docs/rules/${rule}.md`)),
  );
  return true;
}

/** "Format Export": the server formats the export, only one the editor has open (never reopens it). */
async function formatExport(d: Deps, arg?: string | vscode.Uri): Promise<boolean> {
  const uri = target(d.state, arg);
  const open = uri && vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri);
  if (!open) {
    void vscode.window.showWarningMessage(needExport('format it'));
    return false;
  }
  const r = await d.client.sendRequest<{ ok: boolean; error?: string }>('workspace/executeCommand', {
    command: SERVER_FORMAT_COMMAND,
    arguments: [uri],
  });
  if (!r?.ok && r?.error) void vscode.window.showWarningMessage(`Agent Cost: ${r.error}`);
  return !!r?.ok;
}

/** Opens the export at a step's position and puts the cursor there (lenses, trees and panels use it). */
async function revealStep(
  uri: string,
  range: { start: { line: number; character: number } },
  column?: vscode.ViewColumn,
): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const pos = new vscode.Position(range.start.line, range.start.character);
  const editor = await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(pos, pos),
    preserveFocus: false,
    viewColumn: column,
  });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

/** Sets (or clears) the what-if model for the workspace: every export is priced on it. */
async function setWhatIf(model: string | undefined): Promise<boolean> {
  const cfg = vscode.workspace.getConfiguration('agentCost');
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  const i = cfg.inspect<Record<string, unknown>>('assumptions');
  const current = { ...((target === vscode.ConfigurationTarget.Workspace ? i?.workspaceValue : i?.globalValue) ?? {}) };
  if (model) current.modelOverride = model;
  else delete current.modelOverride;
  await cfg.update('assumptions', Object.keys(current).length ? current : undefined, target);
  return true;
}
