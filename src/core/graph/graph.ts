/**
 * The step graph: for every executable node, where execution goes next.
 * - Ports: era A `ports[]`, era B+ `portsV2.{builtIn, dynamic, byKey}`; a target may be a block
 *   (→ its first step), an actions node, or a step.
 * - Inside a block, step i falls through to step i+1 unless its `next` port is wired elsewhere.
 * - goToNode / goTo (intent) jump; component / flow call a diagram and return (walk.ts keeps the
 *   call stack); agents may stay in conversation (an edge to themselves).
 */
import type { Json, ParsedExport } from '../parse/exportFile';
import { resolveDiagram } from '../parse/exportFile';
import type { Classification } from '../classify/classify';
import type { Diagnostic, FlowNode } from '../types';

export interface Edge {
  to: string;
  /** Port id (or target id) used to look up a branch weight. */
  key: string;
}

export interface Graph {
  succ: Map<string, Edge[]>;
  /** Component/flow steps: the diagram key they call and that diagram's first step. */
  calls: Map<string, string>;
  /** The first node of the launch turn (the root diagram's start). */
  launch?: string;
  /** Global entries: intent handlers and triggers a user message can jump to at any wait. */
  globals: string[];
  diagnostics: Diagnostic[];
}

interface Port {
  id: string;
  key: string;
  target: unknown;
}

function portsOf(data: Json): Port[] {
  const out: Port[] = [];
  if (Array.isArray(data.ports)) {
    data.ports.forEach(
      (p: Json, i: number) =>
        p &&
        out.push({
          id: String(p.id ?? i),
          key: i === 0 && (p.type === '' || p.type === 'next') ? 'next' : String(p.type || i),
          target: p.target,
        }),
    );
  }
  const v2 = data.portsV2;
  if (v2 && typeof v2 === 'object') {
    for (const [k, p] of Object.entries<Json>(v2.builtIn ?? {}))
      if (p) out.push({ id: String(p.id ?? k), key: k, target: p.target });
    if (Array.isArray(v2.dynamic))
      v2.dynamic.forEach(
        (p: Json, i: number) =>
          p && out.push({ id: String(p.id ?? `dynamic${i}`), key: `dynamic${i}`, target: p.target }),
      );
    for (const [k, p] of Object.entries<Json>(v2.byKey ?? {}))
      if (p) out.push({ id: String(p.id ?? k), key: k, target: p.target });
  }
  return out;
}

export function buildGraph(p: ParsedExport, cls: Map<string, Classification>): Graph {
  const diagnostics: Diagnostic[] = [];
  const succ = new Map<string, Edge[]>();
  const calls = new Map<string, string>();
  const globals: string[] = [];
  const nodes = p.nodes;

  /** Executable node for a port target: a block/actions resolves to its first step. */
  const resolve = (id: string, seen = 0): string | undefined => {
    const n = nodes.get(id);
    if (!n || seen > 8) return undefined;
    const c = cls.get(id);
    if (c?.role === 'container') {
      const steps: unknown[] = Array.isArray(n.data.steps) ? n.data.steps : [];
      const first = steps.find((s) => typeof s === 'string' && nodes.has(s)) as string | undefined;
      return first ? resolve(first, seen + 1) : undefined;
    }
    if (c?.role === 'ignored') return undefined;
    return id;
  };

  const dangling = (from: FlowNode, target: string) =>
    diagnostics.push({
      rule: 'dangling-port',
      severity: 'warning',
      message: `A port of ${from.type} step ${from.id} points to "${target}", which is not in the file; that path is not analysed`,
      stepId: from.id,
      range: from.range,
    });

  // Intent/trigger lookup for goTo steps.
  const intentEntries = new Map<string, string[]>();
  for (const n of nodes.values()) {
    const c = cls.get(n.id);
    if (c?.role !== 'entry' || n.type === 'start') continue;
    const ids: string[] =
      n.type === 'intent'
        ? [n.data.intent as string]
        : Array.isArray(n.data.items)
          ? (n.data.items as Json[]).map((i) => i?.resourceID)
          : [];
    for (const i of ids) if (typeof i === 'string') intentEntries.set(i, [...(intentEntries.get(i) ?? []), n.id]);
    const local =
      n.type === 'trigger' &&
      Array.isArray(n.data.items) &&
      (n.data.items as Json[]).every((i) => i?.settings?.local === true);
    const diagramType = p.diagrams.get(n.diagramId)?.type;
    if (!local && diagramType !== 'TEMPLATE') globals.push(n.id);
  }

  for (const n of nodes.values()) {
    const c = cls.get(n.id);
    if (!c || c.role === 'container' || c.role === 'ignored') continue;
    if (p.diagrams.get(n.diagramId)?.type === 'TEMPLATE') continue; // canvas templates are never executed
    const edges: Edge[] = [];
    const add = (target: unknown, key: string) => {
      if (typeof target !== 'string' || target === '') return;
      const r = resolve(target);
      if (r) edges.push({ to: r, key });
      else if (!nodes.has(target)) dangling(n, target);
    };
    const ports = portsOf(n.data);
    let nextWired = false;
    for (const port of ports) {
      if (port.target && port.key === 'next') nextWired = true;
      add(port.target, port.id);
    }
    const d = n.data as Json;
    if (n.type === 'goToNode') add(d.nodeID, `goto:${d.nodeID}`);
    if (n.type === 'goTo' && typeof d.intent === 'string')
      for (const e of intentEntries.get(d.intent) ?? []) edges.push({ to: e, key: `goto:${e}` });
    if ((n.type === 'component' || n.type === 'flow') && d.diagramID) {
      const dk = resolveDiagram(p, d.diagramID);
      const start = dk ? p.diagrams.get(dk)?.startId : undefined;
      if (start) calls.set(n.id, start);
      else
        diagnostics.push({
          rule: 'missing-diagram',
          severity: 'warning',
          message: `Component step ${n.id} calls diagram "${d.diagramID}", which is not in the file`,
          stepId: n.id,
          range: n.range,
        });
    }
    if (n.type === 'agent' && d.exitEveryConversationalTurn !== true) edges.push({ to: n.id, key: `stay:${n.id}` });
    // Fall through to the next step of the block unless `next` is wired elsewhere.
    if (!nextWired && n.parentId && !c.ends && n.type !== 'goToNode' && n.type !== 'goTo') {
      const parent = nodes.get(n.parentId);
      const steps: unknown[] = Array.isArray(parent?.data.steps) ? (parent!.data.steps as unknown[]) : [];
      const i = steps.indexOf(n.id);
      for (let j = i + 1; i >= 0 && j < steps.length; j++) {
        const r = typeof steps[j] === 'string' ? resolve(steps[j] as string) : undefined;
        if (r) {
          edges.push({ to: r, key: `fall:${r}` });
          break;
        }
      }
    }
    succ.set(n.id, dedupe(edges));
  }

  let launch: string | undefined;
  const rootStart = p.rootDiagramId ? p.diagrams.get(p.rootDiagramId)?.startId : undefined;
  if (rootStart) launch = rootStart;
  else {
    for (const d of p.diagrams.values())
      if (d.startId && d.type !== 'COMPONENT' && d.type !== 'TEMPLATE') {
        launch = d.startId;
        break;
      }
    if (!launch)
      diagnostics.push({
        rule: 'missing-start',
        severity: 'warning',
        message: 'No start node found: the launch turn cannot be analysed',
      });
  }
  return { succ, calls, launch, globals, diagnostics };
}

function dedupe(edges: Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => (seen.has(e.to + '\u0000' + e.key) ? false : (seen.add(e.to + '\u0000' + e.key), true)));
}
