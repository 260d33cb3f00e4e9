/**
 * Every assumption the engine uses, in one typed object with documented defaults.
 * Reports list the assumptions behind each figure (see `describeAssumptions`).
 */

/** Reasoning effort levels of reasoning models (exports write them in `reasoningEffort`). */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export interface Settings {
  /** User turns per conversation after the launch turn. */
  turnsPerConversation: number;
  /** Conversations per month, for the monthly projection. */
  conversationsPerMonth: number;
  /** USD per credit (Business monthly: 0.005). */
  creditPriceUsd: string;
  /** Credits billed for the launch request (docs conflict: 0 by default). */
  launchCredits: string;
  /** Credits billed per user message in chat projects. */
  userMessageCredits: string;
  /** Tokens assumed for a variable whose value is unknown at design time. */
  variableTokens: number;
  /** Per-variable token budgets by variable name (overrides `variableTokens`). */
  variableTokenBudgets: Record<string, number>;
  /** Tokens of one user message (`last_utterance`, intent classification input). */
  userMessageTokens: number;
  /** Tokens one turn adds to memory (user message + agent reply). */
  memoryTokensPerTurn: number;
  /** Turns kept in memory (Voiceflow 2024: 10 messages; 2026 exports: settings.memory.turns). */
  memoryMaxTurns: number;
  /** Tokens of retrieved knowledge-base chunks per KB call (3 chunks × ~300 tokens). */
  knowledgeBaseTokens: number;
  /** Expected output tokens of an LLM call (capped by its maxTokens). */
  expectedOutputTokens: number;
  /**
   * Output tokens per expected visible output token, by reasoning effort: reasoning models bill
   * their hidden reasoning as output. Engineering judgement (vendors publish no averages).
   */
  reasoningOutputMultipliers: Record<string, number>;
  /** Share of user messages at a wait that jump to a global entry (intents, triggers) instead. */
  globalEntryRate: number;
  /** Relative weights of the global entries by entry id or name (default equal). */
  entryWeights: Record<string, number>;
  /** maxTokens assumed when a step does not set one. */
  defaultMaxTokens: number;
  /** Chat-format overhead tokens per message sent to a chat model. */
  messageOverheadTokens: number;
  /** Share of user messages that fall through to no-match (KB fallback / generative no-match). */
  noMatchRate: number;
  /** Branch weights by port/step id (relative, default 1 each). */
  branchWeights: Record<string, number>;
  /** Iterations assumed for a loop with no bound, for the capped max. */
  loopCap: number;
  /** Voice: characters the agent speaks per minute. */
  speechCharsPerMinute: number;
  /** Voice: seconds a user speaks per turn. */
  userSpeechSeconds: number;
  /** Voice: characters of speech per generated output token. */
  charsPerToken: number;
  /** Voice: TTS rate-card id used when the export names no known voice. */
  defaultTts: string;
  /** Voice: STT rate-card id used when the export names no known STT. */
  defaultStt: string;
  /** Model id assumed where the export leaves it empty (Voiceflow's default). */
  defaultModel: string;
  /** What-if: price every LLM call on this model instead of the one the export names. */
  modelOverride?: string;
  /** What-if per step: step id → model id (from the project file's whatIf.models). */
  stepModels: Record<string, string>;
  /** Force the channel instead of reading it from the project. */
  channel?: 'chat' | 'voice';
  /** Monthly credit budget; default: the plan's allotment. */
  monthlyBudget?: number;
  /** Plan name whose allotment is the budget (pro, business, …). Default: the plan that fits. */
  plan?: string;
  /** Days in the billing month, for alert dates. */
  daysPerMonth: number;
}

