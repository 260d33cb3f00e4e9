/**
 * Every assumption of the engine, one row each: its kind (type and allowed values), default,
 * unit, one-line doc, and where a person sets it (CLI flag, VS Code setting, project file path).
 * This table drives `normaliseSettings`, the CLI flags and `--set`, the VS Code settings in
 * package.json, the server's editor-settings mapping, the project-file parser and schema, and the
 * README's assumptions table (`npm run docs:settings`; tests fail when they drift).
 * Adding a setting is adding a row here; `Settings` is derived from the table.
 */
import { boolean, decimal, integer, Kind, mapOf, oneOf, quantity, rateCardId } from './kinds';

export interface Row<T> {
  kind: Kind<T>;
  /** Absent: the setting has no value unless one is given (`optional`). */
  default?: T;
  /** Unit of the value, for docs and help ("turns", "USD"). */
  unit?: string;
  /** One line, lower case, no full stop: shown by reports, `--help`, the settings editor. */
  doc: string;
  /** CLI option, e.g. "--turns" (every setting is also reachable with `--set key=value`). */
  flag?: string;
  /** VS Code setting under `agentCost.`, e.g. "traffic.turnsPerConversation". */
  editor?: string;
  /** Path in `.agentcost.yaml` besides `assumptions.<key>`, e.g. "traffic.turnsPerConversation". */
  file?: string;
}

/** A setting with a default. */
function setting<T>(row: Row<T> & { default: T }): Row<T> & { default: T } {
  return row;
}

/** A setting that is unset unless given (no default). */
function optional<T>(row: Omit<Row<T>, 'default'>): Row<T> & { optional: true } {
  return { ...row, optional: true };
}

const TOKENS = integer(0, 1_000_000);

