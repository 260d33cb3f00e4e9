/**
 * Geometry of the cost map: node sizes, the fallback layouts for nodes the file gives no canvas
 * position, and the curves of the edges. Canvas units are Voiceflow's (`coords` are used as is).
 */
import type { LayoutKind, MapEdge, MapNode, MapRow, NodeKind } from './types';

export const BLOCK_W = 240;
export const TITLE_H = 28;
export const ROW_H = 22;
export const PAD = 6;
export const START_W = 100;
export const ACTIONS_W = 200;
const COL_GAP = 100;
const ROW_GAP = 40;
const MARGIN = 40;

/** Extra height of a row with a second line (LLM steps: the model under the name). */
export const LINE2_H = 14;

/** Height of a row: one line, or two for an LLM step. */
export function rowHeight(r: Pick<MapRow, 'kind'>): number {
  return r.kind === 'llm' ? ROW_H + LINE2_H : ROW_H;
}

/** Height of a node (a start card is its title only). */
export function nodeHeight(kind: NodeKind, rows: Pick<MapRow, 'kind'>[]): number {
  return kind === 'start' || rows.length === 0 ? TITLE_H : rowTop(rows, rows.length) + PAD;
}

/** Offset of row `i`'s top from the node's top. */
export function rowTop(rows: Pick<MapRow, 'kind'>[], i: number): number {
  let y = TITLE_H;
  for (let k = 0; k < i; k++) y += rowHeight(rows[k]);
  return y;
}

/** Y where edges meet a row: the middle of its first line (-1: the title). */
export function rowY(n: Pick<MapNode, 'y' | 'rows'>, row: number): number {
  return row < 0 ? n.y + TITLE_H / 2 : n.y + rowTop(n.rows, row) + ROW_H / 2;
}

/** A node being laid out: `placed` false until it has a position. */
export interface LayoutNode extends MapNode {
  /** Canvas position from the file. */
  hasCoords: boolean;
}

/** A line between two nodes (ids), leaving and entering at rows (-1: the title). */
export interface Wire {
  from: string;
  fromRow: number;
  to: string;
  toRow: number;
}

/** Node-level links (from → to ids, no self links). */
type Links = Map<string, string[]>;

/**
 * Gives every node a position: blocks and starts with `coords` keep them; a start without coords
 * goes left of the node it leads to; an actions card sits on its path (see `placeActions`);
 * blocks without coords are laid out in columns by flow order (breadth-first depth from the
 * page's roots), below the positioned nodes when there are any.
 */
export function placeNodes(nodes: LayoutNode[], wires: Wire[]): LayoutKind {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Actions cards are placed after the blocks: their coords are often stale (see placeActions).
  const positioned = new Set(nodes.filter((n) => n.hasCoords && n.kind !== 'actions').map((n) => n.id));
  const blocks = nodes.filter((n) => n.kind === 'block');
  const kind: LayoutKind = blocks.every((n) => n.hasCoords)
    ? 'canvas'
    : blocks.some((n) => n.hasCoords)
      ? 'mixed'
      : 'layered';

  const links: Links = new Map();
  const incoming = new Map<string, string[]>();
  for (const w of wires) {
    if (w.from === w.to) continue;
    links.set(w.from, [...(links.get(w.from) ?? []), w.to]);
    incoming.set(w.to, [...(incoming.get(w.to) ?? []), w.from]);
  }

  // Fallback for blocks without coords: columns by depth from the roots.
  const loose = blocks.filter((n) => !positioned.has(n.id));
  if (loose.length) layered(loose, nodes, links, incoming, positioned);

  // Start cards without coords: left of their target.
  for (const n of nodes) {
    if (n.kind !== 'start' || positioned.has(n.id)) continue;
    const target = (links.get(n.id) ?? []).map((t) => byId.get(t)).find((t) => t && positioned.has(t.id));
    if (!target) continue;
    n.x = target.x - n.w - COL_GAP / 2;
    n.y = target.y;
    positioned.add(n.id);
  }

  const atCoords = placeActions(nodes, wires, byId, positioned);

  // Whatever is left (loose starts and actions with no positioned source): one row at the bottom.
  const rest = nodes.filter((n) => !positioned.has(n.id));
  if (rest.length) {
    const box = bounds(nodes.filter((n) => positioned.has(n.id)));
    let x = box ? box.x : 0;
    const y = box ? box.y + box.h + ROW_GAP * 2 : 0;
    for (const n of rest) {
      n.x = x;
      n.y = y;
      x += n.w + ROW_GAP;
      positioned.add(n.id);
    }
  }
  for (const n of nodes) n.placed = !n.hasCoords || (n.kind === 'actions' && !atCoords.has(n.id));
  return kind;
}

