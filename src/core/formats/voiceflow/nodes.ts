/**
 * The diagrams and nodes of a Voiceflow export, with the source range of each node object, its
 * classification, and its container (block/actions). Node ids repeated across diagrams are kept
 * apart (`<diagramKey>/<id>`) and reported.
 */
import type { FlowDiagram, JsonPath } from '../../flow/types';
import type { JsonDocument } from '../../json/document';
import { documentSpans } from '../../json/spans';
import { asArray, asObject, asString, isObject, JsonObject, own } from '../../json/safe';
import type { Diagnostic, Range } from '../../types';
import { NODE_PATTERN } from './nodeSpans';
import type { Resources } from './resources';
import { Classified, classify } from './steps';

export interface RawNode {
  /** Unique id in the export. */
  id: string;
  type: string;
  diagramId: string;
  data: JsonObject;
  range?: Range;
  /** Path of the node object in the document. */
  path: JsonPath;
  /** The block/actions node holding this step. */
  parentId?: string;
  /** For containers: the ids of their steps, in order, as written. */
  stepIds: string[];
  coords?: { x: number; y: number };
  classified: Classified;
}

export interface VoiceflowNodes {
  diagrams: Map<string, FlowDiagram>;
  nodes: Map<string, RawNode>;
  rootDiagramId?: string;
  /** A diagram reference (diagramID or _id) → its key in `diagrams`. */
  resolveDiagram(ref: unknown): string | undefined;
  /** False for nodes of canvas templates, which never run. */
  executable(node: RawNode): boolean;
  /**
   * The step ids after `id` in its container, in order (ids as written: resolve them with `find`).
   * Lazy, so that taking the first one costs O(1) even in a block of 100,000 steps.
   */
  nextInParent(id: string): Iterable<string>;
  /**
   * The node an id written in diagram `diagramKey` refers to: that diagram's own node first (a
   * component copied into another keeps its ids), else the only node with that id elsewhere.
   */
  find(diagramKey: string, rawId: string): RawNode | undefined;
  diagnostics: Diagnostic[];
}

function coordsOf(node: JsonObject): { x: number; y: number } | undefined {
  const c = asArray(node.coords);
  return typeof c[0] === 'number' && typeof c[1] === 'number' && Number.isFinite(c[0]) && Number.isFinite(c[1])
    ? { x: c[0], y: c[1] }
    : undefined;
}

export function readNodes(root: JsonObject, doc: JsonDocument, res: Resources): VoiceflowNodes {
  const diagnostics: Diagnostic[] = [];
  const rawDiagrams = asObject(root.diagrams);
  const { diagrams, resolveDiagram } = diagramsOf(rawDiagrams);
  const { nodes, local, global } = nodesOf(rawDiagrams, diagrams, doc, res, diagnostics);
  const find = (diagramKey: string, rawId: string): RawNode | undefined => {
    const id = local.get(diagramKey)?.get(rawId) ?? global.get(rawId);
    return id === undefined ? undefined : nodes.get(id);
  };
  const position = linkParents(nodes, find);
  function* nextInParent(id: string): Iterable<string> {
    const node = nodes.get(id);
    const parent = node?.parentId ? nodes.get(node.parentId) : undefined;
    const i = position.get(id);
    if (!parent || i === undefined) return;
    for (let k = i + 1; k < parent.stepIds.length; k++) yield parent.stepIds[k];
  }
  const rootRef = own(own(root, 'version'), 'rootDiagramID');
  const rootDiagramId = resolveDiagram(rootRef);
  if (typeof rootRef === 'string' && !rootDiagramId) {
    diagnostics.push({
      rule: 'missing-diagram',
      severity: 'warning',
      message: `version.rootDiagramID "${rootRef}" names no diagram in the file`,
    });
  }
  const executable = (node: RawNode) => diagrams.get(node.diagramId)?.type !== 'TEMPLATE';
  return { diagrams, nodes, rootDiagramId, resolveDiagram, executable, nextInParent, find, diagnostics };
}

/** The diagrams by key, and a resolver for references by diagramID or _id. */
function diagramsOf(rawDiagrams: JsonObject): {
  diagrams: Map<string, FlowDiagram>;
  resolveDiagram: (ref: unknown) => string | undefined;
} {
  const diagrams = new Map<string, FlowDiagram>();
  const alias = new Map<string, string>();
  for (const [key, d] of Object.entries(rawDiagrams)) {
    if (!isObject(d)) continue;
    diagrams.set(key, { id: key, name: asString(d.name, key), type: asString(d.type, 'TOPIC') });
    for (const a of [d.diagramID, d._id]) if (typeof a === 'string') alias.set(a, key);
  }
  const resolveDiagram = (ref: unknown): string | undefined =>
    typeof ref !== 'string' ? undefined : (alias.get(ref) ?? (diagrams.has(ref) ? ref : undefined));
  return { diagrams, resolveDiagram };
}

