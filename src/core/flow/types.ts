/**
 * The neutral flow model: the engine's own description of an agent, independent of any export
 * format. A format reader (`src/core/formats/<name>/`) turns a file into a `Flow`; classification,
 * graph, turns, pricing, rules and reports read only these types.
 *
 * Ids are unique within a flow. Positions are 0-based like LSP. Texts are split into literal text
 * and variable references, because variable values are unknown before runtime.
 */
import type { Channel, Diagnostic, Range, StepClass } from '../types';

/** A path into the source document (object keys and array indexes), for quick-fix edits and hovers. */
export type JsonPath = (string | number)[];

/** Text with its variable placeholders removed, and the variables it references. */
export interface TextParts {
  /** The text with every variable placeholder removed. */
  literal: string;
  /** Variable names in order of appearance (repeats kept: each is sent). */
  variables: string[];
}

/** Where a text an LLM call sends comes from in the source document (for hovers). */
export interface TextSource {
  /** Path of the string (or of the array/object holding the text) in the source document. */
  path: JsonPath;
  /** What the text is, in a builder's words ("system prompt", "agent instructions", …). */
  what: string;
  /** The text itself, when the reader has it (its own token count is shown on the string). */
  text?: TextParts;
}

/** What kind of job an LLM call does (rules suggest small models for the small jobs). */
export type CallTask =
  /** Writes the reply the user sees or hears. */
  | 'respond'
  /** Holds a conversation with tools (agents, playbooks). */
  | 'converse'
  /** Picks one of a few options (conditions, intent classification, routing). */
  | 'classify'
  /** Pulls values out of the user's reply (entity capture). */
  | 'extract'
  /** Produces a value for a variable (AI Set, Set with a prompt). */
  | 'set'
  /** Judges a finished conversation (evaluations). */
  | 'evaluate';

/** Knowledge-base chunks a call sends, as the file configures them (unset: the settings' default). */
export interface KnowledgeRead {
  /** Chunks retrieved per call (`search.limit`, `chunkLimit`). */
  chunks?: number;
  /** Characters per chunk (`chunkStrategy.size`). */
  chunkChars?: number;
}

/** A tool definition sent with a call, as the runtime sends it: a JSON schema per tool. */
export interface ToolDef {
  name: string;
  description: string;
  parameters: { name: string; description: string; required: boolean }[];
  /** The tool's own JSON input schema, when the file has one (MCP tools): sent as it is. */
  schema?: Record<string, unknown>;
  /** Calling it returns a result the model reads in another LLM round (API, function, KB…). */
  round?: boolean;
  /** The tool's status messages are written by an LLM (generative tool messages). */
  generatesMessages?: boolean;
}

/** One LLM call a step makes: what it sends and how it is capped. Priced by `cost/callPricing.ts`. */
export interface CallSpec {
  /** What the call is, e.g. "Response AI", "AI Set #1 → summary", "Intent classification (llm)". */
  label: string;
  task: CallTask;
  /** Model id as written in the file; undefined/empty → the `defaultModel` setting. */
  model?: unknown;
  /** Output cap as written in the file (validated when priced). */
  maxTokens?: unknown;
  /** Reasoning effort as written (minimal | low | medium | high), when the file sets one. */
  reasoningEffort?: unknown;
  system: TextParts;
  prompt: TextParts;
  /** Sends conversation memory (grows each turn). */
  memory: boolean;
  /** Sends retrieved knowledge-base chunks (false: none). */
  knowledgeBase: false | KnowledgeRead;
  /** Tool definitions sent with the call (agents). */
  tools?: ToolDef[];
  /** Number of chat messages, for the per-message format overhead. */
  messages: number;
  /** Tokens of tool calls and results already in the conversation (later tool rounds). */
  toolResultTokens?: number;
  /** Sends the whole conversation transcript (evaluations run over it). */
  transcript?: boolean;
  /**
   * Its output is said to the user (text-to-speech in voice). Unset: the last call of a step that
   * speaks its output.
   */
  spoken?: boolean;
  /** Only the output is billed here: the input was paid by another call (the router's answer). */
  outputOnly?: boolean;
  /** Fixed output tokens (e.g. a classification answer) instead of the expected-output assumption. */
  fixedOutput?: number;
  /** Extra fixed input tokens of a platform-side template (e.g. KB answer synthesis). */
  templateTokens?: number;
  /** Where the model and the output cap are set in the source (quick fixes edit there). */
  modelPath?: JsonPath;
  maxTokensPath?: JsonPath;
  /** Source strings that feed this call (hovers show their tokens). */
  sources: TextSource[];
}

/** A transition from a step: the target step and the port it leaves by (branch weights key on it). */
export interface FlowEdge {
  to: string;
  /** Port id (or a synthetic key such as `fall:<id>`); branch weights are looked up by it. */
  key: string;
}

/** A neutral kind for each step, for rules and displays (the format's own type stays in `type`). */
export type StepKind =
  | 'entry'
  | 'message'
  | 'listen'
  | 'llm'
  | 'agent'
  | 'logic'
  | 'integration'
  | 'call'
  | 'jump'
  | 'end'
  | 'evaluation'
  | 'unknown';

