/**
 * Plain data shared by every part of the engine. Positions are 0-based like LSP.
 * Money and credits are `Decimal` inside the core and decimal strings at the edges.
 */
import type { Decimal } from './pricing/money';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A machine-applicable fix a rule suggests (the editor turns it into a quick fix). */
export type Fix = { kind: 'maxTokens'; value: number } | { kind: 'model'; model: string };

/** A finding about the file: parse problems, unknown steps/models, loops, rule findings… */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  stepId?: string;
  range?: Range;
  fix?: Fix;
}

/** How a step is billed. `waits` ends the agent's turn (the next user message is billed). */
export type StepClass = 'free' | 'credits' | 'waits' | 'unknown';

export type Channel = 'chat' | 'voice';

/** A diagram (topic, component) of the export. */
export interface Diagram {
  id: string;
  name: string;
  type: string;
  /** The `start` node id, when the diagram has one. */
  startId?: string;
}

/** One node of a diagram, as parsed: blocks, actions and steps alike. */
export interface FlowNode {
  id: string;
  type: string;
  diagramId: string;
  /** The raw `data` object from the export (never mutated). */
  data: Record<string, unknown>;
  /** Range of the node's JSON object in the source text. */
  range?: Range;
  /** For a step inside a block/actions node: that container's id. */
  parentId?: string;
}

/** Token counts of one LLM call. `input` is the sum of the breakdown parts. */
export interface TokenBreakdown {
  system: number;
  prompt: number;
  variables: number;
  memory: number;
  knowledgeBase: number;
  tools: number;
  overhead: number;
}

/** An LLM call a step makes each time it runs. */
export interface LlmCall {
  /** What the call is, e.g. "Response AI", "AI Set: summary", "intent classification". */
  label: string;
  model: string;
  /** Rate-card row id, or null when the model is not in the rate card (unknown price). */
  rateId: string | null;
  breakdown: TokenBreakdown;
  input: number;
  /** Expected output tokens: min(maxTokens, assumption). */
  output: number;
  /** Upper bound of output tokens (the step's maxTokens). */
  outputMax: number;
  /** The step sets maxTokens itself (else `defaultMaxTokens` is assumed). */
  maxTokensSet: boolean;
  /** Fingerprint of the system prompt text when it is long (duplicate detection), else undefined. */
  systemKey?: string;
  /** True when the tokenizer is the vendor's own (OpenAI models), false for approximations. */
  exact: boolean;
  /** Memory tokens added per extra turn (history growth), 0 when the call sends no memory. */
  memoryTokensPerTurn: number;
  /** Credits at turn 1 with expected output, or null when the price is unknown. */
  credits: Decimal | null;
  /** Credits at turn 1 with maxTokens output, or null when unknown. */
  creditsMax: Decimal | null;
  /** Extra credits per extra turn from history growth (input rate × memoryTokensPerTurn). */
  growthPerTurn: Decimal | null;
}

/** Min / expected / max of a quantity. */
export interface Spread<T> {
  min: T;
  expected: T;
  max: T;
}
