/**
 * Flow + Analysis → CostMap: one page per diagram (topics, components, flows; canvas templates never
 * run and are left out), blocks at their canvas positions with their steps as rows, edges between
 * the rows that lead elsewhere, and a colour level per block on one sequential scale for the agent.
 *
 * Decisions a builder may ask about (also in the legend notes):
 * - a block's credits per run are the sum of its steps' expected credits per run (unknown if any
 *   step's price is unknown);
 * - steps outside any block (an `actions` container on a path, or a loose step) are small cards
 *   attached to the step that leads to them; the diagram's start is a card of its own;
 * - blocks without `coords` (very old exports) are laid out in columns by flow order.
 */
import type { Analysis, StepReport } from '../analyze';
import type { Flow, FlowBlock, FlowDiagram, FlowStep } from '../flow/types';
import { Decimal } from '../pricing/money';
import { fmtCredits } from '../report/display';
import {
  ACTIONS_W,
  BLOCK_W,
  edgePath,
  isBackEdge,
  Lanes,
  LayoutNode,
  nodeHeight,
  pageBounds,
  placeNodes,
  START_W,
} from './layout';
import { scaleOf } from './scale';
import { bareNode, Figures, skillPage } from './skills';
import type { CostMap, MapEdge, MapNode, MapPage, MapRow, MapSkill, NodeKind, RowKind } from './types';

/** Diagram kinds that never run (Voiceflow's canvas template library). */
/** Templates never run; the agentic layer (type AGENT) is drawn on the Skills page. */
const NOT_DRAWN = new Set(['TEMPLATE', 'AGENT']);

export function buildCostMap(flow: Flow, analysis: Analysis): CostMap {
  const reports = new Map(analysis.steps.map((s) => [s.id, s]));
  const loopOf = new Map<string, 'loop' | 'unbounded'>();
  for (const l of analysis.loops) {
    const costly = l.passCost === null || l.passCost.gt(0);
    for (const s of l.steps) if (costly || !loopOf.has(s)) loopOf.set(s, costly ? 'unbounded' : 'loop');
  }
  const loopsOf = new Map<string, Set<number>>();
  analysis.loops.forEach((l, i) => l.steps.forEach((s) => loopsOf.set(s, (loopsOf.get(s) ?? new Set()).add(i))));
  const sameLoop = (a: string, b: string) => {
    const x = loopsOf.get(a);
    const y = x && loopsOf.get(b);
    return !!y && [...x].some((i) => y.has(i));
  };
  // The agentic layer (agent, skills, the conversation start) is drawn on the Skills page only.
  const skillSteps = skillPageSteps(flow);
  // Blocks and loose steps (start, actions) of each diagram, in file order.
  const blocksOf = groupBy([...flow.blocks.values()], (b) => b.diagramId);
  const looseOf = groupBy(
    [...flow.steps.values()].filter((s) => s.blockId === undefined && !skillSteps.has(s.id)),
    (s) => s.diagramId,
  );
  const drawn = [...flow.diagrams.values()].filter((d) => !NOT_DRAWN.has(d.type));
  const pageIds = new Set(drawn.map((d) => d.id));
  const ctx: PageContext = { flow, reports, loopOf, pageIds, labels: new Map(), sameLoop, blocksOf, looseOf };

  const figures = new Map<string, Figures>();
  const pages = drawn.map((d) => canvasPage(d, ctx, figures));
  const skills = skillPage(flow, analysis, pages, figures, (s) => rowOf(s, ctx));
  if (skills) pages.unshift(skills);
  const { run, conv } = colour(pages, figures, reports);

  const launch = flow.entries.find((e) => e.kind === 'launch');
  const launchPage = launch && flow.steps.get(launch.stepId)?.diagramId;
  return {
    projectName: flow.project.name,
    channel: flow.project.channel,
    defaultPage: skills?.id ?? pages.find((p) => p.id === launchPage)?.id ?? pages[0]?.id ?? '',
    pages,
    legend: { run: run.legend, conversation: conv.legend, notes: notesOf(pages) },
  };
}

