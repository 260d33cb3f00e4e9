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

/** "Block › step" when the report names the step's block, else the step's own name. */
export function stepTitle(s: Step): string {
  const block = (s as { block?: { name?: string } | null }).block?.name;
  return block && block !== s.name ? `${block} › ${s.name}` : s.name;
}

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
          {
            kind: 'message',
            text: this.state.uri ? 'Analysing…' : 'Open a Voiceflow export (.vf or .json) to see its cost.',
          },
        ];
      if (!res.ok)
        return [
          {
            kind: 'message',
            text: res.notAnExport ? 'Open a Voiceflow export (.vf or .json) to see its cost.' : res.error,
          },
        ];
      return [
        ...(res.stale ? [{ kind: 'message' as const, text: `Out of date: ${res.stale}` }] : []),
        { kind: 'agent', r: res },
      ];
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
      // The server's order of bars is by expected credits, dearest first.
      const order = new Map(node.r.breakdown.perTurn.map((p, i) => [p.key, i]));
      const rank = (id: string) => order.get(id) ?? 0;
      return [...node.turns].sort((a, b) => rank(a.id) - rank(b.id)).map((turn) => ({ kind: 'turn', r: node.r, turn }));
    }
    if (node.kind === 'turn') {
      const byId = new Map(node.r.report.steps.map((s) => [s.id, s]));
      return node.r.breakdown.stepsByCost
        .map((id) => byId.get(id)!)
        .filter((s) => s.turns.includes(node.turn.id) && (s.class !== 'free' || s.credits !== '0'))
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
        it.tooltip =
          `${node.r.report.file.channel} agent · ${node.r.labels.conversationUsd} per conversation · ` +
          `${node.r.labels.monthUsd} per month`;
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
        const label = node.r.turnNames.find((x) => x.id === t.id)?.name ?? t.id;
        const it = new vscode.TreeItem(label, C.Collapsed);
        const bar = node.r.breakdown.perTurn.find((p) => p.key === t.id);
        it.description = `${bar?.range ?? ''} credits/turn${t.unbounded ? ' · loop' : ''}`;
        it.tooltip =
          `${label} (${t.kind} turn): ${bar?.range ?? '?'} credits, expected ${bar?.label ?? '?'}` +
          `${t.unbounded ? ' (unbounded loop)' : ''}`;
        it.iconPath = new vscode.ThemeIcon(t.unbounded ? 'warning' : 'comment-discussion');
        it.id = `turn:${t.id}`;
        return it;
      }
      case 'step': {
        const s = node.step;
        const unreachable = (s as { reachable?: boolean }).reachable === false;
        const it = new vscode.TreeItem(stepTitle(s), C.None);
        it.description =
          `${node.r.breakdown.stepLabels[s.id]}${s.model ? ` · ${s.model}` : ''}` +
          `${unreachable ? ' · unreachable' : ''}`;
        it.tooltip = `${s.type} · ${s.reason}${unreachable ? ' · no entry reaches this step' : ''}`;
        // Unreachable steps are greyed out (a disabled-looking icon colour and "unreachable").
        it.iconPath = new vscode.ThemeIcon(
          s.class === 'waits' ? 'debug-pause' : s.class === 'unknown' ? 'question' : 'sparkle',
          unreachable ? new vscode.ThemeColor('disabledForeground') : undefined,
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
