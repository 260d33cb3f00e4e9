/**
 * The bundled rate card: data, not code. Every price row names its source and the date it was checked.
 * LLM rows hold the vendor's list price in USD per 1M tokens; Voiceflow bills AI services at cost, so
 * credits per 1K tokens = USD per 1M × 0.2 (derived in `rates.ts`, never stored twice).
 * A price that could not be sourced is `null`: unknown, never 0 and never another model's price.
 * Evidence: shared/docs/voiceflow-2026-models.md (the 67 ids of the 2026 export schema, §4 priority),
 * voiceflow-2026-billing.md §4 (voice), voiceflow-pricing.md (§3.1 older ids, §4 voice, §5 plans).
 */

export type TiktokenEncoding = 'o200k_base' | 'cl100k_base' | 'p50k_base';

/** Which tokenizer counts a model's text (see `countTokens` in tokens.ts). */
export type Tokenizer =
  /** OpenAI: the model's own encoding, exact. */
  | { kind: 'tiktoken'; encoding: TiktokenEncoding }
  /**
   * ai-tokenizer's estimate (≈): its `encoding` (the one its model table names for `model`) × the model's
   * content multiplier, validated against the vendors' token-count APIs. `factor` scales further for a
   * tokenizer ai-tokenizer does not model yet (documented per row).
   */
  | { kind: 'ai-tokenizer'; encoding: 'claude' | 'o200k_base' | 'cl100k_base'; model: string; factor?: number }
  /** No tokenizer known for the model: o200k_base as a stand-in (≈). */
  | { kind: 'stand-in'; encoding: 'o200k_base' };

export type LlmVendor = 'openai' | 'anthropic' | 'bedrock' | 'google' | 'groq' | 'deepseek' | 'voiceflow' | 'other';

/** A priority ("faster processing") tier: price = standard price × multiplier. */
export interface PriorityTier {
  multiplier: string;
  basis: 'vendor list price' | 'engineering judgement';
  source: string;
  checked: string;
}

export interface LlmRate {
  id: string;
  vendor: LlmVendor;
  /** Voiceflow model ids (as in exports, any case) that bill at this rate; dated snapshots included. */
  aliases: string[];
  /** Vendor list price, USD per 1M tokens; null = not published / not found (unknown, never 0). */
  usdPer1MInput: string | null;
  usdPer1MOutput: string | null;
  tokenizer: Tokenizer;
  /** Why the model is flagged deprecated (retired by its vendor, or a legacy model); absent when current. */
  deprecated?: string;
  /** For a deprecated model: the current model that replaces it (a Voiceflow id). */
  successor?: string;
  /** A cheaper sibling suggested by "what would this cost on…" (a Voiceflow id). */
  cheaper?: string;
  /** The vendor's published priority multiplier for this model; else the card's vendor default applies. */
  priority?: PriorityTier;
  /** A reasoning model: hidden reasoning tokens are billed as output (voiceflow-2026-models.md §2). */
  reasoning?: boolean;
  /** Speech-to-speech model: only its text tokens are priced; audio tokens are not estimated. */
  speechToSpeech?: boolean;
  source: string;
  checked: string;
  note?: string;
}

export type UnitName = 'per 1000 characters' | 'per minute' | 'per message' | 'per minute of speech';

export interface UnitRate {
  id: string;
  kind: 'tts' | 'stt' | 'call' | 'message';
  /** Vendor as Voiceflow names it in exports (`settings.voice.tts.provider`, `defaultVoice` prefix). */
  vendor: string;
  /**
   * Voice models this row prices: lower-case substrings of the export's model name (the longest
   * match wins). Omitted: every model of the vendor not matched by a more specific row.
   */
  models?: string[];
  /** The row used when an export names this vendor but no model. */
  vendorDefault?: boolean;
  /** Credits per unit. */
  credits: string;
  /**
   * `per minute of speech` (TTS): per minute of generated audio; convert with the speech rate
   * (`ttsCreditsPerChar` in rates.ts).
   */
  unit: UnitName;
  source: string;
  checked: string;
  note?: string;
}

/** A voice vendor (or one of its models) in the 2026 export schema with no sourced rate: unknown. */
export interface UnknownUnitRate {
  id: string;
  kind: 'tts' | 'stt';
  vendor: string;
  models?: string[];
  vendorDefault?: boolean;
  credits: null;
  /** What was looked for and not found. */
  source: string;
  checked: string;
  note?: string;
}

