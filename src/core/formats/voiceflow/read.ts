/**
 * A Voiceflow export (eras A–E, 2021–2026) → the neutral Flow. Tolerant by design: every top-level
 * key but `version` and `diagrams` is optional and unknown keys are ignored (Voiceflow adds keys
 * several times a year); problems become diagnostics.
 */
import type { Flow, FlowBlock, FlowStep, FlowProject, VoiceService } from '../../flow/types';
import type { JsonDocument } from '../../json/document';
import { asArray, asObject, asString, dig, isObject, JsonObject, nonEmpty, own } from '../../json/safe';
import type { Channel, Diagnostic } from '../../types';
import type { ReadOptions } from '../format';
import { intentClassificationCall, noMatchCall } from './calls';
import { buildEdges, type EdgeResult, STAY_PREFIX } from './edges';
import { HINTED_LLM } from './steps';
import { RawNode, readNodes, VoiceflowNodes } from './nodes';
import { readVariables } from './variables';
import { buildResources, Resources } from './resources';
import { copyFlow, LastRead, readAgain, StepReader } from './reuse';
import { HUGE_TEXT, keepingEngineCaches, registerCache } from '../../memo';

/** Platforms of voice assistants (before `project.type` existed). */
const VOICE_PLATFORMS = new Set(['general', 'voiceflow', 'alexa', 'google', 'dialogflow_es', 'dialogflow_cx']);

/** A Voiceflow export: an object with `version` and `diagrams` objects. */
export function isVoiceflowExport(root: unknown): boolean {
  return isObject(root) && isObject(root.version) && isObject(root.diagrams);
}

/** Export era by `version._version` (voiceflow-format.md §2). */
export function eraOf(v: number | null): string {
  if (v === null) return 'B';
  if (v < 5) return 'B';
  if (v < 9) return 'C';
  if (v < 12) return "C'";
  if (v < 13.1) return 'D';
  return 'E';
}

function schemaVersionOf(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return null;
}

function channelOf(project: JsonObject, platform: string, override?: Channel): { channel: Channel; reason: string } {
  if (override) return { channel: override, reason: 'set by the channel setting' };
  if (project.type === 'voice' || project.type === 'chat') {
    return { channel: project.type, reason: `project.type is "${project.type}"` };
  }
  return {
    channel: VOICE_PLATFORMS.has(platform) ? 'voice' : 'chat',
    reason: `project.platform is "${platform}" (no project.type)`,
  };
}

/** The TTS and STT the project names (2026 `settings.voice`, else the legacy platform settings). */
function voiceOf(version: JsonObject): FlowProject['voice'] {
  const vs = dig(version, 'settings', 'voice');
  const service = (s: unknown, legacy: string): VoiceService | undefined => {
    const vendor = nonEmpty(own(s, 'provider'));
    const model = nonEmpty(own(s, 'model'));
    const label = [vendor, model].filter(Boolean).join(':') || legacy;
    return label ? { vendor, model, label } : undefined;
  };
  const legacy = asObject(dig(version, 'platformData', 'settings'));
  return {
    tts: service(own(vs, 'tts'), asString(legacy.defaultVoice)),
    stt: service(own(vs, 'stt'), legacy.deepgramASR ? 'deepgram' : ''),
  };
}

/**
 * The name a builder recognises: the step's label or name, the agent's name for an agent step,
 * else `Block › Step type` (the canvas label of the type).
 */
function stepName(node: RawNode, container: string, res: Resources): string {
  const d = node.data;
  const given = nonEmpty(d.label) ?? nonEmpty(d.name);
  if (given) return given.trim();
  if (node.type === 'agent') {
    const agent = res.agent(d.agentID);
    if (agent) return agent.name;
  }
  if (node.type === 'start') return 'Start';
  return `${container} › ${node.classified.behaviour?.label ?? (node.type || 'step')}`;
}

/** The block (or, outside blocks, the diagram) a step sits in, by name. */
function containerName(node: RawNode, raw: VoiceflowNodes): string {
  const parent = node.parentId ? raw.nodes.get(node.parentId) : undefined;
  const named = parent ? (nonEmpty(parent.data.name) ?? (parent.type === 'start' ? 'Start' : undefined)) : undefined;
  return (named ?? raw.diagrams.get(node.diagramId)?.name ?? node.diagramId).trim();
}

/** An entry is named after what starts it: the intent or event, else its block. */
function entryName(stepId: string, raw: VoiceflowNodes, res: Resources): string {
  const node = raw.nodes.get(stepId);
  if (!node) return stepId;
  if (node.type === 'start') return 'Launch';
  const d = node.data;
  if (node.type === 'intent')
    return `Intent: ${res.intentName(d.intent) ?? asString(d.intent, containerName(node, raw))}`;
  const names = asArray(d.items)
    .map((i) => res.intentName(own(i, 'resourceID')) ?? res.eventName(own(i, 'resourceID')))
    .filter((n): n is string => !!n);
  return names.length ? `Trigger: ${names.join(', ')}` : `Trigger in ${containerName(node, raw)}`;
}

