/**
 * Plain data shared by every part of the engine. Positions are 0-based like LSP.
 * Money and credits are `Decimal` inside the core and decimal strings at the edges.
 */
import type { CallTask, JsonPath, StepKind } from './flow/types';
import type { Decimal } from './pricing/money';
import type { describeAssumptions, ReasoningEffort, Settings } from './settings';
import type { ConversationCost, MonthCost } from './turns/conversation';
import type { Turn } from './turns/turns';
import type { Loop } from './turns/walk';

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
export type Fix =
  { kind: 'maxTokens'; value: number; path?: JsonPath } | { kind: 'model'; model: string; path?: JsonPath };

/** A finding about the file: parse problems, unknown steps/models, loops, rule findings… */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /**
   * Diagnostics of a rule with the same `group` are the same finding on different steps: text and
   * Markdown output show them once ("history-growth on 11 steps"). Default: the message shape.
   */
  group?: string;
  stepId?: string;
  range?: Range;
  /** The property the finding is about (`"model": …`); the analysis turns it into `range`. */
  path?: JsonPath;
  fix?: Fix;
}

/** How a step is billed. `waits` ends the agent's turn (the next user message is billed). */
export type StepClass = 'free' | 'credits' | 'waits' | 'unknown';

export type Channel = 'chat' | 'voice';

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
  task: CallTask;
  /** Where the model and the output cap are set in the source (quick fixes edit there). */
  modelPath?: JsonPath;
  maxTokensPath?: JsonPath;
  /** Source strings that feed this call, with their own tokens (null when the reader has no text). */
  sources: PricedSource[];
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
  /** Reasoning effort the expected output assumes (reasoning tokens are billed as output). */
  reasoningEffort?: ReasoningEffort;
  /** Variables large by nature that were sized with the default budget (name, why large). */
  unbudgeted: { name: string; why: string }[];
  /** Its output is said to the user (see CallSpec.spoken). */
  spoken?: boolean;
  /** Priority processing: priced at the vendor's priority rate, or standard when it has none. */
  priority?: string;
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

/** A source string of a call and its own token count (on the call's tokenizer). */
export interface PricedSource {
  path: JsonPath;
  what: string;
  tokens: number | null;
}

/** Min / expected / max of a quantity. */
export interface Spread<T> {
  min: T;
  expected: T;
  max: T;
}

/** One step of the analysis: how it is billed and what one run of it costs. */
export interface StepReport {
  id: string;
  /** The format's step type, as written. */
  type: string;
  kind: StepKind;
  name: string;
  /** The block (or diagram) that holds the step, by name. */
  container: string;
  blockId?: string;
  diagramId: string;
  diagramName: string;
  class: StepClass;
  reason: string;
  /** The model of the step's (first) LLM call, null for a step without one. */
  model: string | null;
  calls: LlmCall[];
  /** Calls made when the user answers this wait step. */
  replyCalls: LlmCall[];
  /** Credits per run at turn 1 (expected output); null when a price is unknown. */
  credits: Decimal | null;
  /** Credits per run with maxTokens output; null when unknown. */
  creditsMax: Decimal | null;
  /** Extra credits per extra turn from history growth. */
  growthPerTurn: Decimal | null;
  /** Voice: characters spoken per run. */
  spokenChars: number;
  range?: Range;
  /** Path of the step's object in the source document (quick fixes edit below it). */
  path?: JsonPath;
  /** Turns that run this step (ids). */
  turns: string[];
  /** Some conversation runs the step (false: templates, orphans, blocks no path reaches). */
  reachable: boolean;
  /** Expected arrivals at the step per conversation. */
  visits: Decimal;
  /** Expected user replies the step handles per conversation (waits that bill a reply). */
  replies: Decimal;
  /** Expected credits per conversation: arrivals × arrival cost + replies × reply cost. */
  creditsPerConversation: Decimal | null;
}

/** Everything the engine found out about one export: every surface renders this. */
export interface Analysis {
  file: {
    projectName: string;
    platform: string;
    /** The export format (folder under src/core/formats/). */
    format: string;
    /** 2026: the conversation framework (agent-routed or canvas-first). */
    framework?: 'conversation' | 'agentic';
    /** Parts of the file that are not priced, and why (no values, never secrets). */
    ignored: { what: string; count: number; why: string }[];
    era: string;
    schemaVersion: number | null;
    channel: Channel;
    channelReason: string;
  };
  steps: StepReport[];
  turns: Turn[];
  /** Agentic exports: the agent and who answers its messages, with the shares and costs. */
  agentic?: {
    routerId: string;
    /** Credits of the routing call every user message makes (null when its price is unknown). */
    routerCreditsPerMessage: Decimal | null;
    skills: {
      id: string;
      name: string;
      kind: 'agent' | 'playbook' | 'workflow';
      diagramId?: string;
      /** Share of user messages this skill answers (the router's split). */
      share: Decimal;
      /**
       * Credits of one message it answers: the routing call + what runs from the skill until the
       * next wait (a playbook's calls; a workflow's canvas up to its first wait).
       */
      creditsPerMessage: Decimal | null;
      /** Expected credits per conversation of its own calls (a workflow: every step of its canvas). */
      creditsPerConversation: Decimal | null;
    }[];
  };
  /** Per-message calls that belong to no step: intent classification, no-match and no-reply. */
  hidden: { intentClassification?: LlmCall; noMatch?: LlmCall; noReply?: LlmCall };
  loops: Loop[];
  conversation: ConversationCost;
  month: MonthCost;
  /** Voice: the rates used and what a spoken character and a user turn cost (known parts). */
  voice?: { tts: string; stt: string; perChar: Decimal; perUserTurn: Decimal; unknown: string[] };
  diagnostics: Diagnostic[];
  settings: Settings;
  assumptions: ReturnType<typeof describeAssumptions>;
  rateCard: { name: string; source: string; checked: string };
}