export type VoiceRate = UnitRate | UnknownUnitRate;

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
  /** When the card's prices were last checked against their sources (ISO date; `stale-rate-card`). */
  checked: string;
  llm: LlmRate[];
  /**
   * Priority multiplier per vendor, for models with no published ratio of their own. null: the
   * vendor documents no priority tier; a priority request is priced at the standard rate and the
   * look-up says so (Voiceflow: "faster processing for supported models").
   */
  priority: Record<LlmVendor, PriorityTier | null>;
  /** How priority is priced, in words (shown with the card). */
  priorityNote: string;
  units: UnitRate[];
  /** Voice vendors/models with no sourced rate (unknown, never priced as another vendor). */
  unknownVoice: UnknownUnitRate[];
  /** Other names exports use for a voice vendor → the vendor name of the rows. */
  voiceVendorAliases: Record<string, string>;
  plans: PlanRow[];
}

const GENAI_DATE = '2026-08-21';
const genai = (provider: string) =>
  `genai-prices prices/providers/${provider}.yml @47df840a (github.com/pydantic/genai-prices, ${GENAI_DATE}), ` +
  'per voiceflow-2026-models.md';
const OPENAI = genai('openai');
const ANTHROPIC = genai('anthropic');
const AWS = genai('aws');
const GOOGLE = genai('google');
const GROQ = genai('groq');
/** Rows of the older card (ids not in the 2026 schema), per voiceflow-pricing.md §3.1. */
const GENAI_SLIM = `genai-prices prices/data_slim.json @47df840a (${GENAI_DATE}), per voiceflow-pricing.md §3.1`;
/** The 2026 research (voiceflow-2026-*.md) is dated by month only. */
const RESEARCH_2026 = '2026-11';
const VF_DOCS = 'docs.voiceflow.com credits page (voiceflow-docs @ef0ec7e1, 2026-03-11)';
const VF_DOCS_DATE = '2026-03-11';
const LESSON = 'voiceflow.com/lessons/what-are-credits, per voiceflow-pricing.md §4';
const LESSON_DATE = '2025-11-12';

const O200K: Tokenizer = { kind: 'tiktoken', encoding: 'o200k_base' };
const CL100K: Tokenizer = { kind: 'tiktoken', encoding: 'cl100k_base' };
const claude = (model: string, factor?: number): Tokenizer => ({
  kind: 'ai-tokenizer',
  encoding: 'claude',
  model: `anthropic/${model}`,
  ...(factor ? { factor } : {}),
});
/** Claude Opus 4.7+ and Sonnet 5 use a newer tokenizer: ~30 % more tokens for the same text. */
const NEWER_CLAUDE_FACTOR = 1.3;
const NEWER_CLAUDE_NOTE =
  'newer Claude tokenizer (~30 % more tokens for the same text, platform.claude.com token-counting per ' +
  'voiceflow-pricing.md §6): ai-tokenizer has no model for it, so its count is scaled by 1.3';
const gemini = (model: string): Tokenizer => ({
  kind: 'ai-tokenizer',
  encoding: 'o200k_base',
  model: `google/${model}`,
});
/** Llama 3 (also behind deepseek-r1-distill-llama): ai-tokenizer's llama-3.1-8b entry (cl100k_base × 1). */
const LLAMA: Tokenizer = { kind: 'ai-tokenizer', encoding: 'cl100k_base', model: 'meta/llama-3.1-8b' };
const LLAMA_NOTE =
  "tokens: ai-tokenizer's meta/llama-3.1-8b entry (Llama 3 tokenizer); its llama-3.3-70b entry uses the " +
  'Claude encoding and scores 67–70 % at 5K+ tokens';
const STAND_IN: Tokenizer = { kind: 'stand-in', encoding: 'o200k_base' };

const openaiPriority = (multiplier: string): { priority: PriorityTier } => ({
  priority: {
    multiplier,
    basis: 'vendor list price',
    source: 'openai.com/api-priority-processing (priority ÷ standard list price), per voiceflow-2026-models.md §4',
    checked: RESEARCH_2026,
  },
});
/** `deprecated` texts are shown to people; the evidence is voiceflow-2026-models.md §3 and voiceflow-pricing.md. */
const LEGACY_OPENAI = "legacy model in Voiceflow's 2026 model list";
const RETIRED = (who: string, when?: string) => `retired by ${who}${when ? ` on ${when}` : ''}`;

function llm(
  id: string,
  vendor: LlmVendor,
  aliases: string[],
  usdIn: string | null,
  usdOut: string | null,
  tokenizer: Tokenizer,
  source: string,
  extra: Partial<LlmRate> = {},
): LlmRate {
  return {
    id,
    vendor,
    aliases,
    usdPer1MInput: usdIn,
    usdPer1MOutput: usdOut,
    tokenizer,
    source,
    checked: GENAI_DATE,
    ...extra,
  };
}

