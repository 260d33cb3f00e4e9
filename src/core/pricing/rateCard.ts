/**
 * The bundled rate card: data, not code. Every row names its source and the date it was checked.
 * LLM rows hold the vendor's USD per 1M tokens; Voiceflow bills LLM tokens at cost, so
 * credits per 1K tokens = USD per 1M × 0.2 (derived in `rates.ts`, never stored twice).
 * Evidence: shared/docs/voiceflow-pricing.md (§3.1 per-model rates, §4 voice, §5 plans).
 */

export type Tokenizer =
  | { kind: 'tiktoken'; encoding: 'o200k_base' | 'cl100k_base' }
  /** Not the vendor's tokenizer: an OpenAI encoding × factor, reported as approximate (≈). */
  | { kind: 'approx'; encoding: 'o200k_base' | 'cl100k_base'; factor: number };

export interface LlmRate {
  id: string;
  vendor: 'openai' | 'anthropic' | 'google' | 'groq' | 'deepseek';
  /** Voiceflow model ids (as in exports) that bill at this rate. */
  aliases: string[];
  usdPer1MInput: string;
  usdPer1MOutput: string;
  tokenizer: Tokenizer;
  /** Retired by the vendor or removed from Voiceflow's model picker. */
  deprecated?: boolean;
  /** A reasoning model: hidden reasoning tokens are billed as output (voiceflow-2026-models.md §2). */
  reasoning?: boolean;
  /** A cheaper sibling suggested by "what would this cost on…". */
  cheaper?: string;
  source: string;
  checked: string;
  note?: string;
}

export interface UnitRate {
  id: string;
  kind: 'tts' | 'stt' | 'call' | 'message';
  vendor: string;
  /** Names matched against the export's voice/STT settings (lower case substrings). */
  match: string[];
  /** Credits per unit. */
  credits: string;
  unit: 'per 1000 characters' | 'per minute' | 'per message';
  source: string;
  checked: string;
  note?: string;
}

export interface PlanRow {
  id: string;
  name: string;
  /** Monthly credit allotment, or null when not published. */
  credits: number | null;
  source: string;
  checked: string;
}

export interface RateCard {
  name: string;
  source: string;
  checked: string;
  llm: LlmRate[];
  units: UnitRate[];
  plans: PlanRow[];
}

const GENAI = 'pydantic/genai-prices prices/data_slim.json @47df840a (2026-08-21), per voiceflow-pricing.md §3.1';
const GENAI_DATE = '2026-08-21';
const VF_DOCS = 'docs.voiceflow.com credits page (voiceflow-docs @ef0ec7e1, 2026-03-11)';
const VF_DOCS_DATE = '2026-03-11';
const O200K: Tokenizer = { kind: 'tiktoken', encoding: 'o200k_base' };
const CL100K: Tokenizer = { kind: 'tiktoken', encoding: 'cl100k_base' };
/** Claude: estimated with cl100k_base × 1.1 (engineering judgement, voiceflow-pricing.md §6). */
const CLAUDE: Tokenizer = { kind: 'approx', encoding: 'cl100k_base', factor: 1.1 };
/** Gemini, Llama, DeepSeek: o200k_base as a stand-in (Google: ~4 chars per token). */
const OTHER: Tokenizer = { kind: 'approx', encoding: 'o200k_base', factor: 1 };

function llm(
  id: string,
  vendor: LlmRate['vendor'],
  aliases: string[],
  usdIn: string,
  usdOut: string,
  tokenizer: Tokenizer,
  extra: Partial<LlmRate> = {},
): LlmRate {
  return {
    id,
    vendor,
    aliases,
    usdPer1MInput: usdIn,
    usdPer1MOutput: usdOut,
    tokenizer,
    source: GENAI,
    checked: GENAI_DATE,
    ...extra,
  };
}

