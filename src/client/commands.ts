/**
 * Command palette (category "Agent Cost"). Each command takes optional arguments so scripts and
 * tests can run it without prompts, and returns what it showed.
 */
import * as vscode from 'vscode';
import { fmtInt } from '../core/report/display';
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

export function registerCommands(
  client: LanguageClient,
  state: ActiveAnalysis,
  panels: ReportPanels,
  diffs: DiffPanels,
  context: vscode.ExtensionContext,
  maps: CostMapPanels,
): vscode.Disposable[] {
  /**
   * The export a command acts on: its argument, the active editor, or the one the side panel shows
   * (when a report or map panel has the focus) as long as a tab still shows it.
   */
  const target = (arg?: string | vscode.Uri): string | undefined => {
    if (arg) return arg.toString();
    const d = vscode.window.activeTextEditor?.document;
    if (d) return isExportDocument(d) ? d.uri.toString() : undefined;
    return state.uri && shownInTab(state.uri) ? state.uri : undefined;
  };
  const analysed = async (uri: string | undefined, what: string) => {
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
  };

  return [
    vscode.commands.registerCommand('agentCost.showReport', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      const res = await analysed(uri, 'see its cost report');
      if (!res) return undefined;
      const panel = panels.show(uri!, res);
      return { title: panel.title, html: panel.webview.html };
    }),

    vscode.commands.registerCommand('agentCost.showCostMap', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      if (!(await analysed(uri, 'see its cost map'))) return undefined;
      const panel = await maps.show(uri!);
      if (typeof panel === 'string') {
        void vscode.window.showWarningMessage(`Agent Cost: ${panel}`);
        return undefined;
      }
      return { title: panel.title, html: panel.webview.html };
    }),

    vscode.commands.registerCommand(
      'agentCost.exportReport',
      async (arg?: string | vscode.Uri, format?: Format, file?: vscode.Uri) => {
        const uri = target(arg);
        if (!(await analysed(uri, 'export its cost report'))) return undefined;
        const f =
          format ??
          ((await vscode.window.showQuickPick(['markdown', 'csv', 'json'], {
            placeHolder: 'Export the cost report as…',
          })) as Format | undefined);
        return f ? panels.export(uri!, f, file) : undefined;
      },
    ),

    vscode.commands.registerCommand(
      'agentCost.estimateMonthly',
      async (arg?: string | vscode.Uri, conversations?: number) => {
        const uri = target(arg);
        if (!(await analysed(uri, 'estimate its monthly usage'))) return undefined;
        let n = conversations;
        if (n === undefined) {
          const current = vscode.workspace.getConfiguration('agentCost').get<number>('traffic.conversationsPerMonth');
          const input = await vscode.window.showInputBox({
            title: 'Estimate Monthly Usage',
            prompt: 'Conversations per month',
            value: fmtInt(current ?? 1000),
            validateInput: (v) =>
              /^\d[\d,]*$/.test(v.trim()) ? undefined : 'Enter a whole number of conversations (e.g. 20,000)',
          });
          if (input === undefined) return undefined;
          n = Number(input.trim().replace(/,/g, ''));
        }
        const res = await client.sendRequest<EstimateResult | null>(ESTIMATE_REQUEST, {
          uri,
          conversationsPerMonth: n,
        });
        if (res) void vscode.window.showInformationMessage(`Agent Cost: ${res.summary}`);
        return res;
      },
    ),

    vscode.commands.registerCommand(
      'agentCost.tryModel',
      async (arg?: string | vscode.Uri, model?: string, apply?: boolean) => {
        const uri = target(arg);
        if (!(await analysed(uri, 'try another model'))) return undefined;
        let m = model;
        if (!m) {
          const costs = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: 'Agent Cost: pricing the agent on each model…' },
            () => client.sendRequest<ModelCost[] | null>(MODEL_COSTS_REQUEST, { uri }),
          );
          if (!costs) return undefined;
          const pick = await vscode.window.showQuickPick(
            costs.map((x) => ({
              label: x.id,
              description: `${x.labels.conversation} credits/conversation · ${x.labels.month} credits (${x.labels.monthUsd})/month${x.current ? ' · in use now' : ''}`,
              detail: `${x.vendor} · rate checked ${x.checked}`,
            })),
            { title: 'Try Another Model: what this agent would cost on each (cheapest first)', matchOnDetail: true },
          );
          if (!pick) return undefined;
          m = pick.label;
          apply = true;
        }
        const res = await client.sendRequest<WhatIfResult | null>(WHAT_IF_REQUEST, { uri, model: m });
        if (res?.after && apply) await setWhatIf(res.model);
        if (res?.after)
          void vscode.window.showInformationMessage(
            `Agent Cost: ${res.summary}.${apply ? ' Applied as a what-if: run "Clear What-If Model" to undo.' : ''}`,
          );
        else if (res) void vscode.window.showWarningMessage(`Agent Cost: ${res.summary}`);
        return res;
      },
    ),

    vscode.commands.registerCommand('agentCost.clearWhatIf', async () => setWhatIf(undefined)),

    // The editor-title button passes the file and then { groupId, editorIndex }: only a string is a ref.
    vscode.commands.registerCommand('agentCost.compareWithHead', async (arg?: string | vscode.Uri, ref?: unknown) => {
      const base = typeof ref === 'string' && ref ? ref : 'HEAD';
      const uri = target(arg);
      if (!(await analysed(uri, `compare its cost with ${base}`))) return undefined;
      const res = await diffs.render(uri!, base);
      if (res && !res.ok) void vscode.window.showWarningMessage(`Agent Cost: ${res.error}`);
      return res;
    }),

    vscode.commands.registerCommand(OPEN_RULE_DOCS_COMMAND, async (rule: string) => {
      if (!/^[a-z-]+$/.test(rule)) return false;
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(context.asAbsolutePath(`docs/rules/${rule}.md`)),
      );
      return true;
    }),

    vscode.commands.registerCommand('agentCost.openSettings', async () => {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'agentCost');
      return true;
    }),

    vscode.commands.registerCommand('agentCost.formatExport', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      // Never reopen a closed file: format only an export the editor has open.
      const open = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (!open) {
        void vscode.window.showWarningMessage(needExport('format it'));
        return false;
      }
      const r = await client.sendRequest<{ ok: boolean; error?: string }>('workspace/executeCommand', {
        command: SERVER_FORMAT_COMMAND,
        arguments: [uri],
      });
      if (!r?.ok && r?.error) void vscode.window.showWarningMessage(`Agent Cost: ${r.error}`);
      return !!r?.ok;
    }),

    vscode.commands.registerCommand(
      'agentCost.revealStep',
      async (uri: string, range: { start: { line: number; character: number } }, column?: vscode.ViewColumn) => {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const pos = new vscode.Position(range.start.line, range.start.character);
        const editor = await vscode.window.showTextDocument(doc, {
          selection: new vscode.Range(pos, pos),
          preserveFocus: false,
          viewColumn: column,
        });
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return true;
      },
    ),
  ];
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
