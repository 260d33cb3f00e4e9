/**
 * Where execution goes after each Voiceflow step:
 * - ports: era A `ports[]`, era B+ `portsV2.{builtIn, dynamic, byKey}`; a target may be a block
 *   (→ its first step), an actions node, or a step;
 * - inside a block, step i falls through to step i+1 unless its `next` port is wired elsewhere;
 * - goToNode / goTo (intent) jump; component / flow call a diagram and return; agents may stay in
 *   conversation (an edge to themselves).
 * Also the entries: the launch (the root diagram's start) and the global intent/trigger handlers.
 */
import type { FlowEdge, FlowEntry } from '../../flow/types';
import { asArray, asObject, asString, isObject, JsonObject, own } from '../../json/safe';
import type { Diagnostic } from '../../types';
import type { RawNode, VoiceflowNodes } from './nodes';

/** Key prefix of the edge that keeps an agent holding the conversation. */
export const STAY_PREFIX = 'stay:';

interface Port {
  id: string;
  key: string;
  target: unknown;
}

function portsOf(data: JsonObject): Port[] {
  const out: Port[] = [];
  asArray(data.ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const key = i === 0 && (p.type === '' || p.type === 'next') ? 'next' : asString(p.type) || String(i);
    out.push({ id: asString(p.id, String(i)), key, target: p.target });
  });
  const v2 = asObject(data.portsV2);
  for (const [k, p] of Object.entries(asObject(v2.builtIn))) {
    if (isObject(p)) out.push({ id: asString(p.id, k), key: k, target: p.target });
  }
  asArray(v2.dynamic).forEach((p, i) => {
    if (isObject(p)) out.push({ id: asString(p.id, `dynamic${i}`), key: `dynamic${i}`, target: p.target });
  });
  for (const [k, p] of Object.entries(asObject(v2.byKey))) {
    if (isObject(p)) out.push({ id: asString(p.id, k), key: k, target: p.target });
  }
  return out;
}

export interface EdgeResult {
  edges: Map<string, FlowEdge[]>;
  /** Component/flow steps → the first step of the diagram they call. */
  subflows: Map<string, string>;
  entries: FlowEntry[];
  diagnostics: Diagnostic[];
}

/** Edges of every executable step, the sub-flow calls and the entries. */
export function buildEdges(n: VoiceflowNodes): EdgeResult {
  const out: EdgeResult = { edges: new Map(), subflows: new Map(), entries: [], diagnostics: [] };
  const intentEntries = globalEntries(n, out.entries);
  for (const node of n.nodes.values()) {
    // Unknown types take part in the graph too (their cost is unknown, their ports are followed).
    const role = node.classified.behaviour?.role ?? 'step';
    if (role !== 'container' && role !== 'ignored' && n.executable(node)) {
      out.edges.set(node.id, dedupe(edgesOf(node, n, intentEntries, out)));
    }
  }
  const launch = launchOf(n);
  if (launch) out.entries.unshift({ kind: 'launch', stepId: launch, name: 'launch', global: false });
  else
    out.diagnostics.push({
      rule: 'missing-start',
      severity: 'warning',
      message: 'No start node found: the launch turn cannot be analysed',
    });
  return out;
}

/**
 * Executable step for a target id written in diagram `diagramKey`: a block/actions resolves to its
 * first step. Ids resolve in the writer's own diagram first (see `VoiceflowNodes.find`).
 */
function resolveTarget(n: VoiceflowNodes, diagramKey: string, rawId: string, seen = 0): string | undefined {
  const node = n.find(diagramKey, rawId);
  if (!node || seen > 8) return undefined;
  const role = node.classified.behaviour?.role;
  if (role === 'container') {
    for (const s of node.stepIds) {
      if (n.find(node.diagramId, s)) return resolveTarget(n, node.diagramId, s, seen + 1);
    }
    return undefined;
  }
  return role === 'ignored' ? undefined : node.id;
}

/**
 * Intent and trigger handlers: the global ones become entries; returns intent id → handler ids
 * (the targets of goTo steps).
 */