/** Reasoning effort levels of reasoning models (exports write them in `reasoningEffort`). */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export const SETTINGS_TABLE = {
  turnsPerConversation: setting({
    kind: integer(1, 200),
    default: 5,
    unit: 'turns',
    doc: 'user turns per conversation after the launch turn',
    flag: '--turns',
    editor: 'traffic.turnsPerConversation',
    file: 'traffic.turnsPerConversation',
  }),
  conversationsPerMonth: setting({
    kind: integer(0, 1_000_000_000),
    default: 1000,
    unit: 'conversations',
    doc: 'conversations per month, for the monthly projection',
    flag: '--conversations',
    editor: 'traffic.conversationsPerMonth',
    file: 'traffic.conversationsPerMonth',
  }),
  creditPriceUsd: setting({
    kind: decimal({ min: '0', max: '1', above: true }, '<usd>'),
    default: '0.005',
    unit: 'USD per credit',
    doc: 'price of one credit (Business monthly; Enterprise and annual plans differ)',
    flag: '--credit-price',
    editor: 'pricing.creditPrice',
    file: 'pricing.creditPrice',
  }),
  launchCredits: setting({
    kind: decimal({ min: '0', max: '100' }),
    default: '0',
    unit: 'credits',
    doc: "credits billed for the launch request (Voiceflow's docs conflict)",
    flag: '--launch-credits',
  }),
  userMessageCredits: setting({
    kind: decimal({ min: '0', max: '100' }),
    default: '1',
    unit: 'credits',
    doc: 'credits billed per user message in chat projects',
  }),
  variableTokens: setting({
    kind: TOKENS,
    default: 20,
    unit: 'tokens',
    doc: 'tokens assumed for a variable whose value is unknown at design time',
    flag: '--variable-tokens',
    file: 'variables.default',
  }),
  variableTokenBudgets: setting({
    kind: mapOf(TOKENS, 'variable name'),
    default: {},
    unit: 'tokens',
    doc: 'tokens per variable name (overrides variableTokens)',
    file: 'variables.budgets',
  }),
  userMessageTokens: setting({
    kind: integer(0, 100_000),
    default: 25,
    unit: 'tokens',
    doc: 'tokens of one user message (last_utterance, intent classification input)',
  }),
  memoryTokensPerTurn: setting({
    kind: integer(0, 100_000),
    default: 80,
    unit: 'tokens',
    doc: 'tokens one turn adds to memory (user message and agent reply)',
    flag: '--memory-tokens',
  }),
  memoryMaxTurns: setting({
    kind: integer(0, 200),
    default: 10,
    unit: 'turns',
    doc: 'turns kept in memory (Voiceflow 2024: 10 messages)',
    flag: '--memory-turns',
  }),
  knowledgeBaseTokens: setting({
    kind: TOKENS,
    default: 900,
    unit: 'tokens',
    doc: 'tokens of retrieved knowledge-base chunks per KB call (3 chunks of ~300)',
  }),
  expectedOutputTokens: setting({
    kind: TOKENS,
    default: 150,
    unit: 'tokens',
    doc: "expected output tokens of an LLM call (capped by the step's maxTokens)",
    flag: '--output-tokens',
  }),
  reasoningOutputMultipliers: setting({
    kind: mapOf(quantity({ min: '1', max: '100' }), 'reasoning effort', REASONING_EFFORTS),
    default: { minimal: 1, low: 2, medium: 4, high: 8 },
    unit: 'output tokens per visible token',
    doc: 'output tokens billed per visible output token by reasoning effort (hidden reasoning is output)',
  }),
  globalEntryRate: setting({
    kind: decimal({ min: '0', max: '1' }, '<rate>'),
    default: '0.25',
    doc: 'share of user messages at a wait that jump to a global entry (intent, trigger) instead',
    file: 'traffic.globalEntryRate',
  }),
  entryWeights: setting({
    kind: mapOf(decimal({ min: '0', max: '1000000' }), 'global entry id or name'),
    default: {},
    unit: 'relative weight',
    doc: 'weight of a global entry by step id or name (default 1 each)',
    file: 'traffic.entryWeights',
  }),
  skillShares: setting({
    kind: mapOf(decimal({ min: '0', max: '1000000' }), 'skill name'),
    default: {},
    unit: 'relative weight',
    doc: 'agentic exports: share of user messages each skill answers, by name (default equal)',
    file: 'traffic.skillShares',
  }),
  routerOnEveryTurn: setting({
    kind: boolean(),
    default: true,
    doc: 'agentic exports: the router reads every message, also while a playbook is active (upper bound)',
  }),
  toolRoundsPerTurn: setting({
    kind: integer(0, 10),
    default: 1,
    unit: 'rounds',
    doc: 'tool rounds an agent or playbook makes per answer when it has tools (one LLM call each)',
  }),
  toolResultTokens: setting({
    kind: TOKENS,
    default: 200,
    unit: 'tokens',
    doc: 'tokens one tool call and its result add to the next round',
  }),
  noReplyRate: setting({
    kind: decimal({ min: '0', max: '1' }, '<rate>'),
    default: '0.05',
    doc: 'share of waits where the user does not answer in time (a generative no-reply fires)',
    file: 'traffic.noReplyRate',
  }),
  defaultMaxTokens: setting({
    kind: integer(1, 1_000_000),
    default: 500,
    unit: 'tokens',
    doc: 'maxTokens assumed when a step sets none',
  }),
  messageOverheadTokens: setting({
    kind: integer(0, 1000),
    default: 3,
    unit: 'tokens',
    doc: 'chat-format overhead tokens per message sent to a chat model',
  }),
  noMatchRate: setting({
    kind: decimal({ min: '0', max: '1' }, '<rate>'),
    default: '0.1',
    doc: 'share of typed user messages that fall through to no-match (KB fallback, generative no-match)',
    flag: '--no-match-rate',
    file: 'traffic.noMatchRate',
  }),
  branchWeights: setting({
    kind: mapOf(decimal({ min: '0', max: '1000000' }), 'port or step id'),
    default: {},
    unit: 'relative weight',
    doc: 'weight of a branch by port or step id (default 1 each)',
    file: 'traffic.branchWeights',
  }),
  loopCap: setting({
    kind: integer(1, 100),
    default: 3,
    unit: 'passes',
    doc: 'passes assumed for a loop with no bound, for the capped max',
    flag: '--loop-cap',
    file: 'traffic.loopCap',
  }),
  speechCharsPerMinute: setting({
    kind: quantity({ min: '0', max: '10000', above: true }, '<chars>'),
    default: 700,
    unit: 'characters per minute',
    doc: 'voice: characters the agent speaks per minute',
    flag: '--speech-rate',
  }),
  userSpeechSeconds: setting({
    kind: quantity({ min: '0', max: '600' }),
    default: 5,
    unit: 'seconds',
    doc: 'voice: seconds the user speaks per turn',
  }),
  charsPerToken: setting({
    kind: quantity({ min: '0', max: '20', above: true }),
    default: 4,
    unit: 'characters per token',
    doc: 'characters per token (spoken output in voice, knowledge-base chunk size)',
  }),
  defaultTts: setting({
    kind: rateCardId('tts'),
    default: 'elevenlabs-flash',
    doc: 'voice: text-to-speech rate when the export names no known voice',
  }),
  defaultStt: setting({
    kind: rateCardId('stt'),
    default: 'deepgram-nova-3',
    doc: 'voice: speech-to-text rate when the export names no known one',
  }),
  defaultModel: setting({
    kind: rateCardId('model'),
    default: 'gpt-4o-mini',
    doc: "model assumed where a step names none (Voiceflow's default)",
    editor: 'models.default',
  }),
  modelOverride: optional({
    kind: rateCardId('model'),
    doc: 'what-if: price every LLM call on this model instead of the one the export names',
  }),
  stepModels: setting({
    kind: mapOf(rateCardId('model'), 'step id'),
    default: {},
    doc: 'what-if: model per step id',
    file: 'whatIf.models',
  }),
  channel: optional({
    kind: oneOf(['chat', 'voice']),
    doc: 'channel (chat or voice) instead of the one the project declares',
    flag: '--channel',
  }),
  monthlyBudget: optional({
    kind: integer(1, 1_000_000_000_000, '<credits>'),
    unit: 'credits',
    doc: "monthly credit budget for usage alerts (default: the plan's allotment)",
    flag: '--budget',
    editor: 'budget.creditsPerMonth',
    file: 'budgets.creditsPerMonth',
  }),
  plan: optional({
    kind: rateCardId('plan'),
    doc: 'plan whose credit allotment is the budget for usage alerts (default: the plan that fits)',
    flag: '--plan',
    editor: 'budget.plan',
    file: 'budgets.plan',
  }),
  daysPerMonth: setting({
    kind: integer(1, 31),
    default: 30,
    unit: 'days',
    doc: 'days in the billing month, for alert dates',
  }),
};

export type SettingsTable = typeof SETTINGS_TABLE;
export type SettingKey = keyof SettingsTable;
