/**
 * Side-panel tree: Agent → Flows → Turns → Steps (by cost per run, dearest first).
 * No double counting: the agent shows the conversation total, a flow only counts its turns, a
 * turn shows its own min–max, and a step its cost per run (a step run by two turns appears under
 * both, but nothing sums them). Clicking a step reveals it in the export.
 */
import * as vscode from 'vscode';
import type { AnalysisResult } from '../protocol';
import type { ActiveAnalysis } from './state';

type Ok = Extract<AnalysisResult, { ok: true }>;
type Step = Ok['report']['steps'][number];

export type CostNode =
  | { kind: 'agent'; r: Ok }
  | { kind: 'flow'; r: Ok; id: string; name: string; turns: Ok['report']['turns'] }
  | { kind: 'turn'; r: Ok; turn: Ok['report']['turns'][number] }
  | { kind: 'step'; r: Ok; step: Step }
  | { kind: 'message'; text: string };

export class CostTreeProvider implements vscode.TreeDataProvider<CostNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CostNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly state: ActiveAnalysis) {
    this.sub = state.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: CostNode): CostNode[] {
    const res = this.state.result;
    if (!node) {
      if (!res)
        return [
          { kind: 'message', text: this.state.uri ? 'Analysing…' : 'Open a Voiceflow export (.vf) to see its cost.' },
        ];
      if (!res.ok) return [{ kind: 'message', text: res.error }];
      return [{ kind: 'agent', r: res }];
    }
    if (node.kind === 'agent') {
      const rep = node.r.report;
      const stepDiagram = new Map(rep.steps.map((s) => [s.id, s.diagram]));
      const flows = new Map<string, { name: string; turns: Ok['report']['turns'] }>();
      for (const t of rep.turns) {
        const dg = stepDiagram.get(t.start) ?? { id: '?', name: 'Other' };
        const f = flows.get(dg.id) ?? { name: dg.name, turns: [] };
        f.turns.push(t);
        flows.set(dg.id, f);
      }
      return [...flows].map(([id, f]) => ({ kind: 'flow', r: node.r, id, name: f.name, turns: f.turns }));
    }
    if (node.kind === 'flow') {
      return [...node.turns]
        .sort((a, b) => Number(b.credits.expected) - Number(a.credits.expected))
        .map((turn) => ({ kind: 'turn', r: node.r, turn }));
    }
    if (node.kind === 'turn') {
      return node.r.report.steps
        .filter((s) => s.turns.includes(node.turn.id) && (s.class !== 'free' || s.credits !== '0'))
        .sort((a, b) => Number(b.credits ?? Infinity) - Number(a.credits ?? Infinity))
        .map((step) => ({ kind: 'step', r: node.r, step }));
    }
    return [];
  }

  getTreeItem(node: CostNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text, C.None);
      case 'agent': {
        const it = new vscode.TreeItem(node.r.report.file.projectName, C.Expanded);
        it.description = `${node.r.labels.conversation} credits/conversation · ${node.r.labels.month}/month`;
        it.tooltip = `${node.r.report.file.channel} agent · ${node.r.labels.conversationUsd} per conversation · ${node.r.labels.monthUsd} per month`;
        it.iconPath = new vscode.ThemeIcon('hubot');
        return it;
      }
      case 'flow': {
        const it = new vscode.TreeItem(node.name, C.Expanded);
        it.description = `${node.turns.length} turn${node.turns.length === 1 ? '' : 's'}`;
        it.iconPath = new vscode.ThemeIcon('type-hierarchy');
        return it;
      }
      case 'turn': {
        const t = node.turn;
        const start = node.r.report.steps.find((s) => s.id === t.start);
        const label =
          t.kind === 'launch' ? 'Launch' : `${t.kind === 'entry' ? 'Entry' : 'After'}: ${start?.name ?? t.start}`;
        const it = new vscode.TreeItem(label, C.Collapsed);
        const bar = node.r.breakdown.perTurn.find((p) => p.key === t.id);
        it.description = `${bar?.range ?? ''} credits/turn${t.unbounded ? ' · loop' : ''}`;
        it.tooltip = `Turn ${t.id}: min ${t.credits.min}, expected ${t.credits.expected}, max ${t.credits.max}${t.unbounded ? ' (unbounded loop)' : ''}`;
        it.iconPath = new vscode.ThemeIcon(t.unbounded ? 'warning' : 'comment-discussion');
        it.id = `turn:${t.id}`;
        return it;
      }
      case 'step': {
        const s = node.step;
        const it = new vscode.TreeItem(s.name, C.None);
        it.description = `${node.r.breakdown.stepLabels[s.id]}${s.model ? ` · ${s.model}` : ''}`;
        it.tooltip = `${s.type} · ${s.reason}`;
        it.iconPath = new vscode.ThemeIcon(
          s.class === 'waits' ? 'debug-pause' : s.class === 'unknown' ? 'question' : 'sparkle',
        );
        if (s.range)
          it.command = { command: 'agentCost.revealStep', title: 'Reveal step', arguments: [this.state.uri, s.range] };
        return it;
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