function globalEntries(n: VoiceflowNodes, entries: FlowEntry[]): Map<string, string[]> {
  const intentEntries = new Map<string, string[]>();
  for (const node of n.nodes.values()) {
    if (node.classified.behaviour?.role !== 'entry' || node.type === 'start') continue;
    const d = node.data;
    const ids = node.type === 'intent' ? [d.intent] : asArray(d.items).map((i) => own(i, 'resourceID'));
    for (const i of ids) if (typeof i === 'string') intentEntries.set(i, [...(intentEntries.get(i) ?? []), node.id]);
    const local = node.type === 'trigger' && asArray(d.items).every((i) => own(own(i, 'settings'), 'local') === true);
    if (!local && n.executable(node)) {
      entries.push({
        kind: node.type === 'intent' ? 'intent' : 'trigger',
        stepId: node.id,
        name: node.id,
        global: true,
      });
    }
  }
  return intentEntries;
}

/** Where execution can go after one step: ports, jumps, sub-flow calls, staying, falling through. */
function edgesOf(node: RawNode, n: VoiceflowNodes, intentEntries: Map<string, string[]>, out: EdgeResult): FlowEdge[] {
  const b = node.classified.behaviour;
  const edges: FlowEdge[] = [];
  let targetDiagram: string | undefined;
  const add = (target: unknown, key: string) => {
    if (typeof target !== 'string' || target === '') return;
    const r = resolveTarget(n, targetDiagram ?? node.diagramId, target);
    if (r) edges.push({ to: r, key });
    else if (!n.find(targetDiagram ?? node.diagramId, target))
      out.diagnostics.push({
        rule: 'dangling-port',
        severity: 'warning',
        message:
          `A port of ${node.type} step ${node.id} points to "${target}", which is not in the file; that path ` +
          `is not analysed`,
        stepId: node.id,
        range: node.range,
      });
  };
  let nextWired = false;
  for (const port of portsOf(node.data)) {
    if (port.target && port.key === 'next') nextWired = true;
    add(port.target, port.id);
  }
  const d = node.data;
  if (b?.jump === 'node') {
    // A go-to-block may name the diagram the block is in.
    targetDiagram = n.resolveDiagram(d.diagramID);
    add(d.nodeID, `goto:${asString(d.nodeID)}`);
    targetDiagram = undefined;
  }
  if (b?.jump === 'intent' && typeof d.intent === 'string') {
    for (const e of intentEntries.get(d.intent) ?? []) edges.push({ to: e, key: `goto:${e}` });
  }
  if (b?.subflow && d.diagramID) subflow(node, n, out);
  if (b?.stays?.(d)) edges.push({ to: node.id, key: `${STAY_PREFIX}${node.id}` });
  // Fall through to the next step of the block unless `next` is wired elsewhere.
  if (!nextWired && node.parentId && !b?.ends && !b?.jump) {
    const parentDiagram = n.nodes.get(node.parentId)?.diagramId ?? node.diagramId;
    for (const id of n.nextInParent(node.id)) {
      const r = resolveTarget(n, parentDiagram, id);
      if (r) {
        edges.push({ to: r, key: `fall:${r}` });
        break;
      }
    }
  }
  return edges;
}

/** A component/flow step: the first step of the diagram it calls, or a diagnostic. */
function subflow(node: RawNode, n: VoiceflowNodes, out: EdgeResult): void {
  const dk = n.resolveDiagram(node.data.diagramID);
  const start = dk ? n.diagrams.get(dk)?.startId : undefined;
  if (start) out.subflows.set(node.id, start);
  else
    out.diagnostics.push({
      rule: 'missing-diagram',
      severity: 'warning',
      message:
        `Component step ${node.id} calls diagram "${asString(node.data.diagramID, '?')}", which is not in the ` +
        `file`,
      stepId: node.id,
      range: node.range,
    });
}

/** The launch: the root diagram's start, else the first start of a topic. */
function launchOf(n: VoiceflowNodes): string | undefined {
  const rootStart = n.rootDiagramId ? n.diagrams.get(n.rootDiagramId)?.startId : undefined;
  if (rootStart) return rootStart;
  for (const d of n.diagrams.values()) {
    if (d.startId && d.type !== 'COMPONENT' && d.type !== 'TEMPLATE') return d.startId;
  }
  return undefined;
}

function dedupe(edges: FlowEdge[]): FlowEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = e.to + '\u0000' + e.key;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