/** Steps the Skills page draws: the agent, its skills, and the launch entry that leads to the agent. */
function skillPageSteps(flow: Flow): Set<string> {
  const a = flow.agentic;
  if (!a) return new Set();
  const ids = new Set([a.routerId, ...a.skills.map((k) => k.id)]);
  for (const e of flow.entries)
    if (e.kind === 'launch' && flow.steps.get(e.stepId)?.edges.some((x) => x.to === a.routerId)) ids.add(e.stepId);
  return ids;
}

/**
 * Levels, labels, marks and summaries of every node from its exact figures, on one scale per
 * figure for the whole agent (a colour means the same on every page); each page's byCost order.
 */
function colour(pages: MapPage[], figures: Map<string, Figures>, reports: Map<string, StepReport>) {
  const all = pages.flatMap((p) => p.nodes);
  const figure = (n: MapNode) => figures.get(n.id) ?? { run: null, conv: null };
  const run = scaleOf(all.map((n) => figure(n).run));
  const conv = scaleOf(all.map((n) => figure(n).conv));
  for (const n of all) {
    const { run: c, conv: pc } = figure(n);
    n.credits = c === null ? null : c.toString();
    n.label = fmtCredits(c);
    n.level = run.levelOf(c);
    n.perConversation = pc === null ? null : pc.toString();
    n.perConversationLabel = fmtCredits(pc);
    n.conversationLevel = conv.levelOf(pc);
    // Greyed when no conversation runs any of its steps (templates, orphans, blocks no path reaches).
    n.unreachable = n.rows.length > 0 && n.rows.every((r) => reports.get(r.stepId)?.reachable === false);
    n.marks = marksOf(n);
    n.summary = summaryOf(n);
  }
  for (const p of pages) p.byCost = byCost(p.nodes, figures);
  return { run, conv };
}

interface PageContext extends RowContext {
  sameLoop(a: string, b: string): boolean;
  blocksOf: Map<string, FlowBlock[]>;
  looseOf: Map<string, FlowStep[]>;
}

/** One diagram as a page: its blocks and loose steps as nodes, placed, with the edges between rows. */
function canvasPage(d: FlowDiagram, ctx: PageContext, figures: Map<string, Figures>): MapPage {
  const { flow, reports } = ctx;
  const nodes: LayoutNode[] = [];
  const nodeOfStep = new Map<string, { node: LayoutNode; row: number }>();
  const add = (id: string, kind: NodeKind, name: string, steps: FlowStep[], coords?: { x: number; y: number }) => {
    const rows = steps.map((s) => rowOf(s, ctx));
    const w = kind === 'block' ? BLOCK_W : kind === 'start' ? START_W : ACTIONS_W;
    const n = bareNode(id, kind, name, w, nodeHeight(kind, rows), {
      x: coords?.x,
      y: coords?.y,
      rows,
      loop: rows.some((r) => ctx.loopOf.get(r.stepId) === 'loop'),
      unbounded: rows.some((r) => ctx.loopOf.get(r.stepId) === 'unbounded'),
      waits: rows.some((r) => r.waits),
      placed: false,
    }) as LayoutNode;
    n.hasCoords = coords !== undefined;
    steps.forEach((s, i) => nodeOfStep.set(s.id, { node: n, row: kind === 'start' ? -1 : i }));
    nodes.push(n);
    return n;
  };
  for (const b of ctx.blocksOf.get(d.id) ?? []) {
    const steps = b.steps.map((s) => flow.steps.get(s)).filter((s): s is FlowStep => s !== undefined);
    add(b.id, 'block', b.name, steps, b.coords).range = b.range;
  }
  for (const s of ctx.looseOf.get(d.id) ?? []) {
    const start = s.kind === 'entry';
    const n = add(s.id, start ? 'start' : 'actions', start && s.name === s.type ? 'Start' : s.name, [s], s.coords);
    n.range = s.range;
  }
  const wanted = wiresOf(nodes, nodeOfStep, ctx);
  const layout = placeNodes(
    nodes,
    wanted.map((w) => ({ from: w.from.id, fromRow: w.fromRow, to: w.to.id, toRow: w.toRow })),
  );
  for (const n of nodes)
    figures.set(n.id, {
      run: sumOf(n.rows, (r) => reports.get(r.stepId)?.credits),
      conv: sumOf(n.rows, (r) => reports.get(r.stepId)?.creditsPerConversation),
    });
  const clean: MapNode[] = nodes.map(({ hasCoords: _h, ...n }) => n);
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    layout,
    nodes: clean,
    edges: edgesOf(wanted),
    bounds: pageBounds(clean),
    byCost: [],
  };
}

