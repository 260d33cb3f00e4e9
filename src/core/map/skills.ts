/**
 * The Skills page of an agentic export (Voiceflow 2026): the agent that routes every user message,
 * an edge to each skill (the agent answering itself, its playbooks, its workflows) labelled with
 * the router's share, and each skill's credits per message and per conversation. Every figure is
 * the engine's (`analysis.agentic`, the router's step report): nothing is computed here but the
 * geometry. Up to 6 skills stand in one column right of the agent; more are split between a
 * column on each side, so 12 skills still fit a panel at a readable zoom.
 */
import type { Analysis } from '../analyze';
import type { Flow, FlowStep } from '../flow/types';
import { Decimal } from '../pricing/money';
import { fmtShare, fmtShares } from '../report/display';
import { TITLE_H } from './layout';
import type { MapEdge, MapNode, MapPage, MapRow, MapSkill, NodeKind } from './types';
import { SKILLS_PAGE } from './types';

export const SKILL_W = 250;
/** A title and three lines: what it is (and its model), per message, per conversation. */
export const SKILL_LINE_H = 20;
export const SKILL_H = TITLE_H + 3 * SKILL_LINE_H + 8;
const V_GAP = 28;
/** Room between the agent and a column of skills, for the curves and their share labels. */
const H_GAP = 220;
const MARGIN = 40;
/** At most this many skills in one column; more are split between both sides of the agent. */
const ONE_SIDE = 6;
/** The conversation start card: wide enough for its name, this far above the agent. */
const START_W = 150;
const START_GAP = 48;

/** Exact figures of a node (the colour scale and the byCost order read them). */
export interface Figures {
  run: Decimal | null;
  conv: Decimal | null;
}

/** Where a node is and what it holds, when the caller knows it already (canvas blocks). */
export interface NodeStart {
  x?: number;
  y?: number;
  rows?: MapRow[];
  loop?: boolean;
  unbounded?: boolean;
  waits?: boolean;
  placed?: boolean;
}

/**
 * A node with nothing drawn inside yet (the caller fills in figures, levels and texts). One
 * literal with every field, no spread: a 2,000-block map builds about twice as fast.
 */
export function bareNode(id: string, kind: NodeKind, name: string, w: number, h: number, o: NodeStart = {}): MapNode {
  return {
    id,
    kind,
    name,
    x: o.x ?? 0,
    y: o.y ?? 0,
    w,
    h,
    rows: o.rows ?? [],
    credits: null,
    label: '',
    perConversation: null,
    perConversationLabel: '',
    level: 0,
    conversationLevel: 0,
    unreachable: false,
    loop: o.loop ?? false,
    unbounded: o.unbounded ?? false,
    waits: o.waits ?? false,
    placed: o.placed ?? true,
    range: undefined,
    summary: '',
    marks: [],
  };
}

/**
 * The Skills page, or undefined when the export does not use the agentic framework. `pages` are
 * the canvas pages already built (a workflow node links to its page); `figures` receives each
 * node's exact credits per message and per conversation.
 */
export function skillPage(
  flow: Flow,
  analysis: Analysis,
  pages: MapPage[],
  figures: Map<string, Figures>,
  rowOf: (s: FlowStep) => MapRow,
): MapPage | undefined {
  const a = analysis.agentic;
  if (!a) return undefined;
  const reports = new Map(analysis.steps.map((s) => [s.id, s]));
  const pageIds = new Set(pages.map((p) => p.id));
  const agent = agentNode(a, reports, figures);
  // The shares shown add up to exactly 100 % (largest remainder).
  const shareLabels = fmtShares(a.skills.map((k) => k.share));
  const skills = a.skills.map((k, i) => skillNode(k, shareLabels[i], a.routerId, reports, pageIds, figures));
  const edges = placeSkills(agent, skills);
  const nodes = [agent, ...skills];
  const start = startNode(flow, a.routerId, agent, pages, reports, figures, rowOf);
  if (start) {
    edges.unshift(start.edge);
    nodes.unshift(start.node);
  }
  let id = SKILLS_PAGE;
  while (pageIds.has(id)) id += '_';
  return {
    id,
    name: 'Skills',
    type: 'SKILLS',
    layout: 'skills',
    nodes,
    edges,
    bounds: boxOf(nodes, edges),
    byCost: [],
  };
}

type Agentic = NonNullable<Analysis['agentic']>;
type Reports = Map<string, Analysis['steps'][number]>;

/** The agent (the router step) in the middle, with its credits per message. */
function agentNode(a: Agentic, reports: Reports, figures: Map<string, Figures>): MapNode {
  const router = reports.get(a.routerId);
  const agent = bareNode(a.routerId, 'agent', router?.name ?? 'Agent', SKILL_W, SKILL_H);
  agent.path = router?.path;
  agent.range = router?.range;
  agent.skill = {
    kind: 'agent',
    name: router?.name ?? 'Agent',
    share: '1',
    shareLabel: fmtShare(1),
    model: router?.model ?? null,
  };
  figures.set(agent.id, { run: a.routerCreditsPerMessage, conv: router?.creditsPerConversation ?? null });
  return agent;
}