function toStep(node: RawNode, root: unknown, res: Resources, raw: VoiceflowNodes, options: ReadOptions): FlowStep {
  const c = node.classified;
  const b = c.behaviour;
  const container = containerName(node, raw);
  // An agent that does not listen for other triggers holds the conversation: no intents, no jumps.
  const listens = c.waits && !(node.type === 'agent' && node.data.listenForOtherTriggers === false);
  const dataPath = [...node.path, 'data'];
  const all = c.llm && b?.calls ? b.calls({ options, data: node.data, dataPath, root, res }) : [];
  const on = b?.callsOn ?? 'arrival';
  return {
    id: node.id,
    type: node.type,
    kind: b?.kind ?? 'unknown',
    name: stepName(node, container, res),
    container,
    diagramId: node.diagramId,
    range: node.range,
    path: node.path,
    class: c.class,
    reason: c.reason,
    known: b !== undefined,
    executable: raw.executable(node),
    waits: c.waits,
    clickable: b?.clickable === true,
    noMatch: b?.noMatch === true && c.waits,
    ends: b?.ends === true,
    listensForIntents: listens && b?.clickable !== true,
    globalJumps: listens,
    calls: on === 'reply' ? [] : on === 'both' ? all.map((c) => ({ ...c, label: `${c.label} (when reached)` })) : all,
    replyCalls:
      on === 'reply' ? all : on === 'both' ? all.map((c) => ({ ...c, label: `${c.label} (each reply)` })) : [],
    spoken: b?.spoken ? b.spoken(node.data, res) : [],
    speaksOutput: b?.speaksOutput === true,
    edges: [],
  };
}

/** What the Voiceflow reader built along the way, for readers that extend it (2026 exports). */
export interface Canvas {
  flow: Flow;
  root: JsonObject;
  res: Resources;
  raw: VoiceflowNodes;
}

export function readVoiceflow(doc: JsonDocument, options: ReadOptions): Flow {
  return readCanvas(doc, options).flow;
}

/** How many reads (while caches are kept) reused the last one, and how many read the whole export. */
export const canvasReads = { reused: 0, whole: 0 };

/**
 * The last read of each document, kept for its next version (reuse.ts) while engine caches are
 * kept, by the document's `version` object: every version patched from a parse shares that object
 * (an edit inside a node copies only the objects on its path), and no other document has it. The
 * entry goes with the document's last parse (a weak map: its key is reachable from nowhere else).
 */
let lastReads = new WeakMap<object, LastRead>();
registerCache(
  () => lastReads,
  (r) => (lastReads = r),
  () => new WeakMap(),
);

const STEP_READER: StepReader = {
  step: canvasStep,
  variables: (root, raw, res) => readVariables(root, raw.nodes.values(), res),
};

/**
 * Reads the canvas (diagrams, steps, entries) and the CMS look-ups of a Voiceflow export. While
 * engine caches are kept (the language server), a version that differs from the last read only in
 * one step's text reuses that read (reuse.ts).
 */
export function readCanvas(doc: JsonDocument, options: ReadOptions): Canvas {
  const lineage = own(doc.root, 'version');
  if (!keepingEngineCaches() || !isObject(lineage)) return readWhole(doc, options);
  const last = lastReads.get(lineage);
  const again = last && readAgainOrNot(last, doc, options);
  const read = again ?? snapshot(readWhole(doc, options), options);
  canvasReads[again ? 'reused' : 'whole']++;
  // A huge export is read whole after each edit: its kept read would hold every step (memo.ts).
  if (doc.text.length < HUGE_TEXT) lastReads.set(lineage, read);
  else lastReads.delete(lineage);
  // Callers extend the flow they get (2026 exports): they get fresh containers, the snapshot stays.
  const flow = copyFlow(read.flow);
  return { flow, root: read.root, res: read.res, raw: { ...read.raw, diagrams: flow.diagrams } };
}

/** The last read brought up to `doc`, or undefined (a shortcut that fails reads the whole export). */
function readAgainOrNot(last: LastRead, doc: JsonDocument, options: ReadOptions): LastRead | undefined {
  try {
    return readAgain(last, doc, options, STEP_READER);
  } catch {
    return undefined;
  }
}

/** A whole read kept as the snapshot the next read may start from. */
function snapshot(c: Canvas & { graph: EdgeResult }, options: ReadOptions): LastRead {
  return { root: c.root, options, flow: copyFlow(c.flow), res: c.res, raw: c.raw, graph: c.graph };
}

