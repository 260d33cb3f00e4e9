/**
 * Turns a description of an LLM call (what text it sends, which model) into an `LlmCall` with a
 * token breakdown and Decimal credits. Unknown model → credits null (never 0).
 */
import { Decimal } from '../pricing/money';
import { fnv1a } from '../hash';
import type { CallSpec } from '../flow/types';
import { asNumber } from '../json/safe';
import { Rates, ResolvedLlmRate, tokenCredits } from '../pricing/rates';
import type { Tokenizer } from '../pricing/rateCard';
import type { Settings } from '../settings';
import { countTokens } from '../tokens';
import type { LlmCall, TokenBreakdown } from '../types';

/** Variables whose value the engine sizes specially instead of with `variableTokens`. */
const MEMORY_VARS = new Set(['vf_memory']);
const KB_VARS = new Set(['chunks', 'vf_chunks']);
const USER_VARS = new Set(['last_utterance', 'vf_user_input']);

/** Tokenizer used to count text for a model that is not in the rate card. */
const FALLBACK_TOKENIZER: Tokenizer = { kind: 'approx', encoding: 'o200k_base', factor: 1 };

export interface PricingContext {
  rates: Rates;
  settings: Settings;
}

export function priceCall(spec: CallSpec, ctx: PricingContext): LlmCall {
  const s = ctx.settings;
  // Values come straight from the export: a model that is not a string is reported as an unknown
  // model (never priced as the default), a maxTokens that is not a positive number is ignored.
  const raw: unknown = spec.model;
  const model =
    s.modelOverride ??
    (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') ? s.defaultModel : label(raw));
  const maxTokens = asNumber(spec.maxTokens) ?? NaN;
  const maxTokensSet = Number.isFinite(maxTokens) && maxTokens > 0;
  const rate = ctx.rates.llm(model);
  const tokenizer = rate?.row.tokenizer ?? FALLBACK_TOKENIZER;
  const sys = countTokens(spec.system.literal, tokenizer);
  const prompt = countTokens(spec.prompt.literal, tokenizer);
  let variables = 0;
  let memoryVar = false;
  let kbVar = false;
  for (const name of [...spec.system.variables, ...spec.prompt.variables]) {
    if (MEMORY_VARS.has(name)) memoryVar = true;
    else if (KB_VARS.has(name)) kbVar = true;
    else
      variables +=
        budget(s.variableTokenBudgets, name) ?? (USER_VARS.has(name) ? s.userMessageTokens : s.variableTokens);
  }
  const sendsMemory = spec.memory || memoryVar;
  const memoryTokensPerTurn = sendsMemory ? s.memoryTokensPerTurn : 0;
  const toolsCount = spec.tools ? countTokens(spec.tools, tokenizer) : { tokens: 0, exact: true };
  const breakdown: TokenBreakdown = {
    system: sys.tokens,
    prompt: prompt.tokens + (spec.templateTokens ?? 0),
    variables,
    memory: memoryTokensPerTurn,
    knowledgeBase: spec.knowledgeBase || kbVar ? s.knowledgeBaseTokens : 0,
    tools: toolsCount.tokens,
    overhead: s.messageOverheadTokens * (spec.messages + 1),
  };
  const input =
    breakdown.system +
    breakdown.prompt +
    breakdown.variables +
    breakdown.memory +
    breakdown.knowledgeBase +
    breakdown.tools +
    breakdown.overhead;
  const outputMax = spec.fixedOutput ?? (maxTokensSet ? Math.round(maxTokens) : s.defaultMaxTokens);
  const output = spec.fixedOutput ?? Math.min(outputMax, s.expectedOutputTokens);
  const priced = rate ? callCredits(input, output, outputMax, rate) : { credits: null, creditsMax: null };
  return {
    label: spec.label,
    task: spec.task,
    modelPath: spec.modelPath,
    maxTokensPath: spec.maxTokensPath,
    sources: spec.sources.map((src) => ({
      path: src.path,
      what: src.what,
      tokens: src.text ? countTokens(src.text.literal, tokenizer).tokens : null,
    })),
    model,
    rateId: rate?.row.id ?? null,
    breakdown,
    input,
    output,
    outputMax,
    maxTokensSet: spec.fixedOutput !== undefined || maxTokensSet,
    systemKey: spec.system.literal.length >= SYSTEM_KEY_MIN ? fnv1a(spec.system.literal) : undefined,
    exact: sys.exact && prompt.exact && toolsCount.exact && tokenizer.kind === 'tiktoken',
    memoryTokensPerTurn,
    ...priced,
    growthPerTurn: rate ? tokenCredits(memoryTokensPerTurn, rate.inputPer1K) : null,
  };
}

/** A model id from the file as text: a non-string value becomes a label that no rate matches. */
function label(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `<${typeof v}>`;
}

/** The token budget set for a variable (own keys only: a variable may be named `constructor`). */
function budget(budgets: Record<string, number>, name: string): number | undefined {
  return Object.hasOwn(budgets, name) ? budgets[name] : undefined;
}

/** Credits of one call at a rate: expected output and maxTokens output, no rounding. */
function callCredits(
  input: number,
  output: number,
  outputMax: number,
  rate: ResolvedLlmRate,
): { credits: Decimal; creditsMax: Decimal } {
  const inCredits = tokenCredits(input, rate.inputPer1K);
  return {
    credits: inCredits.plus(tokenCredits(output, rate.outputPer1K)),
    creditsMax: inCredits.plus(tokenCredits(outputMax, rate.outputPer1K)),
  };
}

/** System prompts at least this long are fingerprinted for duplicate detection. */
const SYSTEM_KEY_MIN = 200;

/** Sum of Decimals where any null makes the sum null (unknown stays unknown). */
export function sumKnown(values: (Decimal | null)[]): Decimal | null {
  let total = new Decimal(0);
  for (const v of values) {
    if (v === null) return null;
    total = total.plus(v);
  }
  return total;
}

/**
 * The same call priced on another model, keeping its token counts (a what-if: the other vendor's
 * tokenizer may count a little differently). Null when that model is not in the rate card.
 */
export function repriceCall(
  call: LlmCall,
  model: string,
  rates: Rates,
): { model: string; credits: Decimal; creditsMax: Decimal } | null {
  const rate = rates.llm(model);
  return rate ? { model: rate.row.id, ...callCredits(call.input, call.output, call.outputMax, rate) } : null;
}
