/**
 * The cost map as plain data: the agent drawn as Voiceflow's canvas, each block coloured by what
 * it costs. Built once by `buildCostMap` (core), rendered by `renderSvg`/`renderHtml` (core) for
 * the CLI and the editor alike, so every surface shows the same numbers. JSON-safe: credits are
 * exact decimal strings (null when a price is unknown), labels are already rounded for people.
 */
import type { JsonPath } from '../flow/types';
import type { Range } from '../types';

/** How a page's nodes got their positions. */
export type LayoutKind =
  /** Every block sits where the file's `coords` put it. */
  | 'canvas'
  /** No block has `coords` (very old exports): placed in columns by flow order. */
  | 'layered'
  /** Some blocks have `coords`; the others are placed in a row below them by flow order. */
  | 'mixed'
  /** The Skills page of an agentic export: the agent and its skills, placed by the map. */
  | 'skills';

/**
 * Colour level on a sequential scale: 0 = free, 1…LEVELS = cheapest to dearest (log scale over
 * the agent's non-zero costs), 'unknown' = a price is unknown.
 */
export type Level = number | 'unknown';

/** How a step row is drawn. */
export type RowKind =
  /** Calls an LLM: shows its model and credits. */
  | 'llm'
  /** Costs credits without an LLM (voice: text-to-speech). */
  | 'credits'
  /** Waits for the user without an LLM call: the next message starts a turn. */
  | 'wait'
  /** Free: drawn quietly. */
  | 'free'
  /** Unknown step or price. */
  | 'unknown';

/** One step, drawn as a row of its block (title first, then rows, as Voiceflow shows them). */
export interface MapRow {
  stepId: string;
  /** The name a builder recognises. */
  name: string;
  /** The format's step type, as written. */
  type: string;
  kind: RowKind;
  /** Waits for the user (a turn boundary): marked ▮▮, whatever its kind (an agent step is LLM and waits). */
  waits: boolean;
  /** Model of the step's first LLM call. */
  model: string | null;
  /** Expected credits per run of the step (exact), null when unknown. */
  credits: string | null;
  /** `credits` rounded for display ("0.0123", "unknown"). */
  label: string;
  /** Expected credits per conversation (arrivals × cost per run, plus replies × reply cost), null when unknown. */
  perConversation: string | null;
  perConversationLabel: string;
  /** The step calls a component/flow drawn on this page (click to open it). */
  subflowPage?: string;
  /** The name of that page. */
  subflowName?: string;
  /** Part of a loop that runs before the user speaks. */
  loop: boolean;
  range?: Range;
}

/** What a node is on the canvas. */
export type NodeKind =
  /** A Voiceflow block: a title and its steps. */
  | 'block'
  /** The start of a diagram. */
  | 'start'
  /** A step outside any block (an `actions` container on a path, or a loose step), drawn as a
   * small card attached to the step that leads to it. */
  | 'actions'
  /** Agentic exports, Skills page: the agent that routes every user message. */
  | 'agent'
  /** Agentic exports, Skills page: who answers a message (the agent itself, a playbook, a workflow). */
  | 'skill';

/** What a skill node of the Skills page is (agentic exports), as the engine's `analysis.agentic` says. */
export interface MapSkill {
  /** Who answers: the agent itself, a playbook or a workflow. */
  kind: 'agent' | 'playbook' | 'workflow';
  /** The name `skillShares` weights it by. */
  name: string;
  /** Share of user messages the router hands it: an exact decimal from 0 to 1. */
  share: string;
  /** The share for people ("25 %"). */
  shareLabel: string;
  /** Model of its first LLM call, null when it makes none (a workflow's canvas has its own). */
  model: string | null;
  /** A workflow's canvas page (clicking the node opens it). */
  page?: string;
}

/** A node on a page: position and size in canvas units (SVG user space). */
export interface MapNode {
  /** The block id (or the step id for start and actions cards). */
  id: string;
  kind: NodeKind;
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  rows: MapRow[];
  /** Expected credits per run of the node: the sum of its steps' (exact), null when unknown. */
  credits: string | null;
  label: string;
  /** Expected credits per conversation: the sum of its steps' (visits × cost), null when unknown. */
  perConversation: string | null;
  perConversationLabel: string;
  /** Colour level per run, and per conversation (each on its own scale). */
  level: Level;
  conversationLevel: Level;
  /** No conversation runs any of its steps (templates, orphans, blocks no path reaches): greyed. */
  unreachable: boolean;
  /** Holds a step of a loop without LLM cost. */
  loop: boolean;
  /** Holds a step of a loop with cost: the path has no upper bound. */
  unbounded: boolean;
  /** Holds a step that waits for the user (turn boundary). */
  waits: boolean;
  /** Placed by the fallback layout (no `coords` in the file). */
  placed: boolean;
  /** Where the block is in the export (click reveals it). */
  range?: Range;
  /** Where an agent or playbook is in the export, when it has no range yet (the editor finds it). */
  path?: JsonPath;
  /** Skills page: the skill this node is (`credits` per message, `perConversation` per conversation). */
  skill?: MapSkill;
  /** The flags above in words ("waits for the user", "unreachable", …). */
  marks: string[];
  /** One line for lists and screen readers: name, credits, marks. */
  summary: string;
}

/** A line between nodes, leaving by a step's row and entering at the target's row or title. */
export interface MapEdge {
  from: string;
  to: string;
  /** Row index in `from` it leaves by (-1: the node's title, e.g. the start card). */
  fromRow: number;
  /** Row index in `to` it enters at (-1: the title). */
  toRow: number;
  /** Both ends are steps of one loop. */
  loop: boolean;
  /** SVG path data (a cubic curve, or a routed path with rounded corners). */
  d: string;
  /** Skills page: the router's share of messages, shown on the edge ("25 %"), and where. */
  label?: { text: string; x: number; y: number };
}

/** Id of the Skills page of an agentic export (no diagram id has a colon). */
export const SKILLS_PAGE = 'agentic:skills';

/** One diagram (topic, component, flow) drawn as a page, or the Skills page of an agentic export. */
export interface MapPage {
  id: string;
  name: string;
  /** The format's diagram kind ("TOPIC", "COMPONENT", …), or "SKILLS" for the Skills page. */
  type: string;
  layout: LayoutKind;
  nodes: MapNode[];
  edges: MapEdge[];
  /** Bounding box of everything on the page, with a margin. */
  bounds: { x: number; y: number; w: number; h: number };
  /** Node ids, dearest per run first (unknown first: it may be anything). */
  byCost: string[];
}

/** One step of the colour scale, for the legend. */
export interface LegendLevel {
  level: Level;
  /** e.g. "0.01–0.1 credits", "free", "unknown price". */
  label: string;
}

export interface MapLegend {
  /** Per run: levels in order (free, 1…LEVELS that occur, unknown). */
  run: LegendLevel[];
  /** Per conversation (expected visits × credits). */
  conversation: LegendLevel[];
  /** Notes about how the map was drawn (fallback layouts, actions cards, missing data). */
  notes: string[];
}

/** The whole map of one export. */
export interface CostMap {
  projectName: string;
  channel: string;
  /** The page shown first (the Skills page of an agentic export, else the diagram the conversation launches in). */
  defaultPage: string;
  pages: MapPage[];
  legend: MapLegend;
}
