/**
 * Reading the next version of a document after an edit inside one step's text, from the last read.
 *
 * The language server re-reads a document after each edit. When the edit was patched into the
 * kept parse (json/incremental.ts), every JSON object but the edited node (and the objects on its
 * path) is the very object of the last version: parsed values are never mutated, so an object
 * that is the same object holds the same content. When, besides, the node changed only in the
 * text of its prompts, messages or instructions (`CONTENT_KEYS`), nothing outside that step
 * depends on the change: its id, type, ports, block, name and classification stay the same, so
 * the edges, blocks, entries and every other step are those of the last read. Only the step is
 * read again, the variables (a Set step's text is a variable's value) are read again, and the
 * source ranges after the edit are moved (`shiftRanges`). Anything else reads the whole export.
 *
 * The result equals a full read: tests compare them after hundreds of edits
 * (test/unit/incrementalAnalysis.test.ts).
 */
import type { Flow, FlowBlock, FlowStep } from '../../flow/types';
import type { JsonDocument } from '../../json/document';
import { isObject, JsonObject } from '../../json/safe';
import { documentSpans } from '../../json/spans';
import type { Position, Range } from '../../types';
import type { ReadOptions } from '../format';
import { NODE_PATTERN } from './nodeSpans';
import { RawNode, rawNode, VoiceflowNodes } from './nodes';
import type { EdgeResult } from './edges';
import type { Resources } from './resources';

/** Keys whose string values are text a step says or sends, never a name, id, port or setting. */
const CONTENT_KEYS = new Set(['prompt', 'system', 'instructions', 'text', 'content', 'message']);

/** How deep two node objects are compared before giving up (a read of the whole export follows). */
const MAX_DEPTH = 48;

/** What a read leaves for the next one. The flow is a snapshot no caller holds (they get copies). */
export interface LastRead {
  root: JsonObject;
  options: ReadOptions;
  flow: Flow;
  res: Resources;
  /** The nodes as first read whole (ranges of that text: only the flow's ranges are kept current). */
  raw: VoiceflowNodes;
  graph: EdgeResult;
}

/** The node that changed between two roots, when exactly one node object of one diagram did. */
export interface NodeChange {
  dKey: string;
  nKey: string;
  /** The node object in the earlier root, and in the later one. */
  before: JsonObject;
  after: JsonObject;
}

/** The one member of `b` that differs from `a` (same keys in the same order), or undefined. */
function oneMemberChanged(a: JsonObject, b: JsonObject): string | undefined | null {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return undefined;
  let changed: string | null = null;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (k !== kb[i]) return undefined;
    if (a[k] === b[k]) continue;
    if (changed !== null) return undefined;
    changed = k;
  }
  return changed;
}

/**
 * The node object that differs between two versions of an export root, if exactly one does and
 * everything else is shared; `null` when nothing differs; undefined otherwise.
 */
export function changedNode(before: JsonObject, after: JsonObject): NodeChange | null | undefined {
  if (before === after) return null;
  const top = oneMemberChanged(before, after);
  if (top !== 'diagrams') return top === null ? null : undefined;
  const step = (a: unknown, b: unknown): string | undefined =>
    isObject(a) && isObject(b) ? (oneMemberChanged(a, b) ?? undefined) : undefined;
  const dKey = step(before.diagrams, after.diagrams);
  if (dKey === undefined) return undefined;
  const d0 = (before.diagrams as JsonObject)[dKey];
  const d1 = (after.diagrams as JsonObject)[dKey];
  if (step(d0, d1) !== 'nodes') return undefined;
  const n0 = (d0 as JsonObject).nodes as JsonObject;
  const n1 = (d1 as JsonObject).nodes as JsonObject;
  const nKey = step(n0, n1);
  if (nKey === undefined || !isObject(n0[nKey]) || !isObject(n1[nKey])) return undefined;
  return { dKey, nKey, before: n0[nKey], after: n1[nKey] };
}

/** True when `a` and `b` are equal but for strings held under `CONTENT_KEYS`. */
export function differsInContentOnly(a: unknown, b: unknown, key = '', depth = 0): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return CONTENT_KEYS.has(key);
  if (depth > MAX_DEPTH || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const oa = a as JsonObject;
  const ob = b as JsonObject;
  // Inside an array the items are held under the array's key (content: [{ text: … }]).
  const arr = Array.isArray(a);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    if (!differsInContentOnly(oa[ka[i]], ob[ka[i]], arr ? key : ka[i], depth + 1)) return false;
  }
  return true;
}

