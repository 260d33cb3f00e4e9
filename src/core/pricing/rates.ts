/**
 * Rate look-ups over a `RateCard`: Voiceflow model ids → LLM rate, voice vendor + model → TTS/STT rate.
 * Credits are Decimal. A model that is not in the card resolves to `null`; a model that is in the card
 * with an unknown price resolves to `{ priced: false }` (credits null, never 0).
 */
import { Decimal } from './money';
import { LlmRate, PriorityTier, RATE_CARD, RateCard, UnitRate, type LlmVendor, type VoiceRate } from './rateCard';

/** Voiceflow bills LLM tokens at cost: credits per 1K tokens = USD per 1M tokens × this. */
export const CREDITS_PER_1K_PER_USD_PER_1M = new Decimal('0.2');

/** How a priority request was priced: the tier used, or null when the vendor has none (standard rate). */
export interface PriorityApplied {
  tier: PriorityTier | null;
}

interface ResolvedBase {
  row: LlmRate;
  /** Set when the look-up asked for priority processing. */
  priority?: PriorityApplied;
}

export interface PricedLlmRate extends ResolvedBase {
  priced: true;
  /** Credits per 1,000 input tokens. */
  inputPer1K: Decimal;
  /** Credits per 1,000 output tokens. */
  outputPer1K: Decimal;
}

/** The card knows the model but not its price: callers report credits as null ("price unknown"). */
export interface UnpricedLlmRate extends ResolvedBase {
  priced: false;
  inputPer1K: null;
  outputPer1K: null;
}

export type ResolvedLlmRate = PricedLlmRate | UnpricedLlmRate;

export interface LlmLookupOptions {
  /** Price with Voiceflow's "faster processing" (priority) rate. */
  priority?: boolean;
}

/** Negotiated rates (project file): model id → credits per 1K input / output tokens. */
export type RateOverrides = Record<string, { inputPer1K: string; outputPer1K: string }>;

export const OVERRIDE_SOURCE = 'negotiated rate in .agentcost.yaml';

/** USD per 1M tokens → credits per 1K tokens; null stays null. */
export function creditsPer1K(usdPer1M: string | null): Decimal | null {
  return usdPer1M === null ? null : new Decimal(usdPer1M).mul(CREDITS_PER_1K_PER_USD_PER_1M);
}

/** Index over one rate card; build once per analysis (or reuse the default one). */
/** A number for each rate card object seen (cards are data tables, never changed once built). */
const cardNumbers = new WeakMap<RateCard, number>();
let cardsSeen = 0;
function cardNumber(card: RateCard): number {
  let n = cardNumbers.get(card);
  if (n === undefined) cardNumbers.set(card, (n = ++cardsSeen));
  return n;
}

export class Rates {
  private readonly byAlias = new Map<string, LlmRate>();
  private readonly byId = new Map<string, LlmRate>();
  private readonly overrides = new Map<string, { inputPer1K: Decimal; outputPer1K: Decimal }>();

  /** Equal for two Rates that price alike: the same card object and the same overrides. */
  readonly fingerprint: string;

  constructor(
    readonly card: RateCard = RATE_CARD,
    overrides: RateOverrides = {},
  ) {
    this.fingerprint = `${cardNumber(card)}\u0000${JSON.stringify(overrides)}`;
    for (const row of card.llm) {
      this.byId.set(row.id, row);
      for (const a of [row.id, ...row.aliases]) this.byAlias.set(a.toLowerCase(), row);
    }
    for (const [model, r] of Object.entries(overrides)) {
      let row = this.findLlmRow(model);
      if (!row) {
        // A model the card does not know, priced by the project: stand-in tokenizer (≈).
        row = {
          id: model,
          vendor: 'other',
          aliases: [model],
          usdPer1MInput: null,
          usdPer1MOutput: null,
          tokenizer: { kind: 'stand-in', encoding: 'o200k_base' },
          source: OVERRIDE_SOURCE,
          checked: 'project file',
        };
        this.byId.set(row.id, row);
        this.byAlias.set(model.toLowerCase(), row);
      }
      this.overrides.set(row.id, { inputPer1K: new Decimal(r.inputPer1K), outputPer1K: new Decimal(r.outputPer1K) });
      const overridden = { ...row, source: OVERRIDE_SOURCE, checked: 'project file' };
      this.byId.set(row.id, overridden);
      for (const a of [row.id, ...row.aliases]) this.byAlias.set(a.toLowerCase(), overridden);
    }
  }

  /**
   * The rate for a Voiceflow model id (see `findLlmRow` for how ids match). Null when the card does
   * not know the model; `priced: false` when it knows the model but not its price. With
   * `{ priority: true }`: the standard rate × the model's (else its vendor's) priority multiplier; a
   * vendor with no priority tier keeps the standard rate and `priority.tier` is null. A negotiated
   * rate is scaled by the same multiplier.
   */
  llm(model: string, opts: LlmLookupOptions = {}): ResolvedLlmRate | null {
    const row = this.findLlmRow(model);
    if (!row) return null;
    const o = this.overrides.get(row.id);
    const input = o ? o.inputPer1K : creditsPer1K(row.usdPer1MInput);
    const output = o ? o.outputPer1K : creditsPer1K(row.usdPer1MOutput);
    const priority = opts.priority ? { tier: this.priorityTier(row) } : undefined;
    if (input === null || output === null)
      return { row, priced: false, inputPer1K: null, outputPer1K: null, ...(priority && { priority }) };
    const m = priority?.tier ? new Decimal(priority.tier.multiplier) : undefined;
    return {
      row,
      priced: true,
      inputPer1K: m ? input.mul(m) : input,
      outputPer1K: m ? output.mul(m) : output,
      ...(priority && { priority }),
    };
  }

