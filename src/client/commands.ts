/**
 * Command palette (category "Agent Cost"). Each command takes optional arguments so scripts and
 * tests can run it without prompts, and returns what it showed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DIFF_REQUEST,
  DiffResult,
  ESTIMATE_REQUEST,
  EstimateResult,
  MODELS_REQUEST,
  ModelInfo,
  OPEN_RULE_DOCS_COMMAND,
  WHAT_IF_REQUEST,
  WhatIfResult,
} from '../protocol';
import { diffHtml } from './diffPanel';
import type { CostMapPanels } from './costMapPanel';
import type { ReportPanels } from './reportPanel';
import type { ActiveAnalysis } from './state';
import { isExportDocument } from './state';

type Format = 'markdown' | 'csv' | 'json';

export function registerCommands(
  client: LanguageClient,
  state: ActiveAnalysis,
  panels: ReportPanels,
  context: vscode.ExtensionContext,
  maps: CostMapPanels,
): vscode.Disposable[] {
  /** The export a command acts on: its argument, the active editor, or the one the panel shows. */
  const target = (arg?: string | vscode.Uri): string | undefined => {
    if (arg) return arg.toString();
    const d = vscode.window.activeTextEditor?.document;
    return isExportDocument(d) ? d.uri.toString() : state.uri;
  };
  const analysed = async (uri: string | undefined) => {
    if (!uri) {
      void vscode.window.showWarningMessage('Agent Cost: open a Voiceflow export (.vf) first.');
      return undefined;
    }
    const res = await state.for(vscode.Uri.parse(uri));
    if (!res?.ok) {
      void vscode.window.showWarningMessage(`Agent Cost: ${res ? res.error : 'this file is not being analysed'}`);
      return undefined;
    }
    return res;
  };

  return [
    vscode.commands.registerCommand('agentCost.showReport', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      const res = await analysed(uri);
      if (!res) return undefined;
      const panel = panels.show(uri!, res);
      return { title: panel.title, html: panel.webview.html };
    }),

    vscode.commands.registerCommand('agentCost.showCostMap', async (arg?: string | vscode.Uri) => {
      const uri = target(arg);
      if (!(await analysed(uri))) return undefined;
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
        if (!(await analysed(uri))) return undefined;
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
        if (!(await analysed(uri))) return undefined;
        let n = conversations;
        if (n === undefined) {
          const current = vscode.workspace.getConfiguration('agentCost').get<number>('traffic.conversationsPerMonth');
          const input = await vscode.window.showInputBox({
            title: 'Estimate Monthly Usage',
            prompt: 'Conversations per month',
            value: String(current ?? 1000),
            validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'Enter a whole number of conversations'),
          });
          if (input === undefined) return undefined;
          n = Number(input.trim());
        }
        const res = await client.sendRequest<EstimateResult | null>(ESTIMATE_REQUEST, {
          uri,
          conversationsPerMonth: n,
        });
        if (res) void vscode.window.showInformationMessage(`Agent Cost: ${res.summary}`);
        return res;
      },
    ),

    vscode.commands.registerCommand('agentCost.tryModel', async (arg?: string | vscode.Uri, model?: string) => {
      const uri = target(arg);
      if (!(await analysed(uri))) return undefined;
      let m = model;
      if (!m) {
        const models = await client.sendRequest<ModelInfo[]>(MODELS_REQUEST);
        const pick = await vscode.window.showQuickPick(
          models.map((x) => ({
            label: x.id,
            description: `${x.vendor} · ${x.inputPer1K} / ${x.outputPer1K} credits per 1K in/out · checked ${x.checked}`,
          })),
          { title: 'Try Another Model: price every LLM call on…' },
        );
        if (!pick) return undefined;
        m = pick.label;
      }
      const res = await client.sendRequest<WhatIfResult | null>(WHAT_IF_REQUEST, { uri, model: m });
      if (res?.after) void vscode.window.showInformationMessage(`Agent Cost: ${res.summary}.`);
      else if (res) void vscode.window.showWarningMessage(`Agent Cost: ${res.summary}`);
      return res;
    }),

    vscode.commands.registerCommand('agentCost.compareWithHead', async (arg?: string | vscode.Uri, base = 'HEAD') => {
      const uri = target(arg);
      if (!(await analysed(uri))) return undefined;
      const res = await client.sendRequest<DiffResult | null>(DIFF_REQUEST, { uri, base });
      if (!res) return undefined;
      if (!res.ok) {
        void vscode.window.showWarningMessage(`Agent Cost: ${res.error}`);
        return res;
      }
      const panel = vscode.window.createWebviewPanel(
        'agentCost.diff',
        `Cost vs ${base}: ${vscode.Uri.parse(uri!).path.split('/').pop()}`,
        vscode.ViewColumn.Beside,
        { enableScripts: false, localResourceRoots: [] },
      );
      panel.webview.html = diffHtml(panel.webview, vscode.Uri.parse(uri!).fsPath, base, res);
      return { ...res, title: panel.title, html: panel.webview.html };
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
      if (!uri) return false;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('editor.action.formatDocument');
      return true;
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