/** Defaults, each documented in `ASSUMPTION_DOCS`. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  turnsPerConversation: 5,
  conversationsPerMonth: 1000,
  creditPriceUsd: '0.005',
  launchCredits: '0',
  userMessageCredits: '1',
  variableTokens: 20,
  variableTokenBudgets: {},
  userMessageTokens: 25,
  memoryTokensPerTurn: 80,
  memoryMaxTurns: 10,
  knowledgeBaseTokens: 900,
  expectedOutputTokens: 150,
  reasoningOutputMultipliers: { minimal: 1, low: 2, medium: 4, high: 8 },
  globalEntryRate: 0.25,
  entryWeights: {},
  defaultMaxTokens: 500,
  messageOverheadTokens: 3,
  noMatchRate: 0.1,
  branchWeights: {},
  stepModels: {},
  loopCap: 3,
  speechCharsPerMinute: 700,
  userSpeechSeconds: 5,
  charsPerToken: 4,
  defaultTts: 'elevenlabs-flash',
  defaultStt: 'deepgram-nova-3',
  defaultModel: 'gpt-4o-mini',
  daysPerMonth: 30,
});

/** One line of documentation per assumption: shown by reports and `--help`. */
export const ASSUMPTION_DOCS: Record<keyof Settings, string> = {
  turnsPerConversation: 'user turns per conversation after launch',
  conversationsPerMonth: 'conversations per month',
  creditPriceUsd: 'USD per credit (Business monthly)',
  launchCredits: 'credits for the launch request (docs conflict)',
  userMessageCredits: 'credits per user message (chat)',
  variableTokens: 'tokens per unknown variable value',
  variableTokenBudgets: 'token budget per variable name',
  userMessageTokens: 'tokens per user message',
  memoryTokensPerTurn: 'memory tokens added per turn',
  memoryMaxTurns: 'turns kept in memory',
  knowledgeBaseTokens: 'knowledge-base chunk tokens per KB call',
  expectedOutputTokens: 'expected output tokens per LLM call (≤ maxTokens)',
  reasoningOutputMultipliers: 'output tokens per visible token by reasoning effort (reasoning is billed as output)',
  globalEntryRate: 'share of messages at a wait that jump to a global intent/trigger',
  entryWeights: 'weights of the global entries (default equal)',
  defaultMaxTokens: 'maxTokens when a step sets none',
  messageOverheadTokens: 'chat-format tokens per message',
  noMatchRate: 'share of free-text messages that hit no-match',
  branchWeights: 'branch weights (default equal)',
  loopCap: 'iterations assumed for an unbounded loop',
  speechCharsPerMinute: 'voice: characters spoken per minute',
  userSpeechSeconds: 'voice: seconds the user speaks per turn',
  charsPerToken: 'characters per token (spoken output in voice, knowledge-base chunk size)',
  defaultTts: 'voice: TTS when the export names none',
  defaultStt: 'voice: STT when the export names none',
  defaultModel: 'model when a step names none',
  channel: 'channel (chat or voice) override',
  modelOverride: 'what-if: every LLM call priced on this model',
  stepModels: 'what-if: model per step id',
  monthlyBudget: 'monthly credit budget',
  plan: 'plan for the budget',
  daysPerMonth: 'days in the billing month',
};

/** Thrown by `normaliseSettings` with the offending key. */
export class SettingsError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL_RE = /^\d+(\.\d+)?$/;

/**
 * Merge raw (CLI flags, project file) values over the defaults, checking each one.
 * Unknown keys are rejected so a typo never silently falls back to a default.
 */
export function normaliseSettings(raw: Partial<Record<string, unknown>> = {}): Settings {
  const out: Settings = {
    ...DEFAULT_SETTINGS,
    variableTokenBudgets: {},
    branchWeights: {},
    entryWeights: {},
    reasoningOutputMultipliers: { ...DEFAULT_SETTINGS.reasoningOutputMultipliers },
    stepModels: {},
  };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in ASSUMPTION_DOCS)) throw new SettingsError(key, `unknown setting "${key}"`);
    const k = key as keyof Settings;
    const def = (DEFAULT_SETTINGS as Settings)[k];
    if (k === 'channel') {
      if (value !== 'chat' && value !== 'voice')
        throw new SettingsError(k, `channel must be "chat" or "voice", got ${JSON.stringify(value)}`);
      out.channel = value;
    } else if (k === 'plan' || k === 'modelOverride') {
      out[k] = String(value);
    } else if (
      k === 'variableTokenBudgets' ||
      k === 'branchWeights' ||
      k === 'entryWeights' ||
      k === 'reasoningOutputMultipliers'
    ) {
      out[k] = numberRecord(k, value);
    } else if (k === 'stepModels') {
      if (typeof value !== 'object' || value === null || Object.values(value).some((m) => typeof m !== 'string'))
        throw new SettingsError(k, 'stepModels must map step ids to model ids');
      out.stepModels = { ...(value as Record<string, string>) };
    } else if (typeof def === 'string') {
      const s = String(value);
      if (!DECIMAL_RE.test(s))
        throw new SettingsError(k, `${k} must be a non-negative decimal, got ${JSON.stringify(value)}`);
      (out as unknown as Record<string, unknown>)[k] = s;
    } else {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n) || n < 0)
        throw new SettingsError(k, `${k} must be a non-negative number, got ${JSON.stringify(value)}`);
      if ((k === 'noMatchRate' || k === 'globalEntryRate') && n > 1)
        throw new SettingsError(k, `${k} must be between 0 and 1, got ${n}`);
      (out as unknown as Record<string, unknown>)[k] = n;
    }
  }
  return out;
}

function numberRecord(key: string, value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsError(key, `${key} must be a map of name → number`);
  }
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(value)) {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new SettingsError(key, `${key}.${name} must be a non-negative number`);
    out[name] = n;
  }
  return out;
}

/** The assumptions a report used, as `{ key, value, doc }` rows (non-default values flagged). */
export function describeAssumptions(s: Settings): { key: string; value: unknown; doc: string; isDefault: boolean }[] {
  return (Object.keys(ASSUMPTION_DOCS) as (keyof Settings)[])
    .filter((k) => s[k] !== undefined)
    .map((k) => ({
      key: k,
      value: s[k],
      doc: ASSUMPTION_DOCS[k],
      isDefault: JSON.stringify(s[k]) === JSON.stringify((DEFAULT_SETTINGS as Settings)[k]),
    }));
}
