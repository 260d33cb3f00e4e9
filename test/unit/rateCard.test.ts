/** The bundled rate card against the 2026 export schema's model list, and the Rates look-ups over it. */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { Decimal } from '../../src/core/pricing/money';
import { RATE_CARD } from '../../src/core/pricing/rateCard';
import { isPriced, Rates, ttsCreditsPerChar } from '../../src/core/pricing/rates';
import { SHARED } from '../corpus';
import { analyzeText, describeCorpus, fixture } from '../helpers';

interface SchemaModel {
  id: string;
  provider: string;
  usd_in_per_1m: number | null;
  usd_out_per_1m: number | null;
  status: string;
}
/** shared/docs/voiceflow-2026-models.json: the 67 `AIModel` ids of the 2026 export schema, in schema order. */
function models2026(): SchemaModel[] {
  return JSON.parse(readFileSync(path.join(SHARED, 'docs', 'voiceflow-2026-models.json'), 'utf8'));
}

// Checked against the schema's model list in ../shared (skipped, with the reason, in a clone without it).
describeCorpus('rate card: the 2026 model ids', () => {
  const rates = new Rates();
  const MODELS_2026 = models2026();
  const IDS_2026 = new Set(MODELS_2026.map((m) => m.id));

  it('resolves every one of the 67 ids at its vendor list price (USD per 1M), or as unknown (never 0)', () => {
    assert.strictEqual(MODELS_2026.length, 67);
    for (const m of MODELS_2026) {
      const r = rates.llm(m.id);
      assert.ok(r, `${m.id} is not in the rate card`);
      if (m.usd_in_per_1m === null) {
        assert.strictEqual(r.priced, false, m.id);
        assert.strictEqual(r.inputPer1K, null);
        assert.strictEqual(r.row.usdPer1MInput, null);
        continue;
      }
      assert.strictEqual(r.priced, true, m.id);
      assert.ok(new Decimal(r.row.usdPer1MInput!).eq(m.usd_in_per_1m), `${m.id} input`);
      assert.ok(new Decimal(r.row.usdPer1MOutput!).eq(m.usd_out_per_1m!), `${m.id} output`);
      // Credits are derived, never stored: USD per 1M × 0.2.
      assert.ok(r.inputPer1K.eq(new Decimal(m.usd_in_per_1m).mul('0.2')), m.id);
      assert.ok(r.outputPer1K.eq(new Decimal(m.usd_out_per_1m!).mul('0.2')), m.id);
    }
  });

  it("prices Voiceflow's own models as unknown, with a source saying why", () => {
    for (const id of ['voiceflow-core-4.0', 'voiceflow-core-4.1', 'voiceflow-flash-4.1']) {
      const r = rates.llm(id)!;
      assert.strictEqual(r.priced, false);
      assert.strictEqual(r.row.vendor, 'voiceflow');
      assert.match(r.row.source, /no public price/);
      assert.strictEqual(rates.llm(id, { priority: true })!.priced, false);
    }
  });

  it('resolves dated variants as aliases of their model', () => {
    for (const [dated, id] of [
      ['gpt-4.1-2025-04-14', 'gpt-4.1'],
      ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
      ['gpt-4.1-nano-2025-04-14', 'gpt-4.1-nano'],
      ['o3-2025-04-16', 'o3'],
      ['o4-mini-2025-04-16', 'o4-mini'],
      ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
      ['GPT-4o', 'gpt-4o'],
    ])
      assert.strictEqual(rates.findLlmRow(dated)?.id, id, dated);
    // gpt-3.5-turbo-1106 is its own snapshot with its own price, not an alias of gpt-3.5-turbo.
    assert.strictEqual(rates.findLlmRow('gpt-3.5-turbo-1106')?.usdPer1MInput, '1');
  });

  it('flags the retired models as deprecated, with a current successor', () => {
    const retired = [
      'claude-3.5-sonnet',
      'claude-3.7-sonnet',
      'claude-4-sonnet',
      'claude-4-opus',
      'text-davinci-003',
      'claude-v1',
      'claude-v2',
      'claude-instant-v1',
      'claude-3-sonnet',
      'claude-3-opus',
      'gemini-pro-1.5',
      'llama-3.2-1b-preview',
      'deep-seek-r1-distill-llama-70B',
    ];
    for (const id of retired) {
      const row = rates.findLlmRow(id)!;
      assert.ok(row.deprecated, `${id} is not flagged`);
      const to = row.successor ?? row.cheaper;
      assert.ok(to && !rates.findLlmRow(to)!.deprecated, `${id}: no current replacement`);
    }
    // Bedrock keeps its own schedule; current models are not flagged.
    for (const id of ['bedrock-claude-4-sonnet', 'claude-4.6-sonnet', 'gpt-4o-mini', 'gemini-2.5-flash', 'gpt-5'])
      assert.strictEqual(rates.findLlmRow(id)!.deprecated, undefined, id);
  });

  it('prices speech-to-speech models at their text rates, saying audio is not estimated', () => {
    for (const id of ['gpt-realtime', 'gemini-live-2.5-flash']) {
      const row = rates.findLlmRow(id)!;
      assert.strictEqual(row.speechToSpeech, true);
      assert.match(row.note!, /audio .*not estimated/);
    }
    assert.ok(rates.llm('gpt-realtime')!.inputPer1K!.eq('0.8'));
  });

  it('gives every row a source and a checked date, and every suggestion is a priced, current Voiceflow id', () => {
    const ids = new Set<string>();
    for (const row of RATE_CARD.llm) {
      assert.ok(!ids.has(row.id), `duplicate row ${row.id}`);
      ids.add(row.id);
      assert.ok(row.source.length > 10, row.id);
      assert.match(row.checked, /^\d{4}-\d{2}(-\d{2})?$/, row.id);
      for (const to of [row.cheaper, row.successor].filter((x): x is string => !!x)) {
        assert.ok(IDS_2026.has(to), `${row.id} suggests ${to}, which is not a Voiceflow 2026 model id`);
        const t = rates.llm(to);
        assert.ok(t?.priced && !t.row.deprecated, `${row.id} → ${to}`);
      }
      if (row.cheaper) {
        const a = rates.llm(row.id)!;
        const b = rates.llm(row.cheaper)!;
        if (a.priced && b.priced)
          assert.ok(b.inputPer1K.lte(a.inputPer1K) && b.outputPer1K.lte(a.outputPer1K), `${row.cheaper} ≤ ${row.id}`);
      }
    }
    // No alias points at two rows.
    const seen = new Map<string, string>();
    for (const row of RATE_CARD.llm)
      for (const a of [row.id, ...row.aliases]) {
        const prev = seen.get(a.toLowerCase());
        assert.ok(prev === undefined || prev === row.id, `${a}: ${prev} and ${row.id}`);
        seen.set(a.toLowerCase(), row.id);
      }
    for (const u of [...RATE_CARD.units, ...RATE_CARD.unknownVoice]) {
      assert.ok(u.source.length > 10, u.id);
      assert.match(u.checked, /^\d{4}-\d{2}(-\d{2})?$/, u.id);
    }
  });

  it('keeps the ids the corpus and older exports use resolving', () => {
    for (const id of [
      'claude-instant-v1',
      'claude-v1',
      'gpt-4-turbo',
      'gpt-o3-mini',
      'claude-3.5-sonnet',
      'gemini-pro',
      'llama-3.3-70b-versatile',
      'deepseek-chat',
      'claude-4.1-opus',
    ])
      assert.ok(rates.llm(id)?.priced, id);
    // Embedding models are not LLM calls: not in the card.
    assert.strictEqual(rates.llm('text-embedding-3-large'), null);
  });
});

