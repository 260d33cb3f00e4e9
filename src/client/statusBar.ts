/**
 * Status bar: the active export's credits per conversation; the tooltip names the rate card
 * date. It also says when the figures are out of date (the file does not parse right now) and
 * when VS Code shows no code lenses for the file, and why. Like vscode-eslint's time budget, the
 * first analysis of a file that takes longer than agentCost.performance.timeBudget is announced
 * once in the status bar with its time (the tooltip keeps the figure while it stays slow).
 */
import * as vscode from 'vscode';
import { fmtDuration } from '../core/report/numbers';
import { largeFile } from './largeFile';
import type { AnalysisResult } from '../protocol';
import type { ActiveAnalysis } from './state';

/** Why code lenses are off (short and in full), or undefined when they show. */
export type LensesOff = { short: string; why: string } | undefined;
/** An analysis time over the time budget, both in milliseconds. */
type Slow = { millis: number; budget: number };

/**
 * Why the editor shows no code lenses for `doc` (short, for the status bar, and in full), or
 * undefined when it does: the user's editor.codeLens, or VS Code's large-file mode.
 */
export function lensesOff(doc: vscode.TextDocument | undefined): LensesOff {
  if (!doc) return undefined;
  const annotations = vscode.workspace.getConfiguration('agentCost').get<string>('editor.annotations');
  if (annotations === 'hints') return undefined; // the user's choice, not a limit
  if (!vscode.workspace.getConfiguration('editor', doc).get<boolean>('codeLens', true))
    return { short: 'editor.codeLens', why: 'code lenses are off in your settings (editor.codeLens)' };
  return largeFile(doc);
}

/** The analysis time when it is over agentCost.performance.timeBudget (0: no budget), else undefined. */
export function overBudget(millis: number | undefined): Slow | undefined {
  const budget = vscode.workspace.getConfiguration('agentCost').get<number>('performance.timeBudget', 1500);
  return millis !== undefined && budget > 0 && millis > budget ? { millis, budget } : undefined;
}

type Ok = Extract<AnalysisResult, { ok: true }>;

/** The status bar item of the active export, updated on each analysis and settings change. */
export function statusBar(state: ActiveAnalysis): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentCost.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Agent Cost';
  const slowNote = new SlowAnalysisNote();
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
      const slow = overBudget(r.millis);
      if (slow) slowNote.announce(state.uri, slow);
      item.text = figuresText(r, off);
      item.tooltip = figuresTooltip(r, off, slow);
    }
    item.show();
  };
  const sub = state.onDidChange(update);
  const cfg = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('agentCost') || e.affectsConfiguration('editor.codeLens')) update();
  });
  update();
  return vscode.Disposable.from(item, sub, cfg, slowNote);
}

/** The what-if model the analysis was priced on, if any. */
function whatIfModel(r: Ok): unknown {
  return r.report.assumptions.find((x) => x.key === 'modelOverride')?.value;
}

/** The status bar text: credits per conversation, then what-if, out-of-date and lenses-off notes. */
function figuresText(r: Ok, off: LensesOff): string {
  const whatIf = whatIfModel(r);
  return (
    `${r.stale ? '$(history)' : '$(credit-card)'} ${r.labels.conversation} credits/conv` +
    `${whatIf ? ` · what-if: ${String(whatIf)}` : ''}` +
    `${r.stale ? ` (out of date: ${r.stale})` : ''}${off ? ` · lenses off (${off.short})` : ''}`
  );
}

/** The tooltip: the figures, the rate card date, and why they may differ from what one expects. */
function figuresTooltip(r: Ok, off: LensesOff, slow: Slow | undefined): vscode.MarkdownString {
  const whatIf = whatIfModel(r);
  const lines = [
    `**Agent Cost** · ${r.labels.conversationUsd} per conversation · ` +
      `${r.labels.month} credits (${r.labels.monthUsd}) per month`,
    '',
    `Rate card checked ${r.report.rateCard.checked}.`,
  ];
  if (whatIf)
    lines.push('', `What-if: every LLM call is priced on ${String(whatIf)} (Agent Cost: Clear What-If Model).`);
  if (r.stale) lines.push('', `Out of date: ${r.stale}. These are the figures of the last version that parsed.`);
  if (slow)
    lines.push(
      '',
      `The last analysis took ${fmtDuration(slow.millis)}, over the time budget of ${fmtDuration(slow.budget)} ` +
        '(agentCost.performance.timeBudget).',
    );
  if (off) lines.push('', `Code lenses are off: ${off.why}.`, whereFiguresShow(off));
  const md = new vscode.MarkdownString(lines.join('\n'));
  md.isTrusted = false;
  return md;
}

/** Where the figures show while code lenses are off (inlay hints, drawn line ends, or nowhere). */
function whereFiguresShow(off: NonNullable<LensesOff>): string {
  const hintsOn = vscode.workspace.getConfiguration('agentCost').get<string>('editor.annotations') !== 'lenses';
  if (!hintsOn) return 'Set agentCost.editor.annotations to "hints" or "both" to see the figures at the end of lines.';
  return off.short === 'editor.codeLens'
    ? 'The figures show as inlay hints at the end of lines.'
    : 'Agent Cost draws the figures at the end of the lines in view instead.';
}

/** Announces a slow first analysis in the status bar, once per file, for 20 seconds. */
class SlowAnalysisNote implements vscode.Disposable {
  /** Files whose slow analysis was announced (once each). */
  private readonly announced = new Set<string>();
  private message: vscode.Disposable | undefined;

  announce(uri: string, slow: Slow): void {
    if (this.announced.has(uri)) return;
    this.announced.add(uri);
    this.message?.dispose();
    const name = uri.split('/').pop();
    this.message = vscode.window.setStatusBarMessage(
      `$(watch) Agent Cost: analysing ${decodeURIComponent(name ?? uri)} took ${fmtDuration(slow.millis)}, ` +
        `over the ${fmtDuration(slow.budget)} time budget (agentCost.performance.timeBudget)`,
      20_000,
    );
  }

  dispose(): void {
    this.message?.dispose();
  }
}