/** Farthest an actions card's own coords may be from the row that leads to it to be believed. */
const NEAR = 500;

/**
 * Actions cards sit on their path, as Voiceflow draws them at the port: halfway between the row
 * that leads to them and the node they lead to (right of the source when the target is not placed
 * yet). A card's own `coords` are used when they are near that row: in real exports most are stale
 * (100 of 157 in the corpus are at the origin, 30 more are over 500 units from their source),
 * because Voiceflow draws an actions container at its port, not at its coords. A card that would
 * cover a block or another card moves down until it is clear. Returns the cards left at their coords.
 */
function placeActions(nodes: LayoutNode[], wires: Wire[], byId: Map<string, LayoutNode>, positioned: Set<string>) {
  const atCoords = new Set<string>();
  const placed: LayoutNode[] = nodes.filter((n) => positioned.has(n.id));
  // Repeat: actions may follow actions.
  for (let progress = true; progress;) {
    progress = false;
    for (const n of nodes) {
      if (positioned.has(n.id) || n.kind !== 'actions') continue;
      const inEdge = wires.find((w) => w.to === n.id && positioned.has(w.from));
      if (!inEdge) continue;
      const src = byId.get(inEdge.from)!;
      const sx = src.x + src.w;
      const sy = rowY(src, inEdge.fromRow);
      const own = n.hasCoords && !(n.x === 0 && n.y === 0) && Math.hypot(n.x - sx, n.y + TITLE_H / 2 - sy) <= NEAR;
      if (own) atCoords.add(n.id);
      else {
        const out = wires.find((w) => w.from === n.id && w.to !== n.id && positioned.has(w.to));
        const dst = out && byId.get(out.to)!;
        const x = dst && dst.x - sx > n.w + 40 ? (sx + dst.x - n.w) / 2 : sx + COL_GAP / 2;
        const y = (dst ? (sy + rowY(dst, out!.toRow)) / 2 : sy) - TITLE_H / 2;
        n.x = Math.round(x);
        n.y = Math.round(y);
      }
      const y0 = n.y;
      clear(n, placed);
      if (n.y !== y0) atCoords.delete(n.id);
      placed.push(n);
      positioned.add(n.id);
      progress = true;
    }
  }
  return atCoords;
}

/** Moves `n` down until it covers none of `others` (with a small gap). */
function clear(n: LayoutNode, others: LayoutNode[]): void {
  const gap = ROW_GAP / 2;
  for (let moved = true, guard = 0; moved && guard <= others.length; guard++) {
    moved = false;
    for (const o of others) {
      if (n.x >= o.x + o.w || o.x >= n.x + n.w || n.y >= o.y + o.h + gap || o.y >= n.y + n.h + gap) continue;
      n.y = o.y + o.h + gap;
      moved = true;
    }
  }
}

function layered(
  loose: LayoutNode[],
  all: LayoutNode[],
  links: Links,
  incoming: Map<string, string[]>,
  positioned: Set<string>,
): void {
  const depth = new Map<string, number>();
  const roots = all.filter((n) => n.kind === 'start' || !(incoming.get(n.id) ?? []).length).map((n) => n.id);
  const queue = roots.length ? [...roots] : [loose[0].id];
  for (const r of queue) depth.set(r, 0);
  for (let i = 0; i < queue.length; i++) {
    for (const t of links.get(queue[i]) ?? []) {
      if (depth.has(t)) continue;
      depth.set(t, depth.get(queue[i])! + 1);
      queue.push(t);
    }
  }
  const box = bounds(all.filter((n) => positioned.has(n.id)));
  const x0 = box ? box.x : 0;
  const y0 = box ? box.y + box.h + ROW_GAP * 2 : 0;
  // Unreached blocks go after the deepest column.
  const deepest = Math.max(0, ...loose.map((n) => depth.get(n.id) ?? 0));
  const colY = new Map<number, number>();
  for (const n of loose) {
    const d = depth.get(n.id) ?? deepest + 1;
    const y = colY.get(d) ?? y0;
    n.x = x0 + d * (BLOCK_W + COL_GAP);
    n.y = y;
    colY.set(d, y + n.h + ROW_GAP);
    positioned.add(n.id);
  }
}

/** The box around `nodes`, or undefined when there are none. */
export function bounds(nodes: Pick<MapNode, 'x' | 'y' | 'w' | 'h'>[]): MapPageBox | undefined {
  if (!nodes.length) return undefined;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const n of nodes) {
    x1 = Math.min(x1, n.x);
    y1 = Math.min(y1, n.y);
    x2 = Math.max(x2, n.x + n.w);
    y2 = Math.max(y2, n.y + n.h);
  }
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