describe('rate card: priority processing', () => {
  const rates = new Rates();

  it("uses OpenAI's published priority ratio where there is one", () => {
    const p = rates.llm('gpt-4.1-2025-04-14', { priority: true })!;
    assert.ok(p.priced && p.inputPer1K.eq('0.7') && p.outputPer1K.eq('2.8'));
    assert.strictEqual(p.priority?.tier?.basis, 'vendor list price');
    assert.ok(rates.llm('gpt-5.5', { priority: true })!.inputPer1K!.eq('2.5'));
    assert.ok(rates.llm('gpt-4o', { priority: true })!.inputPer1K!.eq('0.85'));
  });

  it('uses 2× (engineering judgement) for other models of a vendor with a priority tier', () => {
    for (const id of ['gpt-4o-mini', 'gemini-2.5-flash']) {
      const std = rates.llm(id)!;
      const p = rates.llm(id, { priority: true })!;
      assert.ok(std.priced && p.priced && p.inputPer1K.eq(std.inputPer1K.mul(2)), id);
      assert.strictEqual(p.priority?.tier?.basis, 'engineering judgement');
    }
  });

  it('keeps the standard rate for a vendor with no priority tier, and says so', () => {
    const p = rates.llm('claude-4.6-sonnet', { priority: true })!;
    assert.ok(p.priced && p.inputPer1K.eq('0.6'));
    assert.deepStrictEqual(p.priority, { tier: null });
    assert.strictEqual(rates.llm('claude-4.6-sonnet')!.priority, undefined);
  });

  it('scales a negotiated rate by the same multiplier', () => {
    const r = new Rates(undefined, { 'gpt-4.1': { inputPer1K: '0.2', outputPer1K: '1' } });
    assert.ok(r.llm('gpt-4.1', { priority: true })!.inputPer1K!.eq('0.35'));
  });
});

