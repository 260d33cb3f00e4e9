/**
 * Turns a description of an LLM call (what text it sends, which model) into an `LlmCall` with a
 * token breakdown and Decimal credits. Unknown model → credits null (never 0).
 */
import { Decimal } from '../pricing/money';
import { fnv1a } from '../hash';
import type { CallSpec, KnowledgeRead, VariableInfo } from '../flow/types';
import { asNumber } from '../json/safe';
import { PricedLlmRate, Rates, type ResolvedLlmRate, tokenCredits } from '../pricing/rates';
import type { Tokenizer } from '../pricing/rateCard';
import { REASONING_EFFORTS, ReasoningEffort, Settings } from '../settings';
import { countTokens } from '../tokens';
import { countToolTokens, toolFiguresModel } from '../toolTokens';
import type { LlmCall, TokenBreakdown } from '../types';

/** Variables whose value the engine sizes specially instead of with `variableTokens`. */
const MEMORY_VARS = new Set(['vf_memory']);
const KB_VARS = new Set(['chunks', 'vf_chunks']);
const USER_VARS = new Set(['last_utterance', 'vf_user_input']);

/** Tokenizer used to count text for a model that is not in the rate card. */
const FALLBACK_TOKENIZER: Tokenizer = { kind: 'stand-in', encoding: 'o200k_base' };

export interface PricingContext {
  rates: Rates;
  settings: Settings;
  /** What the file tells about variables (known texts, large values). */
  variables?: ReadonlyMap<string, VariableInfo>;
  /** The project uses priority ("faster") processing: calls are billed at the priority rate. */
  priority?: boolean;
}

/** Prices one LLM call: its model and rate, its tokens by part, its credits (null: unknown model). */
export function priceCall(spec: CallSpec, ctx: PricingContext): LlmCall {
  const s = ctx.settings;
  const model = callModel(spec.model, s);
  const rate = ctx.rates.llm(model, { priority: ctx.priority === true });
  const tokenizer = rate?.row.tokenizer ?? FALLBACK_TOKENIZER;
  const count = inputTokens(spec, ctx, tokenizer, rate);
  const out = outputTokens(spec, s, rate);
  const priced = rate?.priced
    ? callCredits(count.input, out.output, out.outputMax, rate)
    : { credits: null, creditsMax: null };
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
    breakdown: count.breakdown,
    input: count.input,
    output: out.output,
    outputMax: out.outputMax,
    maxTokensSet: out.maxTokensSet,
    reasoningEffort: out.effort,
    unbudgeted: spec.outputOnly ? [] : count.unbudgeted,
    spoken: spec.spoken,
    priority: rate?.priority ? (rate.priority.tier ? 'priority rate' : 'no priority tier: standard rate') : undefined,
    systemKey: spec.system.literal.length >= SYSTEM_KEY_MIN ? fnv1a(spec.system.literal) : undefined,
    exact: count.exact && tokenizer.kind === 'tiktoken',
    memoryTokensPerTurn: count.memoryTokensPerTurn,
    ...priced,
    growthPerTurn: rate?.priced ? tokenCredits(count.memoryTokensPerTurn, rate.inputPer1K) : null,
  };
}

/**
 * The model a call runs on. Values come straight from the export: a model that is not a string
 * is reported as an unknown model (never priced as the default); none at all is the default.
 */