export const RATE_CARD: RateCard = {
  name: 'Agent Cost Lens bundled rate card',
  source: 'Voiceflow credits docs + vendor list prices (shared/docs/voiceflow-pricing.md)',
  checked: '2026-08-21',
  llm: [
    llm(
      'gpt-3.5-turbo',
      'openai',
      ['gpt-3.5-turbo', 'gpt-3.5-turbo-1106', 'gpt-3.5-turbo-0125'],
      '0.5',
      '1.5',
      CL100K,
      { deprecated: true, cheaper: 'gpt-4o-mini' },
    ),
    llm('gpt-4', 'openai', ['gpt-4', 'gpt-4-32k'], '30', '60', CL100K, { deprecated: true, cheaper: 'gpt-4o-mini' }),
    llm('gpt-4-turbo', 'openai', ['gpt-4-turbo', 'gpt-4-turbo-preview'], '10', '30', CL100K, {
      deprecated: true,
      cheaper: 'gpt-4.1-mini',
    }),
    llm('gpt-4o', 'openai', ['gpt-4o', 'chatgpt-4o-latest'], '2.5', '10', O200K, { cheaper: 'gpt-4o-mini' }),
    llm('gpt-4o-mini', 'openai', ['gpt-4o-mini'], '0.15', '0.6', O200K, {
      cheaper: 'gpt-4.1-nano',
      source: `${GENAI}; cross-checked openrouter.ai`,
    }),
    llm('gpt-4.1', 'openai', ['gpt-4.1'], '2', '8', O200K, { cheaper: 'gpt-4.1-mini' }),
    llm('gpt-4.1-mini', 'openai', ['gpt-4.1-mini'], '0.4', '1.6', O200K, { cheaper: 'gpt-4.1-nano' }),
    llm('gpt-4.1-nano', 'openai', ['gpt-4.1-nano'], '0.1', '0.4', O200K),
    llm('o3-mini', 'openai', ['gpt-o3-mini', 'o3-mini'], '1.1', '4.4', O200K, {
      cheaper: 'gpt-4o-mini',
      reasoning: true,
    }),
    llm('o4-mini', 'openai', ['o4-mini', 'gpt-o4-mini'], '1.1', '4.4', O200K, {
      cheaper: 'gpt-4o-mini',
      reasoning: true,
    }),
    llm('gpt-5', 'openai', ['gpt-5'], '1.25', '10', O200K, { cheaper: 'gpt-5-mini', reasoning: true }),
    llm('gpt-5-mini', 'openai', ['gpt-5-mini'], '0.25', '2', O200K, { cheaper: 'gpt-5-nano', reasoning: true }),
    llm('gpt-5-nano', 'openai', ['gpt-5-nano'], '0.05', '0.4', O200K, { reasoning: true }),
    llm('claude-instant-1', 'anthropic', ['claude-instant-v1'], '0.8', '2.4', CLAUDE, {
      deprecated: true,
      cheaper: 'claude-3-haiku',
      source:
        'LangChain Bedrock table MODEL_COST_PER_1K_INPUT_TOKENS ($0.0008/$0.0024 per 1K), per voiceflow-pricing.md §3.1',
    }),
    llm('claude-2', 'anthropic', ['claude-v2', 'claude-v1'], '8', '24', CLAUDE, {
      deprecated: true,
      cheaper: 'claude-3-haiku',
      note: 'claude-v1: price not found, assumed equal to claude-2',
    }),
    llm('claude-3-haiku', 'anthropic', ['claude-3-haiku'], '0.25', '1.25', CLAUDE),
    llm('claude-3.5-haiku', 'anthropic', ['claude-3.5-haiku'], '0.8', '4', CLAUDE, { cheaper: 'claude-3-haiku' }),
    llm(
      'claude-3-sonnet',
      'anthropic',
      ['claude-3-sonnet', 'claude-3.5-sonnet', 'claude-3.7-sonnet'],
      '3',
      '15',
      CLAUDE,
      { deprecated: true, cheaper: 'claude-3.5-haiku' },
    ),
    llm('claude-sonnet-4', 'anthropic', ['claude-4-sonnet', 'claude-4.5-sonnet'], '3', '15', CLAUDE, {
      cheaper: 'claude-4.5-haiku',
    }),
    llm('claude-haiku-4.5', 'anthropic', ['bedrock-claude-4.5-haiku', 'claude-4.5-haiku'], '1', '5', CLAUDE, {
      cheaper: 'claude-3.5-haiku',
    }),
    llm('claude-opus-3-4', 'anthropic', ['claude-3-opus', 'claude-4-opus', 'claude-4.1-opus'], '15', '75', CLAUDE, {
      cheaper: 'claude-4-sonnet',
    }),
    llm('claude-opus-4.5', 'anthropic', ['claude-4.5-opus'], '5', '25', CLAUDE, { cheaper: 'claude-4-sonnet' }),
    llm('gemini-1.0-pro', 'google', ['gemini-pro'], '0.125', '0.375', OTHER, { deprecated: true }),
    llm('gemini-1.5-pro', 'google', ['gemini-pro-1.5', 'gemini-1.5-pro'], '1.25', '5', OTHER, {
      deprecated: true,
      cheaper: 'gemini-2.0-flash',
    }),
    llm('gemini-1.5-flash', 'google', ['gemini-1.5-flash'], '0.075', '0.3', OTHER, { deprecated: true }),
    llm('gemini-2.0-flash', 'google', ['gemini-2.0-flash'], '0.1', '0.4', OTHER),
    llm('gemini-2.0-flash-lite', 'google', ['gemini-2.0-flash-lite'], '0.075', '0.3', OTHER),
    llm('gemini-2.5-flash', 'google', ['gemini-2.5-flash'], '0.3', '2.5', OTHER, { cheaper: 'gemini-2.5-flash-lite' }),
    llm('gemini-2.5-flash-lite', 'google', ['gemini-2.5-flash-lite'], '0.1', '0.4', OTHER),
    llm('gemini-2.5-pro', 'google', ['gemini-2.5-pro'], '1.25', '10', OTHER, { cheaper: 'gemini-2.5-flash' }),
    llm('llama-3.3-70b', 'groq', ['llama-3.3-70b', 'llama-3.3-70b-versatile'], '0.59', '0.79', OTHER, {
      cheaper: 'llama-3.1-8b',
    }),
    llm('llama-3.1-8b', 'groq', ['llama-3.1-8b', 'llama-3.1-8b-instant'], '0.05', '0.08', OTHER),
    llm('deepseek-chat', 'deepseek', ['deepseek-chat', 'deepseek-v3'], '0.27', '1.1', OTHER),
  ],
  units: [
    {
      id: 'user-message',
      kind: 'message',
      vendor: 'voiceflow',
      match: [],
      credits: '1',
      unit: 'per message',
      source: VF_DOCS,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'call-minute',
      kind: 'call',
      vendor: 'voiceflow',
      match: [],
      credits: '10',
      unit: 'per minute',
      source: VF_DOCS,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'elevenlabs-flash',
      kind: 'tts',
      vendor: 'elevenlabs',
      match: ['elevenlabs', 'eleven_flash', 'eleven_turbo', 'flash', 'turbo'],
      credits: '9',
      unit: 'per 1000 characters',
      source: `${VF_DOCS} (5-minute voice example)`,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'elevenlabs-multilingual',
      kind: 'tts',
      vendor: 'elevenlabs',
      match: ['eleven_multilingual', 'multilingual'],
      credits: '9',
      unit: 'per 1000 characters',
      source: 'voiceflow.com/lessons/what-are-credits ("Alice" 18× per 2,000 chars)',
      checked: '2025-11-12',
      note: 'lesson page figure; the ~10 credits/min estimate on the same page suggests it may be higher',
    },
    {
      id: 'deepgram-nova-3',
      kind: 'stt',
      vendor: 'deepgram',
      match: ['deepgram', 'nova', 'flux'],
      credits: '1',
      unit: 'per minute',
      source: `${VF_DOCS} (5-minute voice example)`,
      checked: VF_DOCS_DATE,
      note: 'flux assumed at the Nova 3 rate',
    },
  ],
  plans: [
    {
      id: 'starter',
      name: 'Starter',
      credits: null,
      source: 'billing-plans.md: "hard credit limit", amount not published',
      checked: '2025-11-12',
    },
    { id: 'pro', name: 'Pro', credits: 10000, source: 'billing-plans.md; credits doc 2025-07', checked: '2025-11-12' },
    {
      id: 'business',
      name: 'Business',
      credits: 30000,
      source: 'community.voiceflow.com m/1418148130192494612 (medium confidence)',
      checked: '2025-11-12',
    },
    {
      id: 'business-200k',
      name: 'Business 200K',
      credits: 200000,
      source: 'community.voiceflow.com m/1418148130192494612',
      checked: '2025-11-12',
    },
    {
      id: 'business-500k',
      name: 'Business 500K',
      credits: 500000,
      source: 'community.voiceflow.com m/1418148130192494612',
      checked: '2025-11-12',
    },
  ],
};