/** Positions at or after `from` (the end of the edited node before) move to follow `to` (its end now). */
export function shiftRanges(from: Position, to: Position): (r: Range | undefined) => Range | undefined {
  const dl = to.line - from.line;
  const dc = to.character - from.character;
  const pos = (p: Position): Position => {
    if (p.line < from.line || (p.line === from.line && p.character < from.character)) return p;
    if (p.line === from.line) return { line: p.line + dl, character: p.character + dc };
    return dl === 0 ? p : { line: p.line + dl, character: p.character };
  };
  return (r) => {
    if (!r || (dl === 0 && dc === 0)) return r;
    const start = pos(r.start);
    const end = pos(r.end);
    return start === r.start && end === r.end ? r : { start, end };
  };
}

/** Same classification: same behaviour row, class, reason, wait and LLM use. */
function sameClass(a: RawNode['classified'], b: RawNode['classified']): boolean {
  return (
    a.behaviour === b.behaviour &&
    a.class === b.class &&
    a.reason === b.reason &&
    a.waits === b.waits &&
    a.llm === b.llm
  );
}

/** Fresh containers around the snapshot's shared, never-mutated steps, blocks and diagrams. */
export function copyFlow(f: Flow): Flow {
  return {
    ...f,
    format: { ...f.format },
    project: { ...f.project },
    diagrams: new Map(f.diagrams),
    blocks: new Map(f.blocks),
    steps: new Map(f.steps),
    entries: f.entries.map((e) => ({ ...e })),
    variables: new Map(f.variables),
    perMessage: { ...f.perMessage },
    perConversation: [...f.perConversation],
    ignored: [...f.ignored],
    diagnostics: f.diagnostics.map((d) => ({ ...d })),
  };
}

/** The node read from `diagrams.<dKey>.nodes.<nKey>` (looked up by the id written in it). */
function nodeAt(raw: VoiceflowNodes, dKey: string, nKey: string, obj: JsonObject): RawNode | undefined {
  const at = (n: RawNode | undefined) => n !== undefined && n.path[1] === dKey && n.path[3] === nKey;
  const found = raw.find(dKey, typeof obj.nodeID === 'string' ? obj.nodeID : nKey);
  if (at(found)) return found;
  for (const n of raw.nodes.values()) if (at(n)) return n;
  return undefined;
}

/** What re-reading one step needs from the reader (kept there, with the rest of its helpers). */
export interface StepReader {
  step(
    node: RawNode,
    ctx: { root: JsonObject; res: Resources; raw: VoiceflowNodes; graph: EdgeResult; options: ReadOptions },
  ): FlowStep;
  variables(root: JsonObject, raw: VoiceflowNodes, res: Resources): Flow['variables'];
}

/**
 * The last read brought up to `doc`, when `doc` differs from it only in the text of one step
 * (see the file comment); undefined when the whole export must be read.
 */
export function readAgain(
  last: LastRead,
  doc: JsonDocument,
  options: ReadOptions,
  reader: StepReader,
): LastRead | undefined {
  const root = doc.root as JsonObject;
  if (!sameOptions(last.options, options)) return undefined;
  const change = changedNode(last.root, root);
  if (change === null) return { ...last, root };
  if (!change) return undefined;
  if (!differsInContentOnly(change.before, change.after)) return undefined;
  const old = nodeAt(last.raw, change.dKey, change.nKey, change.before);
  const oldStep = old && last.flow.steps.get(old.id);
  const span = documentSpans(doc, NODE_PATTERN).find((s) => s.path[1] === change.dKey && s.path[3] === change.nKey);
  if (!old || !oldStep?.range || !span) return undefined;
  const range = doc.lines.range(span.start, span.end);
  const node = { ...rawNode(old.id, change.dKey, change.nKey, change.after, range, last.res), parentId: old.parentId };
  if (!sameClass(old.classified, node.classified) || node.type !== old.type) return undefined;
  last.raw.nodes.set(node.id, node);
  const shift = shiftRanges(oldStep.range.end, range.end);
  const flow = copyFlow(last.flow);
  for (const [id, s] of flow.steps) {
    const r = shift(s.range);
    if (r !== s.range) flow.steps.set(id, { ...s, range: r });
  }
  flow.steps.set(node.id, reader.step(node, { root, res: last.res, raw: last.raw, graph: last.graph, options }));
  for (const [id, b] of flow.blocks) {
    const r = shift(b.range);
    if (r !== b.range) flow.blocks.set(id, { ...b, range: r } satisfies FlowBlock);
  }
  for (const d of flow.diagnostics) d.range = shift(d.range);
  flow.variables = reader.variables(root, last.raw, last.res);
  return { ...last, root, flow };
}

/** The same read options (every option is a plain value). */
function sameOptions(a: ReadOptions, b: ReadOptions): boolean {
  const ka = Object.keys(a) as (keyof ReadOptions)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