describe('rate card: voice vendors', () => {
  const rates = new Rates();

  it('matches the vendor first and never falls to another vendor', () => {
    assert.strictEqual(rates.tts('cartesia', 'sonic-3')?.id, 'cartesia-sonic');
    assert.strictEqual(rates.tts('elevenlabs', 'eleven_turbo_v2_5')?.id, 'elevenlabs-flash');
    assert.strictEqual(rates.tts('elevenlabs', 'eleven_multilingual_v2')?.id, 'elevenlabs-multilingual');
    assert.strictEqual(rates.stt('deepgram', 'flux')?.id, 'deepgram-flux');
    assert.strictEqual(rates.stt('deepgram', 'nova-3')?.id, 'deepgram-nova-3');
    assert.strictEqual(rates.stt('cartesia', 'ink-whisper')?.id, 'cartesia-ink-whisper');
    // A Cartesia model named like an ElevenLabs one is still not priced as ElevenLabs.
    assert.strictEqual(rates.tts('cartesia', 'eleven_flash_v2_5'), undefined);
    assert.strictEqual(rates.tts('acme-voices', 'flash'), undefined);
    assert.strictEqual(rates.stt('acme', 'nova-3'), undefined);
  });

  it('uses the vendor default when no model is named (legacy deepgramASR, vendor-only settings)', () => {
    assert.strictEqual(rates.stt('deepgram')?.id, 'deepgram-nova-3');
    assert.strictEqual(rates.tts('ElevenLabs')?.id, 'elevenlabs-flash');
    assert.strictEqual(rates.tts('rime')?.id, 'rime');
  });

  it('knows the 2026 vendors with no sourced rate as unknown (credits null), never 0', () => {
    for (const [kind, vendor, model] of [
      ['stt', 'assemblyai', 'universal-3-5-pro'],
      ['stt', 'gladia', 'solaria-1'],
      ['stt', 'soniox', 'stt-rt-v5'],
      ['stt', 'google', 'chirp_3'],
      ['stt', 'elevenlabs', 'scribe_v2_realtime'],
      ['stt', 'deepgram', 'nova-2'],
      ['tts', 'google', 'wavenet'],
      ['tts', 'amazon', undefined],
      ['tts', 'microsoft', undefined],
    ] as const) {
      const row = rates.voice(kind, vendor, model);
      assert.ok(row, `${vendor} ${kind}`);
      assert.strictEqual(row.credits, null, `${vendor} ${kind}`);
      assert.strictEqual(isPriced(row), false);
    }
  });

  it('keeps the legacy "vendor:model:voice" look-up working, with the vendor parsed from the prefix', () => {
    assert.strictEqual(
      rates.matchUnit('tts', 'elevenlabs:eleven_turbo_v2_5:FGY2WhTYpPnrIDTdsKH5')?.id,
      'elevenlabs-flash',
    );
    assert.strictEqual(rates.matchUnit('tts', 'cartesia:sonic-3')?.id, 'cartesia-sonic');
    assert.strictEqual(rates.matchUnit('stt', 'deepgram')?.id, 'deepgram-nova-3');
    assert.strictEqual(rates.matchUnit('tts', 'Alexa'), undefined);
    // Rows the legacy caller cannot use as they are (unknown price, per minute of speech) are not returned.
    assert.strictEqual(rates.matchUnit('stt', 'gladia:solaria-1'), undefined);
    assert.strictEqual(rates.matchUnit('tts', 'rimelabs:mist'), undefined);
  });

  it('converts TTS rates to credits per character', () => {
    assert.ok(ttsCreditsPerChar(rates.unit('elevenlabs-flash')!, 700).eq('0.009'));
    assert.ok(ttsCreditsPerChar(rates.unit('rime')!, 600).eq('0.005'));
    assert.throws(() => ttsCreditsPerChar(rates.unit('deepgram-nova-3')!, 700));
  });
});

describe('rate card: a known model with an unknown price', () => {
  it('gives null credits and a "price unknown" diagnostic, not "not in the rate card"', () => {
    const doc = JSON.parse(fixture('branches.vf'));
    doc.diagrams['d-main'].nodes.g1.data.model = 'voiceflow-core-4.1';
    const a = analyzeText(JSON.stringify(doc));
    const g1 = a.steps.find((s) => s.id === 'g1')!;
    assert.strictEqual(g1.credits, null);
    assert.strictEqual(g1.calls[0].rateId, 'voiceflow-core-4.1');
    const d = a.diagnostics.filter((x) => x.rule === 'unknown-model-price' && x.stepId === 'g1');
    assert.strictEqual(d.length, 1);
    assert.match(d[0].message, /in the rate card but its price is unknown/);
    assert.ok(!a.conversation.complete);
  });
});
