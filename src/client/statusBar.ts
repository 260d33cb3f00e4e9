/** Status bar: the active export's credits per conversation; the tooltip names the rate card date. */
import * as vscode from 'vscode';
import type { ActiveAnalysis } from './state';

export function statusBar(state: ActiveAnalysis): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentCost.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Agent Cost';
  const update = () => {
    const r = state.result;
    if (!state.uri || r === undefined) return item.hide();
    if (r === null) {
      item.text = '$(loading~spin) Agent Cost';
      item.tooltip = 'Analysing…';
    } else if (!r.ok) {
      item.text = r.notAnExport ? '$(warning) Not a Voiceflow export' : '$(error) Agent Cost: invalid file';
      item.tooltip = r.error;
    } else {
      item.text = `$(credit-card) ${r.labels.conversation} credits/conv`;
      const md = new vscode.MarkdownString(
        `**Agent Cost** · ${r.labels.conversationUsd} per conversation · ${r.labels.month} credits (${r.labels.monthUsd}) per month\n\nRate card checked ${r.report.rateCard.checked}.`,
      );
      md.isTrusted = false;
      item.tooltip = md;
    }
    item.command = 'agentCost.showReport';
    item.show();
  };
  const sub = state.onDidChange(update);
  update();
  return vscode.Disposable.from(item, sub);
}