/** Every node of every diagram, with its source range and classification. */
function nodesOf(
  rawDiagrams: JsonObject,
  diagrams: Map<string, FlowDiagram>,
  doc: JsonDocument,
  res: Resources,
  diagnostics: Diagnostic[],
): { nodes: Map<string, RawNode>; local: Map<string, Map<string, string>>; global: Map<string, string> } {
  const lines = doc.lines;
  // Diagram key → node key → span (nested maps: a joined key would be built and hashed per node).
  const spans = new Map<string, Map<string, { start: number; end: number }>>();
  for (const s of documentSpans(doc, NODE_PATTERN)) {
    let inDiagram = spans.get(s.path[1]);
    if (!inDiagram) spans.set(s.path[1], (inDiagram = new Map()));
    inDiagram.set(s.path[3], s);
  }
  const nodes = new Map<string, RawNode>();
  /** Per diagram: the id written in the file → the node's unique id. */
  const local = new Map<string, Map<string, string>>();
  /** Ids written in one diagram only → the node's unique id (ids in several diagrams are left out). */
  const global = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [dKey, d] of Object.entries(rawDiagrams)) {
    const dNodes = own(d, 'nodes');
    const here = new Map<string, string>();
    local.set(dKey, here);
    const dName = asString(own(d, 'name'), dKey);
    if (!isObject(dNodes)) {
      diagnostics.push({
        rule: 'missing-diagram-nodes',
        severity: 'warning',
        message: `Diagram "${dName}" has no nodes object; skipped`,
      });
      continue;
    }
    const dSpans = spans.get(dKey);
    for (const [nKey, node] of Object.entries(dNodes)) {
      if (!isObject(node)) continue;
      const span = dSpans?.get(nKey);
      const range = span ? lines.range(span.start, span.end) : undefined;
      const written = typeof node.nodeID === 'string' ? node.nodeID : nKey;
      let id = written;
      if (nodes.has(id)) {
        diagnostics.push({
          rule: 'duplicate-node-id',
          severity: 'warning',
          message:
            `Node id "${id}" appears in more than one diagram; the copy in "${dName}" is analysed as ` +
            `"${dKey}/${id}"`,
          range,
        });
        id = `${dKey}/${id}`;
        ambiguous.add(written);
      }
      if (!here.has(written)) here.set(written, id);
      if (!global.has(written)) global.set(written, id);
      const raw = rawNode(id, dKey, nKey, node, range, res);
      nodes.set(id, raw);
      const diagram = diagrams.get(dKey)!;
      if (raw.type === 'start' && !diagram.startId) diagram.startId = id;
    }
  }
  for (const id of ambiguous) global.delete(id);
  return { nodes, local, global };
}

/** One node object of diagram `dKey` (key `nKey`), read as node `id`. */
export function rawNode(
  id: string,
  dKey: string,
  nKey: string,
  node: JsonObject,
  range: Range | undefined,
  res: Resources,
): RawNode {
  const data = asObject(node.data);
  const type = typeof node.type === 'string' ? node.type : '';
  const stepIds = asArray(data.steps).filter((s): s is string => typeof s === 'string');
  const path = ['diagrams', dKey, 'nodes', nKey];
  const classified = classify(type, data, res);
  return { id, type, diagramId: dKey, data, range, path, stepIds, coords: coordsOf(node), classified };
}

/** Links steps to their block/actions container; returns each step's position there. */
function linkParents(
  nodes: Map<string, RawNode>,
  find: (diagramKey: string, rawId: string) => RawNode | undefined,
): Map<string, number> {
  const position = new Map<string, number>();
  for (const node of nodes.values()) {
    if (node.type !== 'block' && node.type !== 'actions' && node.type !== 'start') continue;
    if (!Array.isArray(node.data.steps)) continue;
    node.stepIds.forEach((s, i) => {
      const child = find(node.diagramId, s);
      if (child && !child.parentId) {
        child.parentId = node.id;
        position.set(child.id, i);
      }
    });
  }
  return position;
}
