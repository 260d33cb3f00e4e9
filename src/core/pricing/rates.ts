/**
 * Rate look-ups over a `RateCard`: Voiceflow model ids → LLM rate, voice settings → TTS/STT rate.
 * Credits are Decimal; an id that is not in the card resolves to `null` (unknown, never 0).
 */
import { Decimal } from './money';
import { LlmRate, RATE_CARD, RateCard, UnitRate } from './rateCard';

/** Voiceflow bills LLM tokens at cost: credits per 1K tokens = USD per 1M tokens × this. */
export const CREDITS_PER_1K_PER_USD_PER_1M = new Decimal('0.2');

export interface ResolvedLlmRate {
  row: LlmRate;
  /** Credits per 1,000 input tokens. */
  inputPer1K: Decimal;
  /** Credits per 1,000 output tokens. */
  outputPer1K: Decimal;
}

/** Index over one rate card; build once per analysis (or reuse the default one). */
/** Negotiated rates (project file): model id → credits per 1K input / output tokens. */
export type RateOverrides = Record<string, { inputPer1K: string; outputPer1K: string }>;

export const OVERRIDE_SOURCE = 'negotiated rate in .agentcost.yaml';

export class Rates {
  private readonly byAlias = new Map<string, LlmRate>();
  private readonly byId = new Map<string, LlmRate>();
  private readonly overrides = new Map<string, { inputPer1K: Decimal; outputPer1K: Decimal }>();

  constructor(
    readonly card: RateCard = RATE_CARD,
    overrides: RateOverrides = {},
  ) {
    for (const row of card.llm) {
      this.byId.set(row.id, row);
      for (const a of [row.id, ...row.aliases]) this.byAlias.set(a.toLowerCase(), row);
    }
    for (const [model, r] of Object.entries(overrides)) {
      let row = this.findLlmRow(model);
      if (!row) {
        // A model the card does not know, priced by the project: approximate tokenizer.
        row = {
          id: model,
          vendor: 'openai',
          aliases: [model],
          usdPer1MInput: '0',
          usdPer1MOutput: '0',
          tokenizer: { kind: 'approx', encoding: 'o200k_base', factor: 1 },
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
   * The rate for a Voiceflow model id. Tries the id as written, then without a date suffix
   * (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`) and without a `bedrock-`/`vertex-` prefix.
   */
  llm(model: string): ResolvedLlmRate | null {
    const row = this.findLlmRow(model);
    if (!row) return null;
    const o = this.overrides.get(row.id);
    if (o) return { row, inputPer1K: o.inputPer1K, outputPer1K: o.outputPer1K };
    return {
      row,
      inputPer1K: new Decimal(row.usdPer1MInput).mul(CREDITS_PER_1K_PER_USD_PER_1M),
      outputPer1K: new Decimal(row.usdPer1MOutput).mul(CREDITS_PER_1K_PER_USD_PER_1M),
    };
  }

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

  /** The TTS or STT row whose `match` names occur in `setting` (e.g. "elevenlabs:eleven_turbo_v2_5:…"). */
  matchUnit(kind: 'tts' | 'stt', setting: string): UnitRate | undefined {
    const s = setting.toLowerCase();
    // Most specific first: the longest matching name wins.
    let best: { row: UnitRate; len: number } | undefined;
    for (const row of this.card.units) {
      if (row.kind !== kind) continue;
      for (const m of row.match) if (s.includes(m) && (!best || m.length > best.len)) best = { row, len: m.length };
    }
    return best?.row;
  }
}

/** Credits of one call: tokens/1000 × rate, no rounding. */
export function tokenCredits(tokens: number, per1K: Decimal): Decimal {
  return per1K.mul(tokens).div(1000);
}