export interface MapPageBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The page box: the nodes' box with a margin (an empty page is a small box at the origin). */
export function pageBounds(nodes: MapNode[]): MapPageBox {
  const b = bounds(nodes) ?? { x: 0, y: 0, w: 0, h: 0 };
  return { x: b.x - MARGIN, y: b.y - MARGIN, w: b.w + 2 * MARGIN, h: b.h + 2 * MARGIN };
}

/** Length of the straight stub a routed edge leaves and enters by, and the spacing of parallel lanes. */
const STUB = 24;
const LANE = 7;
/** Radius of a routed edge's corners. */
const CORNER = 8;

/**
 * An edge goes back when its target starts left of its source's right side: drawn as one curve it
 * would swing across the canvas, so it is routed around instead (see `edgePath`).
 */
export function isBackEdge(from: MapNode, to: MapNode): boolean {
  return from !== to && to.x < from.x + from.w;
}

/** Lanes of routed edges: the k-th back edge out of a node and into a node get lanes k (mod 4). */
export interface Lanes {
  out: number;
  in: number;
}

/**
 * The path of an edge from the right side of `from` at a row to `to`:
 * - forward (the target starts right of the source): a curve into the target's left side;
 * - back into the same node: a small loop out of its right side and in again;
 * - back elsewhere: routed around as a loop reads, out of the right side, over the top of both
 *   nodes (or just above the target when it is lower down), and into the target's title from
 *   above (or, for a row, along its left side). Parallel back edges get lanes a few units apart.
 */
export function edgePath(from: MapNode, fromRow: number, to: MapNode, toRow: number, lanes?: Lanes): MapEdge['d'] {
  const sx = from.x + from.w;
  const sy = rowY(from, fromRow);
  const ty = rowY(to, toRow);
  if (from === to) {
    // Back into the same node: a loop out of its right side, entering again on the right.
    return `M${r(sx)} ${r(sy)}C${r(sx + 50)} ${r(sy)} ${r(sx + 50)} ${r(ty)} ${r(sx)} ${r(ty)}`;
  }
  const tx = to.x;
  if (!isBackEdge(from, to)) {
    const dx = Math.min(200, Math.max(40, Math.abs(tx - sx) / 2));
    return `M${r(sx)} ${r(sy)}C${r(sx + dx)} ${r(sy)} ${r(tx - dx)} ${r(ty)} ${r(tx)} ${r(ty)}`;
  }
  const lo = lanes?.out ?? 0;
  const li = lanes?.in ?? 0;
  const out = sx + STUB + lo * LANE;
  // Just above the target when that clears the source (the target is lower down), else above both.
  const above = to.y - STUB - li * LANE;
  const top = above >= from.y + from.h + CORNER ? above : Math.min(from.y, to.y) - STUB - li * LANE;
  if (toRow < 0) {
    const ex = Math.min(tx + STUB + li * LANE, tx + to.w / 2);
    return rounded([
      [sx, sy],
      [out, sy],
      [out, top],
      [ex, top],
      [ex, to.y],
    ]);
  }
  const side = tx - STUB - li * LANE;
  return rounded([
    [sx, sy],
    [out, sy],
    [out, top],
    [side, top],
    [side, ty],
    [tx, ty],
  ]);
}

const r = (v: number) => Math.round(v * 10) / 10;

/** An orthogonal polyline with rounded corners, as SVG path data (repeated and straight-through points dropped). */
function rounded(all: [number, number][]): string {
  const points: [number, number][] = [];
  for (const p of all) {
    const a = points[points.length - 1];
    const b = points[points.length - 2];
    if (a && a[0] === p[0] && a[1] === p[1]) continue;
    if (a && b && ((b[0] === a[0] && a[0] === p[0]) || (b[1] === a[1] && a[1] === p[1]))) points.pop();
    points.push(p);
  }
  let d = `M${r(points[0][0])} ${r(points[0][1])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1];
    const [x, y] = points[i];
    const [nx, ny] = points[i + 1];
    const k = Math.min(CORNER, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const toward = (ax: number, ay: number, bx: number, by: number) => {
      const len = Math.hypot(bx - ax, by - ay) || 1;
      return [ax + ((bx - ax) * k) / len, ay + ((by - ay) * k) / len];
    };
    const [ax, ay] = toward(x, y, px, py);
    const [bx, by] = toward(x, y, nx, ny);
    d += `L${r(ax)} ${r(ay)}Q${r(x)} ${r(y)} ${r(bx)} ${r(by)}`;
  }
  const [lx, ly] = points[points.length - 1];
  return `${d}L${r(lx)} ${r(ly)}`;
}