  /** The priority tier that applies to a row: its own published ratio, else its vendor's, else null. */
  priorityTier(row: LlmRate): PriorityTier | null {
    return row.priority ?? this.card.priority[row.vendor as LlmVendor] ?? null;
  }

  /**
   * The card row for a Voiceflow model id: the id or an alias as written (any case), then without a
   * date suffix (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`), then without a `bedrock-`/`vertex-`/`azure-`
   * prefix (only for ids the card does not list with the prefix).
   */
  findLlmRow(model: string): LlmRate | undefined {
    const id = model.trim().toLowerCase();
    const candidates = [id, id.replace(/-\d{4}-\d{2}-\d{2}$/, ''), id.replace(/^(bedrock|vertex|azure)-/, '')];
    for (const c of candidates) {
      const row = this.byAlias.get(c);
      if (row) return row;
    }
    return undefined;
  }

  llmById(id: string): LlmRate | undefined {
    return this.byId.get(id);
  }

  unit(id: string): UnitRate | undefined {
    return this.card.units.find((u) => u.id === id);
  }

  /** A voice vendor name as exports write it → the card's vendor name (lower case, aliases resolved). */
  voiceVendor(vendor: string): string {
    const v = vendor.trim().toLowerCase();
    return Object.hasOwn(this.card.voiceVendorAliases, v) ? this.card.voiceVendorAliases[v] : v;
  }

  /**
   * The TTS or STT rate of one vendor: matches the vendor first and never falls to another vendor.
   * Within the vendor, the row whose `models` name the longest part of `model` wins, else the vendor's
   * catch-all row (no `models`); with no model, the vendor's default row. Undefined when the vendor
   * (or this model of it) is not in the card. A row with `credits: null` is a known vendor/model
   * whose price is unknown.
   */
  voice(kind: 'tts' | 'stt', vendor: string, model?: string): VoiceRate | undefined {
    const v = this.voiceVendor(vendor);
    const rows: VoiceRate[] = [...this.card.units, ...this.card.unknownVoice].filter(
      (r) => r.kind === kind && r.vendor === v,
    );
    const m = model?.trim().toLowerCase();
    if (!m) return rows.find((r) => r.vendorDefault) ?? rows.find((r) => !r.models);
    let best: { row: VoiceRate; len: number } | undefined;
    for (const row of rows)
      for (const name of row.models ?? [])
        if (m.includes(name) && (!best || name.length > best.len)) best = { row, len: name.length };
    return best?.row ?? rows.find((r) => !r.models);
  }

  tts(vendor: string, model?: string): VoiceRate | undefined {
    return this.voice('tts', vendor, model);
  }

  stt(vendor: string, model?: string): VoiceRate | undefined {
    return this.voice('stt', vendor, model);
  }

  /**
   * A voice setting as one string, `"<vendor>[:<model>[:<voice id>]]"` (the legacy `defaultVoice`, e.g.
   * `"elevenlabs:eleven_turbo_v2_5:<id>"`, or `provider:model` of 2026 settings) → `voice(kind, vendor, model)`.
   */
  voiceSetting(kind: 'tts' | 'stt', setting: string): VoiceRate | undefined {
    const [vendor, model] = setting.split(':');
    return this.voice(kind, vendor, model);
  }

  /**
   * Legacy look-up kept for the engine's current voice pricing: `voiceSetting`, but only rows it can
   * use as they are (a price, per 1,000 characters for TTS, per minute for STT); otherwise undefined.
   */
  matchUnit(kind: 'tts' | 'stt', setting: string): UnitRate | undefined {
    const row = this.voiceSetting(kind, setting);
    if (!row || row.credits === null) return undefined;
    return row.unit === (kind === 'tts' ? 'per 1000 characters' : 'per minute') ? row : undefined;
  }
}

/** Whether a voice row has a price (a `UnitRate`) or is a known vendor/model with an unknown price. */
export function isPriced(row: VoiceRate): row is UnitRate {
  return row.credits !== null;
}

/**
 * Credits per spoken character of a TTS row: per-1,000-character rates directly; per-minute-of-speech
 * rates through the speech rate (characters per minute).
 */
export function ttsCreditsPerChar(row: UnitRate, charsPerMinute: number): Decimal {
  if (row.unit === 'per 1000 characters') return new Decimal(row.credits).div(1000);
  if (row.unit === 'per minute of speech') return new Decimal(row.credits).div(charsPerMinute);
  throw new Error(`${row.id} is not a text-to-speech rate (${row.unit})`);
}

/** Credits of one call: tokens/1000 × rate, no rounding. */
export function tokenCredits(tokens: number, per1K: Decimal): Decimal {
  return per1K.mul(tokens).div(1000);
}