interface Wanted {
  from: LayoutNode;
  fromRow: number;
  to: LayoutNode;
  toRow: number;
  loop: boolean;
}

/** The lines between nodes: from each row's edges to the row (or title) they lead to, once each. */
function wiresOf(
  nodes: LayoutNode[],
  nodeOfStep: Map<string, { node: LayoutNode; row: number }>,
  ctx: PageContext,
): Wanted[] {
  const wanted: Wanted[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    n.rows.forEach((r, i) => {
      const fromRow = n.kind === 'start' ? -1 : i;
      const step = ctx.flow.steps.get(r.stepId);
      for (const e of step?.edges ?? []) {
        // An agent that stays in the conversation is not a port on the canvas.
        if (step?.holds?.includes(e.key)) continue;
        const t = nodeOfStep.get(e.to);
        if (!t) continue; // another page
        if (t.node === n && t.row === i + 1) continue; // falls through to the next row
        const toRow = t.row === 0 ? -1 : t.row;
        const key = `${n.id}\u0000${fromRow}\u0000${t.node.id}\u0000${toRow}`;
        if (seen.has(key)) continue;
        seen.add(key);
        wanted.push({ from: n, fromRow, to: t.node, toRow, loop: ctx.sameLoop(r.stepId, e.to) });
      }
    });
  }
  return wanted;
}

