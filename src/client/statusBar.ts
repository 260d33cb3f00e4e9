/**
 * Status bar: the active export's credits per conversation; the tooltip names the rate card
 * date. It also says when the figures are out of date (the file does not parse right now) and
 * when VS Code shows no code lenses for the file, and why.
 */
import * as vscode from 'vscode';
import type { ActiveAnalysis } from './state';

/** VS Code turns code lenses off for files with more lines than this, or more bytes than the next. */
export const LENS_LINE_LIMIT = 300_000;
export const LENS_SIZE_LIMIT = 20 * 1024 * 1024;

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Why the editor shows no code lenses for `doc` (short, for the status bar, and in full), or
 * undefined when it does. VS Code's large-file mode (editor.largeFileOptimizations) turns lenses
 * off over 300,000 lines or 20 MB; inlay hints stay on.
 */
export function lensesOff(doc: vscode.TextDocument | undefined): { short: string; why: string } | undefined {
  if (!doc) return undefined;
  const annotations = vscode.workspace.getConfiguration('agentCost').get<string>('editor.annotations');
  if (annotations === 'hints') return undefined; // the user's choice, not a limit
  const editor = vscode.workspace.getConfiguration('editor', doc);
  if (!editor.get<boolean>('codeLens', true))
    return { short: 'editor.codeLens', why: 'code lenses are off in your settings (editor.codeLens)' };
  if (!editor.get<boolean>('largeFileOptimizations', true)) return undefined;
  if (doc.lineCount > LENS_LINE_LIMIT)
    return {
      short: `over ${n(LENS_LINE_LIMIT)} lines`,
      why: `VS Code turns code lenses off for files over ${n(LENS_LINE_LIMIT)} lines (this one has ${n(doc.lineCount)})`,
    };
  const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  if (size > LENS_SIZE_LIMIT)
    return {
      short: 'over 20 MB',
      why: `VS Code turns code lenses off for files over 20 MB (this one has ${(size / 1048576).toFixed(1)} MB)`,
    };
  return undefined;
}

export function statusBar(state: ActiveAnalysis): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentCost.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Agent Cost';
  const update = () => {
    const r = state.result;
    if (!state.uri || r === undefined) return item.hide();
    item.command = 'agentCost.showReport';
    if (r === null) {
      item.text = '$(loading~spin) Agent Cost';
      item.tooltip = 'Analysing…';
    } else if (!r.ok) {
      if (r.notAnExport && state.document?.languageId === 'json') return item.hide();
      item.text = r.notAnExport ? '$(warning) Not a Voiceflow export' : '$(error) Agent Cost: invalid file';
      item.tooltip = r.error;
    } else {
      const off = lensesOff(state.document);
      const hintsOn = vscode.workspace.getConfiguration('agentCost').get<string>('editor.annotations') !== 'lenses';
      const whatIf = r.report.assumptions.find((x) => x.key === 'modelOverride')?.value;
      item.text =
        `${r.stale ? '$(history)' : '$(credit-card)'} ${r.labels.conversation} credits/conv` +
        `${whatIf ? ` · what-if: ${String(whatIf)}` : ''}` +
        `${r.stale ? ` (out of date: ${r.stale})` : ''}${off ? ` · lenses off (${off.short})` : ''}`;
      const lines = [
        `**Agent Cost** · ${r.labels.conversationUsd} per conversation · ${r.labels.month} credits (${r.labels.monthUsd}) per month`,
        '',
        `Rate card checked ${r.report.rateCard.checked}.`,
      ];
      if (whatIf)
        lines.push('', `What-if: every LLM call is priced on ${String(whatIf)} (Agent Cost: Clear What-If Model).`);
      if (r.stale) lines.push('', `Out of date: ${r.stale}. These are the figures of the last version that parsed.`);
      if (off)
        lines.push(
          '',
          `Code lenses are off: ${off.why}.`,
          hintsOn
            ? 'The figures show as inlay hints at the end of lines.'
            : 'Set agentCost.editor.annotations to "hints" or "both" to see the figures as inlay hints.',
        );
      const md = new vscode.MarkdownString(lines.join('\n'));
      md.isTrusted = false;
      item.tooltip = md;
    }
    item.show();
  };
  const sub = state.onDidChange(update);
  const cfg = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('agentCost') || e.affectsConfiguration('editor.codeLens')) update();
  });
  update();
  return vscode.Disposable.from(item, sub, cfg);
}