/** A skill (playbook, workflow, the agent answering itself) with its share of messages. */
function skillNode(
  k: Agentic['skills'][number],
  shareLabel: string,
  routerId: string,
  reports: Reports,
  pageIds: Set<string>,
  figures: Map<string, Figures>,
): MapNode {
  const router = reports.get(routerId);
  const r = reports.get(k.id);
  const n = bareNode(k.id, 'skill', k.kind === 'agent' ? (r?.name ?? k.name) : k.name, SKILL_W, SKILL_H);
  const skill: MapSkill = {
    kind: k.kind,
    name: k.name,
    share: k.share.toString(),
    shareLabel,
    model: r?.model ?? null,
  };
  if (k.kind === 'workflow' && k.diagramId !== undefined && pageIds.has(k.diagramId)) skill.page = k.diagramId;
  n.skill = skill;
  // The agent answering itself is found where the agent is; a playbook where it is defined.
  n.path = k.kind === 'agent' ? router?.path : r?.path;
  n.range = k.kind === 'agent' ? router?.range : r?.range;
  figures.set(n.id, { run: k.creditsPerMessage, conv: k.creditsPerConversation });
  return n;
}

/**
 * The conversation start (it runs the initialization workflow, then the agent greets), above the
 * agent with an edge down to it; undefined when the launch does not lead to the agent.
 */
function startNode(
  flow: Flow,
  routerId: string,
  agent: MapNode,
  pages: MapPage[],
  reports: Reports,
  figures: Map<string, Figures>,
  rowOf: (s: FlowStep) => MapRow,
): { node: MapNode; edge: MapEdge } | undefined {
  const launch = flow.entries.find((e) => e.kind === 'launch');
  const start = launch && flow.steps.get(launch.stepId);
  if (!start?.edges.some((e) => e.to === routerId)) return undefined;
  const n = bareNode(start.id, 'start', start.name, START_W, TITLE_H);
  // Its initialization workflow's page (the agentic layer's steps belong to no diagram of their own).
  const init = start.subflow === undefined ? undefined : flow.steps.get(start.subflow)?.diagramId;
  const initPage = pages.find((p) => p.id === init);
  n.rows = [{ ...rowOf(start), subflowPage: initPage?.id, subflowName: initPage?.name }];
  n.range = start.range;
  n.x = Math.round(agent.x + (agent.w - n.w) / 2);
  n.y = agent.y - TITLE_H - START_GAP;
  const r = reports.get(start.id);
  figures.set(n.id, { run: r?.credits ?? null, conv: r?.creditsPerConversation ?? null });
  const cx = n.x + n.w / 2;
  return {
    node: n,
    edge: { from: n.id, to: agent.id, fromRow: -1, toRow: -1, loop: false, d: `M${cx} ${n.y + TITLE_H}V${agent.y}` },
  };
}

/** Places the agent and its skills, and draws an edge to each skill with its share label. */
function placeSkills(agent: MapNode, skills: MapNode[]): MapEdge[] {
  const right = skills.length > ONE_SIDE ? skills.slice(0, Math.ceil(skills.length / 2)) : skills;
  const left = skills.slice(right.length);
  const columnH = (k: number) => k * SKILL_H + Math.max(0, k - 1) * V_GAP;
  const tallest = Math.max(columnH(right.length), columnH(left.length), SKILL_H);
  const agentX = left.length ? SKILL_W + H_GAP : 0;
  agent.x = agentX;
  agent.y = Math.round((tallest - SKILL_H) / 2);
  const edges: MapEdge[] = [];
  const column = (side: MapNode[], x: number, dir: 1 | -1) => {
    const top = Math.round((tallest - columnH(side.length)) / 2);
    side.forEach((n, i) => {
      n.x = x;
      n.y = top + i * (SKILL_H + V_GAP);
      // Edges leave the agent's side spread over its body, in the order of the column.
      const sy = agent.y + TITLE_H + ((SKILL_H - TITLE_H) * (i + 1)) / (side.length + 1);
      const sx = dir === 1 ? agent.x + agent.w : agent.x;
      const tx = dir === 1 ? n.x : n.x + n.w;
      const ty = n.y + TITLE_H / 2;
      edges.push(shareEdge(agent, n, sx, sy, tx, ty));
    });
  };
  column(right, agentX + SKILL_W + H_GAP, 1);
  column(left, 0, -1);
  return edges;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** A curve from the agent to a skill, with the share label near the skill (where edges are apart). */
function shareEdge(agent: MapNode, n: MapNode, sx: number, sy: number, tx: number, ty: number): MapEdge {
  const dx = (tx - sx) / 2;
  const c1 = sx + dx;
  const c2 = tx - dx;
  // The point at t = 0.8 of the cubic (x and y each a Bernstein sum).
  const t = 0.8;
  const b = [(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3];
  const x = b[0] * sx + b[1] * c1 + b[2] * c2 + b[3] * tx;
  const y = b[0] * sy + b[1] * sy + b[2] * ty + b[3] * ty;
  const skill = n.skill!;
  return {
    from: agent.id,
    to: n.id,
    fromRow: -1,
    toRow: -1,
    loop: false,
    d: `M${r1(sx)} ${r1(sy)}C${r1(c1)} ${r1(sy)} ${r1(c2)} ${r1(ty)} ${r1(tx)} ${r1(ty)}`,
    label: { text: skill.shareLabel, x: r1(x), y: r1(y) },
  };
}

/** The page box: the nodes and the edge labels, with a margin. */
function boxOf(nodes: MapNode[], edges: MapEdge[]): MapPage['bounds'] {
  const labels = edges.flatMap((e) => (e.label ? [e.label] : []));
  const xs = nodes.flatMap((n) => [n.x, n.x + n.w]).concat(labels.map((l) => l.x));
  const ys = nodes.flatMap((n) => [n.y, n.y + n.h]).concat(labels.map((l) => l.y));
  const x = Math.min(...xs) - MARGIN;
  const y = Math.min(...ys) - MARGIN;
  return { x, y, w: Math.max(...xs) + MARGIN - x, h: Math.max(...ys) + MARGIN - y };
}