/** The placed wires as edges; back edges that leave at one x, or enter one node, get lanes apart. */
function edgesOf(wanted: Wanted[]): MapEdge[] {
  const outLane = new Map<number, number>();
  const inLane = new Map<string, number>();
  return wanted.map((w) => {
    let lanes: Lanes | undefined;
    if (isBackEdge(w.from, w.to)) {
      const x = Math.round(w.from.x + w.from.w);
      const k = { out: outLane.get(x) ?? 0, in: inLane.get(w.to.id) ?? 0 };
      outLane.set(x, k.out + 1);
      inLane.set(w.to.id, k.in + 1);
      lanes = { out: k.out % 4, in: k.in % 4 };
    }
    return {
      from: w.from.id,
      to: w.to.id,
      fromRow: w.fromRow,
      toRow: w.toRow,
      loop: w.loop,
      d: edgePath(w.from, w.fromRow, w.to, w.toRow, lanes),
    };
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

interface RowContext {
  flow: Flow;
  reports: Map<string, StepReport>;
  loopOf: Map<string, 'loop' | 'unbounded'>;
  pageIds: Set<string>;
  /** Display labels by exact credits (many steps share a figure). */
  labels: Map<string, string>;
}

function rowOf(s: FlowStep, ctx: RowContext): MapRow {
  const r = ctx.reports.get(s.id);
  const credits = r?.credits ?? null;
  const exact = credits === null ? null : credits.toString();
  let label = ctx.labels.get(exact ?? '');
  if (label === undefined) ctx.labels.set(exact ?? '', (label = fmtCredits(credits)));
  const sub = s.subflow ? ctx.flow.steps.get(s.subflow)?.diagramId : undefined;
  const shown = sub !== undefined && ctx.pageIds.has(sub) && sub !== s.diagramId;
  return {
    stepId: s.id,
    name: s.name,
    type: s.type,
    kind: rowKind(s, r),
    waits: s.waits,
    model: r?.model ?? null,
    credits: exact,
    label,
    perConversation: r?.creditsPerConversation?.toString() ?? null,
    perConversationLabel: fmtCredits(r?.creditsPerConversation ?? null),
    subflowPage: shown ? sub : undefined,
    subflowName: shown ? ctx.flow.diagrams.get(sub)?.name : undefined,
    loop: ctx.loopOf.has(s.id),
    range: s.range,
  };
}

function rowKind(s: FlowStep, r: StepReport | undefined): RowKind {
  if (!r || r.class === 'unknown' || r.credits === null) return 'unknown';
  if (r.calls.length || r.replyCalls.length) return 'llm';
  if (s.waits) return 'wait';
  return r.credits.gt(0) ? 'credits' : 'free';
}

/** The sum of a figure over rows; null when any is unknown. */
function sumOf(rows: MapRow[], figure: (r: MapRow) => Decimal | null | undefined): Decimal | null {
  let sum = new Decimal(0);
  for (const r of rows) {
    const c = figure(r);
    if (c === null || c === undefined) return null;
    sum = sum.plus(c);
  }
  return sum;
}

/** The marks of a node in words (tooltips, lists, screen readers). */
function marksOf(n: Pick<MapNode, 'waits' | 'unbounded' | 'loop' | 'unreachable'>): string[] {
  return [
    n.waits && 'waits for the user',
    n.unbounded && 'in a loop with cost (no upper bound)',
    n.loop && 'in a loop',
    n.unreachable && 'unreachable',
  ].filter((m): m is string => typeof m === 'string');
}

function summaryOf(n: MapNode): string {
  if (n.skill) return skillSummary(n, n.skill);
  const flags = n.marks;
  const what =
    n.credits === null ? 'unknown credits per run' : n.credits === '0' ? 'free' : `${n.label} credits per run`;
  const conv =
    n.credits === '0' && n.perConversation === '0'
      ? ''
      : n.perConversation === null
        ? ' · unknown credits per conversation'
        : ` · ${n.perConversationLabel} credits per conversation`;
  return `${n.name}: ${what}${conv}${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
}

/** "Orders (playbook, 50 % of messages): 0.0123 credits per message · 0.05 credits per conversation". */
function skillSummary(n: MapNode, k: MapSkill): string {
  const what =
    n.kind === 'agent'
      ? 'routes every message'
      : `${k.kind === 'agent' ? 'the agent answers itself' : k.kind}, ${k.shareLabel} of messages`;
  const figure = (v: string | null, label: string, per: string) =>
    v === null ? `unknown credits per ${per}` : `${label} credits per ${per}`;
  return (
    `${n.name} (${what}): ${figure(n.credits, n.label, 'message')} · ` +
    figure(n.perConversation, n.perConversationLabel, 'conversation')
  );
}

/** Node ids, unknown first, then dearest first, then by name. */
function byCost(nodes: MapNode[], figures: Map<string, Figures>): string[] {
  const rank = (n: MapNode) => figures.get(n.id)?.run ?? null;
  return [...nodes]
    .sort((a, b) => {
      const x = rank(a);
      const y = rank(b);
      if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? -1 : 1;
      return y.cmp(x) || a.name.localeCompare(b.name);
    })
    .map((n) => n.id);
}

function notesOf(pages: MapPage[]): string[] {
  const notes = ["A block's credits per run are the sum of its steps' expected credits per run."];
  if (pages.some((p) => p.layout === 'skills'))
    notes.push(
      "Skills: a skill's credits per message are the agent's routing call plus what the skill runs until the " +
        "next wait; per conversation, its own calls (a workflow's: its canvas). Shares come from skillShares " +
        '(equal by default).',
    );
  const layered = pages.filter((p) => p.layout === 'layered' || p.layout === 'mixed');
  if (layered.length)
    notes.push(
      `Blocks without a canvas position (${layered.map((p) => p.name).join(', ')}) are placed in columns ` +
        'by flow order.',
    );
  if (pages.some((p) => p.nodes.some((n) => n.kind === 'actions')))
    notes.push('Steps outside any block (actions on a path) are small cards attached to the step that leads to them.');
  return notes;
}