export const RATE_CARD: RateCard = {
  name: 'Agent Cost Lens bundled rate card',
  source: 'vendor list prices + Voiceflow credits docs (shared/docs/voiceflow-2026-models.md, voiceflow-pricing.md)',
  checked: GENAI_DATE,
  llm: [
    // OpenAI
    llm('gpt-3.5-turbo-1106', 'openai', ['gpt-3.5-turbo-1106'], '1', '2', CL100K, OPENAI, {
      deprecated: LEGACY_OPENAI,
      cheaper: 'gpt-4o-mini',
    }),
    llm('gpt-3.5-turbo', 'openai', ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125'], '0.5', '1.5', CL100K, OPENAI, {
      deprecated: LEGACY_OPENAI,
      cheaper: 'gpt-4o-mini',
    }),
    llm('gpt-4', 'openai', ['gpt-4'], '30', '60', CL100K, OPENAI, {
      deprecated: LEGACY_OPENAI,
      cheaper: 'gpt-4o-mini',
    }),
    llm(
      'gpt-4-turbo',
      'openai',
      ['gpt-4-turbo', 'gpt-4-turbo-preview', 'gpt-4-turbo-2024-04-09'],
      '10',
      '30',
      CL100K,
      OPENAI,
      {
        deprecated: LEGACY_OPENAI,
        cheaper: 'gpt-4.1-mini-2025-04-14',
      },
    ),
    llm('gpt-4o', 'openai', ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], '2.5', '10', O200K, OPENAI, {
      cheaper: 'gpt-4o-mini',
      ...openaiPriority('1.7'),
    }),
    llm('gpt-4o-mini', 'openai', ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'], '0.15', '0.6', O200K, OPENAI, {
      cheaper: 'gpt-4.1-nano-2025-04-14',
      note: "Voiceflow calculator's default chat model (2025)",
    }),
    llm('gpt-4.1', 'openai', ['gpt-4.1', 'gpt-4.1-2025-04-14'], '2', '8', O200K, OPENAI, {
      cheaper: 'gpt-4.1-mini-2025-04-14',
      ...openaiPriority('1.75'),
    }),
    llm('gpt-4.1-mini', 'openai', ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'], '0.4', '1.6', O200K, OPENAI, {
      cheaper: 'gpt-4.1-nano-2025-04-14',
      ...openaiPriority('1.75'),
    }),
    llm('gpt-4.1-nano', 'openai', ['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], '0.1', '0.4', O200K, OPENAI, {
      ...openaiPriority('2'),
    }),
    llm('o3-mini', 'openai', ['gpt-o3-mini', 'o3-mini', 'o3-mini-2025-01-31'], '1.1', '4.4', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'gpt-4o-mini',
    }),
    llm('o3', 'openai', ['o3', 'o3-2025-04-16'], '2', '8', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'o4-mini-2025-04-16',
      note: 'price since 2025-06-10 (was 10/40)',
    }),
    llm('o4-mini', 'openai', ['o4-mini', 'gpt-o4-mini', 'o4-mini-2025-04-16'], '1.1', '4.4', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'gpt-4o-mini',
    }),
    llm('gpt-5', 'openai', ['gpt-5', 'gpt-5-2025-08-07'], '1.25', '10', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'gpt-5-mini',
      ...openaiPriority('2'),
    }),
    llm('gpt-5-mini', 'openai', ['gpt-5-mini', 'gpt-5-mini-2025-08-07'], '0.25', '2', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'gpt-5-nano',
      ...openaiPriority('1.8'),
    }),
    llm('gpt-5-nano', 'openai', ['gpt-5-nano', 'gpt-5-nano-2025-08-07'], '0.05', '0.4', O200K, OPENAI, {
      reasoning: true,
    }),
    llm('gpt-5.2', 'openai', ['gpt-5.2'], '1.75', '14', O200K, OPENAI, {
      reasoning: true,
      cheaper: 'gpt-5-mini',
      note: 'o200k_base inferred from the gpt-5 prefix',
      ...openaiPriority('2'),
    }),
    llm('gpt-5.4', 'openai', ['gpt-5.4'], '2.5', '15', O200K, OPENAI, {
      cheaper: 'gpt-5.4-mini',
      note: 'up to 272K input tokens; 5/22.5 above. o200k_base inferred',
      ...openaiPriority('2'),
    }),
    llm('gpt-5.4-mini', 'openai', ['gpt-5.4-mini'], '0.75', '4.5', O200K, OPENAI, {
      cheaper: 'gpt-5-mini',
      note: 'o200k_base inferred',
      ...openaiPriority('2'),
    }),
    llm('gpt-5.5', 'openai', ['gpt-5.5'], '5', '30', O200K, OPENAI, {
      cheaper: 'gpt-5.4',
      note: 'o200k_base inferred',
      ...openaiPriority('2.5'),
    }),
    llm('gpt-5.6-sol', 'openai', ['gpt-5.6-sol', 'gpt-5.6'], '5', '30', O200K, OPENAI, {
      cheaper: 'gpt-5.6-terra',
      note: 'up to 272K input tokens; 10/45 above. o200k_base inferred',
    }),
    llm('gpt-5.6-terra', 'openai', ['gpt-5.6-terra'], '2', '12', O200K, OPENAI, {
      cheaper: 'gpt-5.6-luna',
      note: '2.5/15 before 2026-07-30. o200k_base inferred',
    }),
    llm('gpt-5.6-luna', 'openai', ['gpt-5.6-luna'], '0.2', '1.2', O200K, OPENAI, {
      note: '1/6 before 2026-07-30. o200k_base inferred',
    }),
    llm('gpt-realtime', 'openai', ['gpt-realtime'], '4', '16', O200K, OPENAI, {
      speechToSpeech: true,
      note: 'speech-to-speech: text tokens only; audio tokens ($32 in / $64 out per 1M) are not estimated',
    }),
    llm(
      'text-davinci-003',
      'openai',
      ['text-davinci-003'],
      '20',
      '20',
      { kind: 'tiktoken', encoding: 'p50k_base' },
      OPENAI,
      {
        deprecated: RETIRED('OpenAI'),
        cheaper: 'gpt-4o-mini',
      },
    ),
    // Anthropic
    llm(
      'claude-instant-1',
      'anthropic',
      ['claude-instant-v1'],
      '0.8',
      '2.4',
      claude('claude-3-haiku'),
      'LangChain Bedrock table MODEL_COST_PER_1K_INPUT_TOKENS ($0.0008/$0.0024 per 1K), per voiceflow-pricing.md §3.1',
      {
        deprecated: RETIRED('Anthropic'),
        cheaper: 'claude-3-haiku',
        note: 'tokens: Claude 2-era tokenizer, estimated with the claude-3-haiku entry',
      },
    ),
    llm('claude-1', 'anthropic', ['claude-v1'], '8', '24', claude('claude-3-haiku'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic'),
      successor: 'claude-4.5-haiku',
      cheaper: 'claude-3-haiku',
    }),
    llm('claude-2', 'anthropic', ['claude-v2'], '8', '24', claude('claude-3-haiku'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic'),
      successor: 'claude-4.5-haiku',
      cheaper: 'claude-3-haiku',
    }),
    llm('claude-3-haiku', 'anthropic', ['claude-3-haiku'], '0.25', '1.25', claude('claude-3-haiku'), ANTHROPIC),
    llm('claude-3.5-haiku', 'anthropic', ['claude-3.5-haiku'], '0.8', '4', claude('claude-3.5-haiku'), ANTHROPIC, {
      cheaper: 'claude-3-haiku',
    }),
    llm('claude-3-sonnet', 'anthropic', ['claude-3-sonnet'], '3', '15', claude('claude-3.5-sonnet'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic'),
      successor: 'claude-4.6-sonnet',
      cheaper: 'claude-3.5-haiku',
    }),
    llm('claude-3.5-sonnet', 'anthropic', ['claude-3.5-sonnet'], '3', '15', claude('claude-3.5-sonnet'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic', '2025-10-28'),
      successor: 'claude-4.6-sonnet',
      cheaper: 'claude-3.5-haiku',
    }),
    llm('claude-3.7-sonnet', 'anthropic', ['claude-3.7-sonnet'], '3', '15', claude('claude-3.7-sonnet'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic', '2026-02-19'),
      successor: 'claude-4.6-sonnet',
      cheaper: 'claude-3.5-haiku',
    }),
    llm('claude-3-opus', 'anthropic', ['claude-3-opus'], '15', '75', claude('claude-3-opus'), ANTHROPIC, {
      deprecated: RETIRED('Anthropic'),
      successor: 'claude-4.5-opus',
    }),
    llm('claude-sonnet-4', 'anthropic', ['claude-4-sonnet'], '3', '15', claude('claude-sonnet-4'), ANTHROPIC, {
      deprecated: 'retired on the Anthropic API on 2026-04-14',
      successor: 'claude-4.6-sonnet',
      cheaper: 'claude-4.5-haiku',
    }),
    llm('claude-opus-4', 'anthropic', ['claude-4-opus'], '15', '75', claude('claude-opus-4'), ANTHROPIC, {
      deprecated: 'retired on the Anthropic API on 2026-04-14',
      successor: 'claude-4.5-opus',
    }),
    llm('claude-opus-4.1', 'anthropic', ['claude-4.1-opus'], '15', '75', claude('claude-opus-4.1'), GENAI_SLIM, {
      cheaper: 'claude-4.5-opus',
    }),
    llm('claude-sonnet-4.5', 'anthropic', ['claude-4.5-sonnet'], '3', '15', claude('claude-sonnet-4.5'), ANTHROPIC, {
      cheaper: 'claude-4.5-haiku',
      note: 'up to 200K input tokens; 6/22.5 above',
    }),
    llm('claude-sonnet-4.6', 'anthropic', ['claude-4.6-sonnet'], '3', '15', claude('claude-sonnet-4.5'), ANTHROPIC, {
      cheaper: 'claude-4.5-haiku',
      note: "flat pricing from 2026-03-13; tokens: ai-tokenizer's claude-sonnet-4.5 entry",
    }),
    llm('claude-haiku-4.5', 'anthropic', ['claude-4.5-haiku'], '1', '5', claude('claude-haiku-4.5'), ANTHROPIC, {
      cheaper: 'claude-3.5-haiku',
    }),
    llm('claude-opus-4.5', 'anthropic', ['claude-4.5-opus'], '5', '25', claude('claude-opus-4.5'), ANTHROPIC, {
      cheaper: 'claude-4.6-sonnet',
    }),
    llm(
      'claude-opus-4.7',
      'anthropic',
      ['claude-4.7-opus'],
      '5',
      '25',
      claude('claude-opus-4.5', NEWER_CLAUDE_FACTOR),
      ANTHROPIC,
      {
        cheaper: 'claude-4.6-sonnet',
        note: NEWER_CLAUDE_NOTE,
      },
    ),
    // Claude on AWS Bedrock (global endpoints; regional endpoints are 10 % dearer)
    llm('bedrock-claude-4-sonnet', 'bedrock', ['bedrock-claude-4-sonnet'], '3', '15', claude('claude-sonnet-4'), AWS, {
      cheaper: 'bedrock-claude-4.5-haiku',
      note: 'Bedrock keeps its own retirement schedule',
    }),
    llm(
      'bedrock-claude-4.5-sonnet',
      'bedrock',
      ['bedrock-claude-4.5-sonnet'],
      '3',
      '15',
      claude('claude-sonnet-4.5'),
      AWS,
      {
        cheaper: 'bedrock-claude-4.5-haiku',
        note: 'regional endpoints 3.3/16.5',
      },
    ),
    llm(
      'bedrock-claude-4.6-sonnet',
      'bedrock',
      ['bedrock-claude-4.6-sonnet'],
      '3',
      '15',
      claude('claude-sonnet-4.5'),
      AWS,
      {
        cheaper: 'bedrock-claude-4.5-haiku',
        note: 'regional endpoints 3.3/16.5',
      },
    ),
    llm(
      'bedrock-claude-5-sonnet',
      'bedrock',
      ['bedrock-claude-5-sonnet'],
      '3',
      '15',
      claude('claude-sonnet-4.5', NEWER_CLAUDE_FACTOR),
      AWS,
      {
        cheaper: 'bedrock-claude-4.5-haiku',
        note: `introductory 2/10 until 2026-08-31; regional 3.3/16.5. ${NEWER_CLAUDE_NOTE}`,
      },
    ),
    llm(
      'bedrock-claude-4.5-haiku',
      'bedrock',
      ['bedrock-claude-4.5-haiku'],
      '1',
      '5',
      claude('claude-haiku-4.5'),
      AWS,
      {
        note: "regional 1.1/5.5; the default model of Voiceflow's transcript evaluations",
      },
    ),
    llm('bedrock-claude-4.5-opus', 'bedrock', ['bedrock-claude-4.5-opus'], '5', '25', claude('claude-opus-4.5'), AWS, {
      cheaper: 'bedrock-claude-4.6-sonnet',
      note: 'regional 5.5/27.5',
    }),
    llm(
      'bedrock-claude-4.7-opus',
      'bedrock',
      ['bedrock-claude-4.7-opus'],
      '5',
      '25',
      claude('claude-opus-4.5', NEWER_CLAUDE_FACTOR),
      AWS,
      {
        cheaper: 'bedrock-claude-4.6-sonnet',
        note: `regional 5.5/27.5. ${NEWER_CLAUDE_NOTE}`,
      },
    ),
    llm(
      'bedrock-claude-4.8-opus',
      'bedrock',
      ['bedrock-claude-4.8-opus'],
      '5',
      '25',
      claude('claude-opus-4.5', NEWER_CLAUDE_FACTOR),
      AWS,
      {
        cheaper: 'bedrock-claude-4.6-sonnet',
        note: `regional 5.5/27.5. ${NEWER_CLAUDE_NOTE}`,
      },
    ),
    // Voiceflow's own models: no published price, vendor or tokenizer.
    ...['voiceflow-core-4.0', 'voiceflow-core-4.1', 'voiceflow-flash-4.1'].map((id) =>
      llm(
        id,
        'voiceflow',
        [id],
        null,
        null,
        STAND_IN,
        'no public price: searched Voiceflow docs, pricing table and community ' +
          '(voiceflow-2026-models.md §2, "none found")',
        {
          checked: RESEARCH_2026,
          note:
            'Voiceflow in-house model: price unknown; add a negotiated rate under pricing.models ' +
            'in .agentcost.yaml',
        },
      ),
    ),
    // Google
    llm('gemini-1.0-pro', 'google', ['gemini-pro'], '0.125', '0.375', gemini('gemini-2.0-flash'), GENAI_SLIM, {
      deprecated: RETIRED('Google'),
      successor: 'gemini-flash-2',
    }),
    llm(
      'gemini-1.5-pro',
      'google',
      ['gemini-pro-1.5', 'gemini-1.5-pro'],
      '1.25',
      '5',
      gemini('gemini-2.0-flash'),
      GOOGLE,
      {
        deprecated: RETIRED('Google'),
        cheaper: 'gemini-flash-2',
        note: 'up to 128K input tokens; 2.5/10 above',
      },
    ),
    llm('gemini-1.5-flash', 'google', ['gemini-1.5-flash'], '0.075', '0.3', gemini('gemini-2.0-flash'), GENAI_SLIM, {
      deprecated: RETIRED('Google'),
      successor: 'gemini-flash-2',
    }),
    llm(
      'gemini-2.0-flash',
      'google',
      ['gemini-2.0-flash', 'gemini-flash-2'],
      '0.1',
      '0.4',
      gemini('gemini-2.0-flash'),
      GOOGLE,
    ),
    llm(
      'gemini-2.0-flash-lite',
      'google',
      ['gemini-2.0-flash-lite'],
      '0.075',
      '0.3',
      gemini('gemini-2.0-flash-lite'),
      GENAI_SLIM,
    ),
    llm('gemini-2.5-flash', 'google', ['gemini-2.5-flash'], '0.3', '2.5', gemini('gemini-2.5-flash'), GOOGLE),
    llm(
      'gemini-2.5-flash-lite',
      'google',
      ['gemini-2.5-flash-lite'],
      '0.1',
      '0.4',
      gemini('gemini-2.5-flash-lite'),
      GENAI_SLIM,
    ),
    llm('gemini-2.5-pro', 'google', ['gemini-2.5-pro'], '1.25', '10', gemini('gemini-2.5-pro'), GOOGLE, {
      cheaper: 'gemini-2.5-flash',
      note: 'up to 200K input tokens; 2.5/15 above',
    }),
    llm('gemini-live-2.5-flash', 'google', ['gemini-live-2.5-flash'], '0.5', '2', gemini('gemini-2.5-flash'), GOOGLE, {
      speechToSpeech: true,
      note: 'speech-to-speech: text tokens only; audio tokens ($3 in / $12 out per 1M) are not estimated',
    }),
    llm(
      'gemini-3-flash',
      'google',
      ['gemini-3-flash'],
      '0.5',
      '3',
      gemini('gemini-3-pro-preview'),
      `${GOOGLE} (entry gemini-3-flash-preview); GA price also quoted at muapi.ai`,
      {
        cheaper: 'gemini-2.5-flash',
      },
    ),
    llm('gemini-3.5-flash', 'google', ['gemini-3.5-flash'], '1.5', '9', gemini('gemini-3-pro-preview'), GOOGLE, {
      cheaper: 'gemini-3-flash',
    }),
    llm(
      'gemini-3.1-pro',
      'google',
      ['gemini-3.1-pro'],
      '2',
      '12',
      gemini('gemini-3-pro-preview'),
      `${GOOGLE} (entry gemini-3.1-pro-preview)`,
      {
        cheaper: 'gemini-3-flash',
        note: 'up to 200K input tokens; 4/18 above',
      },
    ),
    // Open models on Groq
    llm('gpt-oss-20b', 'groq', ['gpt-oss-20b'], '0.075', '0.3', O200K, GROQ, {
      reasoning: true,
      note: 'o200k_harmony = the o200k_base ranks plus chat special tokens, so text counts are exact',
    }),
    llm(
      'gpt-oss-120b',
      'groq',
      ['gpt-oss-120b'],
      '0.15',
      '0.6',
      O200K,
      `${GROQ}; braintrust-proxy issue #925 (Groq docs: $0.15/$0.60)`,
      {
        cheaper: 'gpt-oss-20b',
        reasoning: true,
        note: 'o200k_harmony = the o200k_base ranks plus chat special tokens, so text counts are exact',
      },
    ),
    llm('llama-guard-4', 'groq', ['llama-guard-4', 'llama-guard-4-12b'], '0.2', '0.2', LLAMA, GROQ, {
      note: `moderation model. ${LLAMA_NOTE}; Llama 4's own tokenizer differs`,
    }),
    llm(
      'llama-3.1-8b',
      'groq',
      ['llama-3.1-8b', 'llama-3.1-8b-instant', 'llama-3.1-instant'],
      '0.05',
      '0.08',
      LLAMA,
      GROQ,
    ),
    llm(
      'llama-3.3-70b',
      'groq',
      ['llama-3.3-70b', 'llama-3.3-70b-versatile', 'llama-3.3-versatile'],
      '0.59',
      '0.79',
      LLAMA,
      GROQ,
      {
        cheaper: 'llama-3.1-instant',
        note: LLAMA_NOTE,
      },
    ),
    llm('llama-3.2-1b-preview', 'groq', ['llama-3.2-1b-preview'], '0.04', '0.04', LLAMA, GROQ, {
      deprecated: 'Groq preview model, deprecated by Groq',
      successor: 'llama-3.1-instant',
    }),
    llm(
      'qwen3.6-27b',
      'groq',
      ['qwen3.6-27b'],
      '0.6',
      '3',
      { kind: 'ai-tokenizer', encoding: 'cl100k_base', model: 'alibaba/qwen-3-32b' },
      'github.com/braintrustdata/braintrust-proxy issue #1073 (Groq pricing $0.60/$3.00), per voiceflow-2026-models.md',
      {
        note: "tokens: ai-tokenizer's qwen-3-32b entry",
      },
    ),
    llm(
      'deepseek-r1-distill-llama-70b',
      'groq',
      ['deep-seek-r1-distill-llama-70b', 'deepseek-r1-distill-llama-70b'],
      '0.75',
      '0.99',
      LLAMA,
      GROQ,
      {
        deprecated: 'deprecated by Groq',
        successor: 'llama-3.3-versatile',
        reasoning: true,
      },
    ),
    // DeepSeek
    llm(
      'deepseek-chat',
      'deepseek',
      ['deepseek-chat', 'deepseek-v3'],
      '0.27',
      '1.1',
      { kind: 'ai-tokenizer', encoding: 'o200k_base', model: 'deepseek/deepseek-v3' },
      GENAI_SLIM,
    ),
  ],
  priority: {
    openai: {
      multiplier: '2',
      basis: 'engineering judgement',
      source:
        'OpenAI has a priority tier (openai.com/api-priority-processing) but lists no price for this model: ' +
        '2× standard, the estimator default of voiceflow-2026-models.md §4',
      checked: RESEARCH_2026,
    },
    google: {
      multiplier: '2',
      basis: 'engineering judgement',
      source:
        'Gemini has a "Priority" inference tier at "a premium price" with no published ratio (ai.google.dev, ' +
        'voiceflow-2026-models.md §4): 2× standard, engineering judgement',
      checked: RESEARCH_2026,
    },
    anthropic: null,
    bedrock: null,
    groq: null,
    deepseek: null,
    voiceflow: null,
    other: null,
  },
  priorityNote:
    'Priority (Voiceflow\'s "faster processing", priorityProcessing) = standard price × the model\'s published ' +
    'priority ratio (OpenAI), else × 2 for a vendor documented to have a priority tier (OpenAI, Gemini: ' +
    'engineering judgement). Vendors with no documented priority tier (Anthropic, Bedrock, Groq, DeepSeek, ' +
    'Voiceflow) keep the standard price: Voiceflow offers faster processing only "for supported models", so ' +
    'we assume it has no effect on the others, and the look-up says so (priority.tier = null).',
  units: [
    {
      id: 'user-message',
      kind: 'message',
      vendor: 'voiceflow',
      credits: '1',
      unit: 'per message',
      source: VF_DOCS,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'call-minute',
      kind: 'call',
      vendor: 'voiceflow',
      credits: '10',
      unit: 'per minute',
      source: VF_DOCS,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'elevenlabs-flash',
      kind: 'tts',
      vendor: 'elevenlabs',
      models: ['flash', 'turbo'],
      vendorDefault: true,
      credits: '9',
      unit: 'per 1000 characters',
      source: `${VF_DOCS} (5-minute voice example)`,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'elevenlabs-multilingual',
      kind: 'tts',
      vendor: 'elevenlabs',
      models: ['multilingual'],
      credits: '9',
      unit: 'per 1000 characters',
      source: `${LESSON} ("Alice" 18× per 2,000 chars)`,
      checked: LESSON_DATE,
      note: 'lesson page figure; the ~10 credits/min estimate on the same page suggests it may be higher',
    },
    {
      id: 'cartesia-sonic',
      kind: 'tts',
      vendor: 'cartesia',
      models: ['sonic'],
      vendorDefault: true,
      credits: '10',
      unit: 'per 1000 characters',
      source: 'docs.cartesia.ai/pricing and apio.sh/apis/cartesia, per voiceflow-2026-billing.md §4',
      checked: RESEARCH_2026,
      note:
        '≈1 Cartesia credit per character at $37–50 per 1M = 7.4–10 credits per 1,000 characters; ' +
        'the top of the range is used',
    },
    {
      id: 'rime',
      kind: 'tts',
      vendor: 'rimelabs',
      vendorDefault: true,
      credits: '3',
      unit: 'per minute of speech',
      source: LESSON,
      checked: LESSON_DATE,
      note: 'Voiceflow lesson page estimate (≈3 credits per minute of Rime voice); no per-character rate published',
    },
    {
      id: 'deepgram-aura',
      kind: 'tts',
      vendor: 'deepgram',
      vendorDefault: true,
      credits: '2',
      unit: 'per minute of speech',
      source: LESSON,
      checked: LESSON_DATE,
      note:
        'Voiceflow lesson page estimate (≈2 credits per minute of Deepgram voice); ' +
        'no per-character rate published',
    },
    {
      id: 'deepgram-nova-3',
      kind: 'stt',
      vendor: 'deepgram',
      models: ['nova-3'],
      vendorDefault: true,
      credits: '1',
      unit: 'per minute',
      source: `${VF_DOCS} (5-minute voice example)`,
      checked: VF_DOCS_DATE,
    },
    {
      id: 'deepgram-flux',
      kind: 'stt',
      vendor: 'deepgram',
      models: ['flux'],
      credits: '1.3',
      unit: 'per minute',
      source: 'llmreference.com/provider/deepgram/flux-asr ($0.0065/min English), per voiceflow-2026-billing.md §4',
      checked: RESEARCH_2026,
      note: 'one third-party source; multilingual $0.0078/min = 1.56 credits',
    },
    {
      id: 'cartesia-ink-whisper',
      kind: 'stt',
      vendor: 'cartesia',
      models: ['ink-whisper'],
      vendorDefault: true,
      credits: '0.6',
      unit: 'per minute',
      source: 'docs.cartesia.ai/pricing (1 Cartesia credit per second streaming), per voiceflow-2026-billing.md §4',
      checked: RESEARCH_2026,
      note: '60 Cartesia credits per minute at $50 per 1M (top of the $37–50 plan range) = $0.003',
    },
    {
      id: 'cartesia-ink-2',
      kind: 'stt',
      vendor: 'cartesia',
      models: ['ink-2'],
      credits: '1.8',
      unit: 'per minute',
      source: 'docs.cartesia.ai/pricing (3 Cartesia credits per second streaming), per voiceflow-2026-billing.md §4',
      checked: RESEARCH_2026,
      note: '180 Cartesia credits per minute at $50 per 1M (top of the $37–50 plan range) = $0.009',
    },
  ],
  unknownVoice: [
    ...(
      [
        ['assemblyai', 'stt'],
        ['gladia', 'stt'],
        ['soniox', 'stt'],
        ['google', 'stt'],
        ['elevenlabs', 'stt'],
        ['google', 'tts'],
        ['amazon', 'tts'],
        ['microsoft', 'tts'],
        ['soniox', 'tts'],
      ] as const
    ).map(([vendor, kind]): UnknownUnitRate => ({
      id: `${vendor}-${kind}`,
      kind,
      vendor,
      vendorDefault: true,
      credits: null,
      source: 'no rate found in the Voiceflow docs or the 2026 research (voiceflow-2026-billing.md §4)',
      checked: RESEARCH_2026,
    })),
    {
      id: 'deepgram-nova-2',
      kind: 'stt',
      vendor: 'deepgram',
      models: ['nova-2'],
      credits: null,
      source: 'no rate found (voiceflow-2026-billing.md §4 lists Nova 3 and Flux only)',
      checked: RESEARCH_2026,
    },
    {
      id: 'deepgram-nova-3-medical',
      kind: 'stt',
      vendor: 'deepgram',
      models: ['nova-3-medical'],
      credits: null,
      source: 'no rate found (voiceflow-2026-billing.md §4 lists Nova 3 and Flux only)',
      checked: RESEARCH_2026,
    },
  ],
  voiceVendorAliases: {
    eleven_labs: 'elevenlabs',
    '11labs': 'elevenlabs',
    rime: 'rimelabs',
    aws: 'amazon',
    polly: 'amazon',
    azure: 'microsoft',
    assembly: 'assemblyai',
  },
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