/** One executable step of the agent. */
export interface FlowStep {
  /** Unique id in the flow (the file's id, made unique when a file repeats it). */
  id: string;
  /** The format's step type as written ("generative", "agent", …), for display. */
  type: string;
  kind: StepKind;
  /** The name a builder recognises (label, agent name, …; else `Block › Step type`). */
  name: string;
  /** The block (or diagram) that holds the step, by name. */
  container: string;
  diagramId: string;
  /** The block (group of steps on the canvas) holding the step, when the format has blocks. */
  blockId?: string;
  /**
   * Canvas position of a step that stands on the canvas by itself (a start) or of the `actions`
   * container that holds it (steps on a path), when recorded.
   */
  coords?: { x: number; y: number };
  /** Range of the step's own object in the source text. */
  range?: Range;
  /** Path of the step's object in the source document (quick fixes edit below it). */
  path?: JsonPath;
  class: StepClass;
  /** Why the step has its class, in a builder's words. */
  reason: string;
  /** False when the format does not know the step type (its cost is unknown). */
  known: boolean;
  /** The step is part of the flow that runs (false for canvas templates). */
  executable: boolean;
  /** The agent waits for the user here; the next user message starts a new turn. */
  waits: boolean;
  /** The wait is answered by a click (no intent classification for a click). */
  clickable: boolean;
  /** A no-match can happen at this wait (no-match fallback calls). */
  noMatch: boolean;
  /** Ends the conversation. */
  ends: boolean;
  /** A typed reply here is classified against the intents (LLM intent classification can run). */
  listensForIntents: boolean;
  /** A reply here can jump to a global entry (intents, triggers) instead of continuing locally. */
  globalJumps: boolean;
  /** LLM calls made when execution reaches the step. */
  calls: CallSpec[];
  /** LLM calls made when the user answers this wait step. */
  replyCalls: CallSpec[];
  /** Static text the step says (free in chat, text-to-speech in voice). */
  spoken: TextParts[];
  /** The output of the step's LLM calls is said to the user (text-to-speech in voice). */
  speaksOutput: boolean;
  /** Where execution goes next. */
  edges: FlowEdge[];
  /** Edge keys that keep the step holding the conversation (an agent that stays): no new arrival. */
  holds?: string[];
  /** A sub-flow call: the first step of the called flow (execution returns here after it ends). */
  subflow?: string;
}

/** Where a conversation can start or jump to. */
export interface FlowEntry {
  kind: 'launch' | 'intent' | 'trigger' | 'event' | 'agent';
  /** The step the entry runs first. */
  stepId: string;
  name: string;
  /** A user message at any wait can jump here (global intents, triggers). */
  global: boolean;
}

/** What the file tells about a variable's value (prompts send variables; their size matters). */
export interface VariableInfo {
  /** A text the file gives the variable (a Set step, a default value): its tokens are counted. */
  text?: TextParts;
  /** Why its value is large by nature (an API response, knowledge-base results…), when it is. */
  large?: string;
}

/** A canvas, topic, component or workflow. */
export interface FlowDiagram {
  id: string;
  name: string;
  /** The format's kind ("TOPIC", "COMPONENT", "TEMPLATE", …). */
  type: string;
  /** The diagram's first step, when it has one. */
  startId?: string;
}

/** A block on the canvas: its name, position and steps (for names and the cost map). */
export interface FlowBlock {
  id: string;
  name: string;
  diagramId: string;
  /** Canvas position, when the file records one. */
  coords?: { x: number; y: number };
  /** Step ids in order. */
  steps: string[];
  range?: Range;
}

/** A speech service as the file names it. */
export interface VoiceService {
  vendor?: string;
  model?: string;
  /** The setting as written, for look-ups and messages (e.g. "elevenlabs:eleven_turbo_v2_5:…"). */
  label: string;
}

/** Project-wide facts the engine needs. */
export interface FlowProject {
  name: string;
  platform: string;
  channel: Channel;
  /** Why the channel was chosen. */
  channelReason: string;
  voice: { tts?: VoiceService; stt?: VoiceService };
  /** Turns of conversation memory sent to LLM calls, when the file sets it. */
  memoryTurns?: number;
  /** Calls are billed at the vendor's priority rate ("faster processing"). */
  priorityProcessing: boolean;
  /** A per-conversation spend cap (USD) the platform enforces (`costControl.maxDollars`). */
  costCapUsd?: string;
  /** The conversation framework: canvas-first or agent-routed (2026). */
  framework?: 'conversation' | 'agentic';
}

/** Which reader produced the flow, and the file's version. */
export interface FlowFormat {
  /** Format id (the folder under `src/core/formats/`). */
  id: string;
  /** Export era label (Voiceflow: A–E). */
  era: string;
  /** The file's schema version, null when it has none. */
  schemaVersion: number | null;
}

/** The whole agent, as the engine sees it. */
export interface Flow {
  format: FlowFormat;
  project: FlowProject;
  diagrams: Map<string, FlowDiagram>;
  blocks: Map<string, FlowBlock>;
  steps: Map<string, FlowStep>;
  entries: FlowEntry[];
  /** Variables by name, where the file says something about their values. */
  variables: Map<string, VariableInfo>;
  /** Calls a user message may trigger outside any step. */
  perMessage: { intentClassification?: CallSpec; noMatch?: CallSpec; noReply?: CallSpec };
  /** Calls made once per conversation (evaluations over the transcript). */
  perConversation: CallSpec[];
  /** The agentic framework's agent and skills, when the export uses it (cost maps draw them). */
  agentic?: {
    /** The step of the agent that routes every message. */
    routerId: string;
    /** Who can answer: the agent itself, its playbooks and workflows (ids of their steps). */
    skills: { id: string; name: string; kind: 'agent' | 'playbook' | 'workflow'; diagramId?: string }[];
  };
  /** Parts of the file the engine does not price (simulations, secrets…), for the report. */
  ignored: { what: string; count: number; why: string }[];
  /** What the reader found wrong or could not read. */
  diagnostics: Diagnostic[];
}
