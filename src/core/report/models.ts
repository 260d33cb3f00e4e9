/**
 * The rate card's LLM rows as a stable JSON shape (`agent-cost models --format json`) and as a terminal
 * table. JSON figures are exact decimal strings (null = unknown); the table rounds with display.ts.
 */
import type { LlmRate } from '../pricing/rateCard';
import { Rates } from '../pricing/rates';
import { contentMultiplier } from '../tokens';
import { fmtCredits, ROUNDING_NOTE } from './display';
import { pad, plain } from './text';

export const MODELS_SCHEMA_VERSION = 1;

export interface ModelsReport {
  schemaVersion: typeof MODELS_SCHEMA_VERSION;
  rateCard: { name: string; source: string; checked: string; priorityNote: string };
  models: ModelEntry[];
}

export interface ModelEntry {
  /** Row id; `aliases` are the Voiceflow model ids that resolve to it (the id itself included). */
  id: string;
  aliases: string[];
  vendor: string;
  /** Vendor list price, USD per 1M tokens; null when unknown. */
  usdPer1MInput: string | null;
  usdPer1MOutput: string | null;
  /** Credits per 1K tokens (USD per 1M × 0.2); null when unknown. */
  creditsPer1KInput: string | null;
  creditsPer1KOutput: string | null;
  /** Priority ("faster processing") tier that applies; null: the vendor has none (standard rate). */
  priority: { multiplier: string; basis: string; source: string; checked: string } | null;
  tokenizer: {
    kind: 'tiktoken' | 'ai-tokenizer' | 'stand-in';
    encoding: string;
    /** ai-tokenizer's model id and the total multiplier applied to the encoding's count. */
    model: string | null;
    multiplier: number;
    /** True only for OpenAI encodings; the others are estimates (≈). */
    exact: boolean;
  };
  /** Why the model is deprecated, or null when it is current. */
  deprecated: string | null;
  successor: string | null;
  cheaper: string | null;
  /** Speech-to-speech: only text tokens are priced, audio is not estimated. */
  speechToSpeech: boolean;
  source: string;
  checked: string;
  note: string | null;
}

function entry(rates: Rates, row: LlmRate): ModelEntry {
  const r = rates.llm(row.id)!;
  const tier = rates.priorityTier(row);
  const t = row.tokenizer;
  return {
    id: row.id,
    aliases: [...new Set([row.id, ...row.aliases])],
    vendor: row.vendor,
    usdPer1MInput: row.usdPer1MInput,
    usdPer1MOutput: row.usdPer1MOutput,
    creditsPer1KInput: r.priced ? r.inputPer1K.toString() : null,
    creditsPer1KOutput: r.priced ? r.outputPer1K.toString() : null,
    priority: tier && { ...tier },
    tokenizer: {
      kind: t.kind,
      encoding: t.encoding,
      model: t.kind === 'ai-tokenizer' ? t.model : null,
      multiplier: t.kind === 'ai-tokenizer' ? Number((contentMultiplier(t.model) * (t.factor ?? 1)).toFixed(6)) : 1,
      exact: t.kind === 'tiktoken',
    },
    deprecated: row.deprecated ?? null,
    successor: row.successor ?? null,
    cheaper: row.cheaper ?? null,
    speechToSpeech: row.speechToSpeech === true,
    source: row.source,
    checked: row.checked,
    note: row.note ?? null,
  };
}

export function modelsReport(rates: Rates = new Rates()): ModelsReport {
  const c = rates.card;
  return {
    schemaVersion: MODELS_SCHEMA_VERSION,
    rateCard: { name: c.name, source: c.source, checked: c.checked, priorityNote: c.priorityNote },
    models: c.llm.map((row) => entry(rates, row)),
  };
}

const pair = (a: string | null, b: string | null, f: (v: string | null) => string) =>
  a === null || b === null ? 'unknown' : `${f(a)}/${f(b)}`;

function tokenizerLabel(t: ModelEntry['tokenizer']): string {
  if (t.kind === 'tiktoken') return t.encoding;
  if (t.kind === 'stand-in') return `≈${t.encoding} (stand-in)`;
  return `≈${t.encoding} ×${t.multiplier}`;
}

/** The card as an aligned table; every cell goes through `plain` (one line, control characters removed). */
export function renderModelsTable(r: ModelsReport): string {
  const rows = [
    ['id', 'aliases', 'vendor', 'USD/1M in/out', 'credits/1K in/out', 'tokenizer', 'deprecated', 'checked', 'source'],
    ...r.models.map((m) => [
      m.id,
      m.aliases.filter((a) => a !== m.id).join(', ') || '-',
      m.vendor,
      pair(m.usdPer1MInput, m.usdPer1MOutput, (v) => v ?? ''),
      pair(m.creditsPer1KInput, m.creditsPer1KOutput, (v) => fmtCredits(v)),
      tokenizerLabel(m.tokenizer),
      m.deprecated ? 'yes' : '-',
      m.checked,
      m.source,
    ]),
  ].map((cells, i) => cells.map((c, j) => plain(c, i === 0 ? 80 : j === 8 ? 60 : j === 1 ? 44 : 40)));
  return [
    `${plain(r.rateCard.name)}, checked ${plain(r.rateCard.checked)} (${r.models.length} models)`,
    'Credits per 1K tokens = USD per 1M tokens × 0.2 ($0.005 per credit). ≈ = estimated token count. ' +
      '--format json has every source, note and priority tier.',
    '',
    pad(rows),
    '',
    ROUNDING_NOTE,
    '',
  ].join('\n');
}