function callModel(raw: unknown, s: Settings): string {
  return (
    s.modelOverride ??
    (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') ? s.defaultModel : label(raw))
  );
}

/** A call's input tokens, by part and in all, and whether the counts are exact. */
interface InputCount {
  breakdown: TokenBreakdown;
  input: number;
  memoryTokensPerTurn: number;
  exact: boolean;
  unbudgeted: { name: string; why: string }[];
}

/** Counts what a call sends: system, prompt, variables, memory, knowledge base, tools, overhead. */
function inputTokens(
  spec: CallSpec,
  ctx: PricingContext,
  tokenizer: Tokenizer,
  rate: ResolvedLlmRate | null,
): InputCount {
  const s = ctx.settings;
  const sys = countTokens(spec.system.literal, tokenizer);
  const prompt = countTokens(spec.prompt.literal, tokenizer);
  const vars = variableTokens([...spec.system.variables, ...spec.prompt.variables], tokenizer, ctx);
  const memoryTokensPerTurn = spec.memory || vars.memory ? s.memoryTokensPerTurn : 0;
  // An evaluation reads the whole transcript: the launch and every user turn.
  const transcript = spec.transcript ? s.memoryTokensPerTurn * (s.turnsPerConversation + 1) : 0;
  const tools = spec.tools?.length
    ? countToolTokens(spec.tools, tokenizer, toolFiguresModel(rate?.row.id, rate?.row.vendor, tokenizer))
    : { tokens: 0, exact: true };
  const breakdown: TokenBreakdown = {
    system: sys.tokens,
    prompt: prompt.tokens + (spec.templateTokens ?? 0),
    variables: vars.tokens,
    memory: memoryTokensPerTurn + transcript,
    knowledgeBase: spec.knowledgeBase
      ? kbTokens(spec.knowledgeBase, s)
      : vars.knowledgeBase
        ? s.knowledgeBaseTokens
        : 0,
    tools: tools.tokens + (spec.toolResultTokens ?? 0),
    overhead: s.messageOverheadTokens * (spec.messages + 1),
  };
  if (spec.outputOnly) for (const k of Object.keys(breakdown) as (keyof TokenBreakdown)[]) breakdown[k] = 0;
  const input =
    breakdown.system +
    breakdown.prompt +
    breakdown.variables +
    breakdown.memory +
    breakdown.knowledgeBase +
    breakdown.tools +
    breakdown.overhead;
  const exact = sys.exact && prompt.exact && tools.exact && vars.exact;
  return { breakdown, input, memoryTokensPerTurn, exact, unbudgeted: vars.unbudgeted };
}

/**
 * A call's output tokens: expected and at most (maxTokens as set, else the default), with the
 * reasoning effort; a fixed output (a classification, a status message) is both.
 */
function outputTokens(
  spec: CallSpec,
  s: Settings,
  rate: ResolvedLlmRate | null,
): { output: number; outputMax: number; maxTokensSet: boolean; effort: ReasoningEffort | undefined } {
  // A maxTokens that is not a positive number is ignored.
  const maxTokens = asNumber(spec.maxTokens) ?? NaN;
  const maxTokensSet = Number.isFinite(maxTokens) && maxTokens > 0;
  const outputMax = spec.fixedOutput ?? (maxTokensSet ? Math.round(maxTokens) : s.defaultMaxTokens);
  const effort = reasoningEffort(spec.reasoningEffort, rate?.row.reasoning === true);
  const visible = spec.fixedOutput ?? s.expectedOutputTokens;
  // Reasoning tokens are billed as output; maxTokens caps visible and reasoning output together.
  const output = spec.fixedOutput ?? Math.min(outputMax, Math.round(visible * reasoningMultiplier(effort, s)));
  return { output, outputMax, maxTokensSet: spec.fixedOutput !== undefined || maxTokensSet, effort };
}

/** Reasoning effort of a call: as set, else medium for a reasoning model (the vendors' default). */
function reasoningEffort(v: unknown, reasoningModel: boolean): ReasoningEffort | undefined {
  if (typeof v === 'string' && (REASONING_EFFORTS as readonly string[]).includes(v)) return v as ReasoningEffort;
  return reasoningModel ? 'medium' : undefined;
}

/** Output tokens per visible token at an effort level (reasoning tokens are billed as output). */
function reasoningMultiplier(effort: ReasoningEffort | undefined, s: Settings): number {
  return effort === undefined ? 1 : (s.reasoningOutputMultipliers[effort] ?? 1);
}

/** Tokens of knowledge-base chunks: chunks × chunk size as the file sets them, else the default. */
function kbTokens(read: KnowledgeRead, s: Settings): number {
  if (read.chunks === undefined && read.chunkChars === undefined) return s.knowledgeBaseTokens;
  const chunks = read.chunks ?? KB_DEFAULT_CHUNKS;
  const perChunk = read.chunkChars
    ? Math.ceil(read.chunkChars / s.charsPerToken)
    : Math.round(s.knowledgeBaseTokens / KB_DEFAULT_CHUNKS);
  return chunks * perChunk;
}

/** Chunks in the default `knowledgeBaseTokens` (900 = 3 chunks × 300 tokens). */
const KB_DEFAULT_CHUNKS = 3;

/**
 * Tokens of the variables a call sends: a budget set for the variable, else the text the file
 * gives it, else the user-message or default size. Memory and KB variables are sized elsewhere.
 * Variables large by nature that fall to the default size are reported (`unbudgeted`).
 */
function variableTokens(
  names: string[],
  tokenizer: Tokenizer,
  ctx: PricingContext,
): {
  tokens: number;
  exact: boolean;
  memory: boolean;
  knowledgeBase: boolean;
  unbudgeted: { name: string; why: string }[];
} {
  const s = ctx.settings;
  const out = {
    tokens: 0,
    exact: true,
    memory: false,
    knowledgeBase: false,
    unbudgeted: [] as { name: string; why: string }[],
  };
  for (const name of names) {
    if (MEMORY_VARS.has(name)) out.memory = true;
    else if (KB_VARS.has(name)) out.knowledgeBase = true;
    else {
      const set = budget(s.variableTokenBudgets, name);
      const info = ctx.variables?.get(name);
      if (set !== undefined) out.tokens += set;
      else if (info?.text) {
        const known = countTokens(info.text.literal, tokenizer);
        out.tokens += known.tokens + info.text.variables.length * s.variableTokens;
        out.exact &&= known.exact;
      } else {
        out.tokens += USER_VARS.has(name) ? s.userMessageTokens : s.variableTokens;
        if (info?.large && !out.unbudgeted.some((u) => u.name === name)) out.unbudgeted.push({ name, why: info.large });
      }
    }
  }
  return out;
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
  rate: PricedLlmRate,
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
  return rate?.priced ? { model: rate.row.id, ...callCredits(call.input, call.output, call.outputMax, rate) } : null;
}