/** Reads the whole export. */
function readWhole(doc: JsonDocument, options: ReadOptions): Canvas & { graph: EdgeResult } {
  const root = doc.root as JsonObject;
  const version = asObject(root.version);
  const res = buildResources(root);
  const raw = readNodes(root, doc, res);
  const graph = buildEdges(raw);
  const diagnostics: Diagnostic[] = [...raw.diagnostics];
  const steps = new Map<string, FlowStep>();
  const blocks = new Map<string, FlowBlock>();
  for (const node of raw.nodes.values()) {
    const role = node.classified.behaviour?.role ?? 'step';
    if (node.type === 'block') blocks.set(node.id, blockOf(node, raw));
    if (role === 'container' || role === 'ignored') continue;
    const unknown = unknownStepDiagnostic(node);
    if (unknown) diagnostics.push(unknown);
    steps.set(node.id, canvasStep(node, { root, res, raw, graph, options }));
  }
  diagnostics.push(...graph.diagnostics);
  const schemaVersion = schemaVersionOf(version._version);
  const era = version._version === undefined && root._version === undefined ? 'A' : eraOf(schemaVersion);
  const flow: Flow = {
    format: { id: 'voiceflow', era, schemaVersion },
    project: projectOf(root, options),
    diagrams: raw.diagrams,
    blocks,
    steps,
    entries: graph.entries.map((e) => ({ ...e, name: entryName(e.stepId, raw, res) })),
    variables: readVariables(root, raw.nodes.values(), res),
    perMessage: { intentClassification: intentClassificationCall(root, res), noMatch: noMatchCall(root, res) },
    perConversation: [],
    ignored: [],
    diagnostics,
  };
  return { flow, root, res, raw, graph };
}

/** A block on the canvas: its name, place and the steps in it that exist. */
function blockOf(node: RawNode, raw: VoiceflowNodes): FlowBlock {
  return {
    id: node.id,
    name: asString(node.data.name) || 'Block',
    diagramId: node.diagramId,
    coords: node.coords,
    steps: node.stepIds.filter((s) => raw.nodes.has(s)),
    range: node.range,
  };
}

/** A warning for a step of a type the step table does not know (priced as the call it names, if any). */
function unknownStepDiagnostic(node: RawNode): Diagnostic | undefined {
  const b = node.classified.behaviour;
  if (b && b !== HINTED_LLM) return undefined;
  return {
    rule: 'unknown-step-type',
    severity: 'warning',
    message: b
      ? `Unknown step type "${node.type}" names a prompt, agent or model: priced as that LLM call, once per run`
      : `Unknown step type "${node.type}": its cost is unknown`,
    stepId: node.id,
    range: node.range,
  };
}

/** What placing a step on the canvas reads: the export, its look-ups, nodes and edges. */
interface CanvasContext {
  root: JsonObject;
  res: Resources;
  raw: VoiceflowNodes;
  graph: EdgeResult;
  options: ReadOptions;
}

/** A step with its edges, the paths that keep it waiting, its subflow, its block and where it is drawn. */
function canvasStep(node: RawNode, ctx: CanvasContext): FlowStep {
  const { raw, graph } = ctx;
  const step = toStep(node, ctx.root, ctx.res, raw, ctx.options);
  step.edges = graph.edges.get(node.id) ?? [];
  const holds = step.edges.filter((e) => e.key.startsWith(STAY_PREFIX)).map((e) => e.key);
  if (holds.length) step.holds = holds;
  step.subflow = graph.subflows.get(node.id);
  const parent = node.parentId ? raw.nodes.get(node.parentId) : undefined;
  if (parent?.type === 'block') step.blockId = parent.id;
  // On the canvas by itself (a start), or in an actions container on a path: where it is drawn.
  const at = parent ? (parent.type === 'actions' ? parent.coords : undefined) : node.coords;
  if (at) step.coords = at;
  return step;
}

/** The project's name, platform, channel (and why), voice services, memory window and priority processing. */
function projectOf(root: JsonObject, options: ReadOptions): FlowProject {
  const version = asObject(root.version);
  const project = asObject(root.project);
  const platform = asString(project.platform ?? dig(version, 'platformData', 'platform'), 'unknown');
  const { channel, reason } = channelOf(project, platform, options.channel);
  const memoryTurns = dig(version, 'settings', 'memory', 'turns');
  return {
    name: asString(project.name ?? version.name, 'Untitled'),
    platform,
    channel,
    channelReason: reason,
    voice: voiceOf(version),
    memoryTurns: typeof memoryTurns === 'number' && memoryTurns > 0 ? memoryTurns : undefined,
    priorityProcessing: dig(version, 'settings', 'llm', 'priorityProcessing') === true,
  };
}
