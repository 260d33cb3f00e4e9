import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
type JsTiktoken = typeof import('js-tiktoken', { with: { 'resolution-mode': 'import' } });
type TiktokenModel = Parameters<JsTiktoken['getEncodingNameForModel']>[0];

const { getEncoding, getEncodingNameForModel } = require('js-tiktoken') as JsTiktoken;
// ai-tokenizer itself, as the reference for the non-OpenAI estimates.
const aiTokenizer = require('ai-tokenizer') as {
  Tokenizer: new (enc: unknown) => { encode(text: string, allowedSpecial: 'all'): number[] };
  models: Record<string, { encoding: string; tokens: { contentMultiplier: number } }>;
};
import { RATE_CARD, type Tokenizer } from '../../src/core/pricing/rateCard';
import { Rates } from '../../src/core/pricing/rates';
import { countEncoding, countTokens, ENCODING_MODULES, TOKENIZER_MODULES } from '../../src/core/tokens';
import { CORPUS, corpusFiles, FIXTURES, itCorpus, REPO } from '../helpers';

/** A varied set: prose, code, JSON, numbers, emoji, CJK, RTL, whitespace runs, special-token text. */
function samples(): string[] {
  const s = [
    '',
    ' ',
    'Hello, world!',
    'The quick brown fox jumps over the lazy dog. '.repeat(20),
    'function add(a, b) {\n  return a + b; // sum\n}\n',
    '{"name": "pizza", "size": 12, "toppings": ["ham", "olive"]}',
    '3.14159265358979 1234567890 0.000001 1e-9 -42',
    'emoji 🍕🍕🎉 👩‍👩‍👧‍👦 mixed',
    '日本語のテキストと中文字符',
    'مرحبا بالعالم',
    'Ünïcödé façade naïve café',
    'tabs\tand\n\n\nnewlines   and    spaces',
    '<|endoftext|> <|fim_prefix|> special tokens as text',
    '{{[last_utterance].last_utterance}} {vf_memory}',
    'x y '.repeat(1000),
    "I'm you're they'll we've it's",
    'URL https://example.com/a/b?c=d&e=f#g',
    'lone surrogate \ud800 here',
  ];
  // Prompt text from our fixtures and example.
  for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith('.vf')))
    s.push(...promptsIn(readFileSync(path.join(FIXTURES, f), 'utf8')));
  s.push(...promptsIn(readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8')));
  return s;
}

/** Prompt-like prose, for the vendors' estimates. */
const PROSE = [
  'You are the booking assistant of a hair salon. Greet the customer, ask which service they want, ' +
    'offer the two nearest free slots, and confirm the booking with the date, the time and the stylist.',
  'Summarise the conversation so far in two sentences. Mention the order number if the customer gave ' +
    'one, and say whether the issue was resolved. Do not invent details that are not in the transcript.',
  'Given the article below and the question of the user, answer in plain language. If the article ' +
    'does not contain the answer, say that you do not know and suggest where the user could look instead.',
];

/** Up to three prompt/system/instruction strings of an export. */
function promptsIn(text: string): string[] {
  const m = text.match(/"(?:prompt|system|instruction)": "((?:[^"\\]|\\.){20,3000})"/g) ?? [];
  return m.slice(0, 3).map((x) => JSON.parse(`{${x}}`)[x.slice(1, x.indexOf('"', 1))]);
}

/** Deterministic pseudo-random text over an alphabet (a long run with no spaces). */
function run(length: number, alphabet: string, seed = 7): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += alphabet[x % alphabet.length];
  }
  return s;
}

/** 2,500 letters with no space: one piece (the reference is quadratic: ~1 s on it on a busy machine). */
const LONG_RUN = run(2500, 'abcdefghijklmnopqrstuvwxyz');

/** Long pieces: the case the old 400-character guard approximated. Moderate lengths keep the reference fast. */
function longPieces(): string[] {
  const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256);
  return [
    LONG_RUN,
    'a'.repeat(1000),
    'ab'.repeat(500),
    'https://example.com/' + run(2000, 'abcdefghijklmnopqrstuvwxyz0123456789-_/?=&%.'),
    Buffer.from(bytes).toString('base64'),
    run(1000, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    run(300, '日本語のテキスト中文字符한국어'),
    run(500, 'éüñçøåßœ'),
    '🍕'.repeat(150),
    run(800, '!@#$%^&*()[]{};:,.<>?/|~`'),
  ];
}

describe('token counts', function () {
  // Hang guard only: the reference (js-tiktoken's BPE) is quadratic in a piece's length.
  this.timeout(60_000);

  for (const enc of ['o200k_base', 'cl100k_base', 'p50k_base'] as const) {
    it(`equal js-tiktoken's full encode for ${enc} on a varied set`, () => {
      const ref = getEncoding(enc);
      const set = samples();
      assert.ok(set.length > 25);
      for (const text of set)
        assert.strictEqual(
          countEncoding(text, enc),
          ref.encode(text, [], []).length,
          JSON.stringify(text.slice(0, 40)),
        );
    });

    itCorpus(`equal js-tiktoken's full encode for ${enc} on real prompts from the corpus`, () => {
      const ref = getEncoding(enc);
      const set = corpusFiles().flatMap((f) => promptsIn(readFileSync(path.join(CORPUS, f), 'utf8')));
      assert.ok(set.length > 20, String(set.length));
      for (const text of set) assert.strictEqual(countEncoding(text, enc), ref.encode(text, [], []).length);
    });

    it(`equal js-tiktoken's full encode for ${enc} on long pieces (runs without spaces, URL, base64)`, () => {
      const ref = getEncoding(enc);
      for (const text of longPieces()) {
        const expected = ref.encode(text, [], []).length;
        assert.strictEqual(countEncoding(text, enc), expected, `${text.length} chars: ${text.slice(0, 30)}…`);
      }
    });
  }

  it('counts a long piece for an OpenAI model as exact (no ≈)', () => {
    const c = countTokens(LONG_RUN, new Rates().findLlmRow('gpt-4o-mini')!.tokenizer);
    assert.strictEqual(c.exact, true);
    assert.strictEqual(c.tokens, countEncoding(LONG_RUN, 'o200k_base'));
  });

  it("counts ai-tokenizer's Claude encoding exactly as ai-tokenizer does, long pieces included", () => {
    const ref = new aiTokenizer.Tokenizer(require('ai-tokenizer/encoding/claude'));
    for (const text of [...samples(), ...longPieces()].filter((t) => !t.includes('\ud800')))
      assert.strictEqual(countEncoding(text, 'claude'), ref.encode(text, 'all').length, text.slice(0, 40));
  });

  it("puts Claude counts within 3 % of ai-tokenizer's estimate (encoding × content multiplier)", () => {
    const rates = new Rates();
    const ref = new aiTokenizer.Tokenizer(require('ai-tokenizer/encoding/claude'));
    const texts = [...samples().filter((t) => t.length > 200), ...PROSE];
    assert.ok(texts.length >= 5);
    for (const model of ['claude-4.5-sonnet', 'claude-3-haiku', 'claude-4.5-haiku', 'bedrock-claude-4.5-haiku']) {
      const row = rates.findLlmRow(model)!;
      assert.strictEqual(row.tokenizer.kind, 'ai-tokenizer', model);
      const t = row.tokenizer as Extract<Tokenizer, { kind: 'ai-tokenizer' }>;
      const multiplier = aiTokenizer.models[t.model].tokens.contentMultiplier;
      for (const text of texts) {
        const expected = Math.round(ref.encode(text, 'all').length * multiplier);
        const got = countTokens(text, row.tokenizer);
        assert.strictEqual(got.exact, false, 'Claude counts are ≈');
        assert.ok(Math.abs(got.tokens - expected) <= expected * 0.03, `${model}: ${got.tokens} vs ${expected}`);
      }
    }
  });

  it('reads more tokens on Claude than the old cl100k × 1.1 on prose (the old count read low)', () => {
    const prose = [...samples().filter((t) => t.length > 500 && /^[\x20-\x7e\s]+$/.test(t)), ...PROSE];
    const text = prose.join('\n');
    const claude = countTokens(text, new Rates().findLlmRow('claude-4.5-sonnet')!.tokenizer).tokens;
    assert.ok(claude > Math.ceil(countEncoding(text, 'cl100k_base') * 1.1), `${claude}`);
  });

  it('names, for every ai-tokenizer row, a model ai-tokenizer knows and that model’s own encoding', () => {
    const seen = new Set<string>();
    for (const row of RATE_CARD.llm) {
      const t = row.tokenizer;
      if (t.kind !== 'ai-tokenizer') continue;
      const m = aiTokenizer.models[t.model];
      assert.ok(m, `${row.id}: ai-tokenizer has no model ${t.model}`);
      assert.strictEqual(t.encoding, m.encoding, row.id);
      seen.add(row.vendor);
    }
    // Claude, Gemini, Llama/Qwen (Groq) and DeepSeek all use it.
    for (const v of ['anthropic', 'bedrock', 'google', 'groq', 'deepseek']) assert.ok(seen.has(v), v);
  });

  it('maps OpenAI models to the encoding js-tiktoken uses for them', () => {
    const rates = new Rates();
    for (const [vf, openai] of [
      ['gpt-4o', 'gpt-4o'],
      ['gpt-4o-mini', 'gpt-4o-mini'],
      ['gpt-4', 'gpt-4'],
      ['gpt-3.5-turbo', 'gpt-3.5-turbo'],
      ['gpt-3.5-turbo-1106', 'gpt-3.5-turbo-1106'],
      ['gpt-4-turbo', 'gpt-4-turbo'],
      ['gpt-o3-mini', 'o3-mini'],
      ['o3-2025-04-16', 'o3'],
      ['o4-mini-2025-04-16', 'o4-mini'],
      ['gpt-4.1-2025-04-14', 'gpt-4.1'],
      ['gpt-4.1-nano-2025-04-14', 'gpt-4.1-nano'],
      ['gpt-5-mini', 'gpt-5-mini'],
      ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18'],
      ['text-davinci-003', 'text-davinci-003'],
    ]) {
      const tk = rates.findLlmRow(vf)!.tokenizer;
      assert.strictEqual(tk.kind, 'tiktoken', vf);
      assert.strictEqual(tk.encoding, getEncodingNameForModel(openai as TiktokenModel), vf);
    }
  });

  it('marks non-OpenAI and unknown-tokenizer models as approximate (≈)', () => {
    const rates = new Rates();
    for (const m of [
      'claude-3-haiku',
      'gemini-2.5-flash',
      'llama-3.3-versatile',
      'qwen3.6-27b',
      'voiceflow-core-4.1',
    ]) {
      const c = countTokens('Hello there, how can I help you today?', rates.findLlmRow(m)!.tokenizer);
      assert.strictEqual(c.exact, false, m);
      assert.ok(c.tokens >= 8 && c.tokens <= 14, `${m}: ${c.tokens}`);
    }
  });

  it('counts a 1 MB string without spaces exactly (time: see npm run bench)', () => {
    const huge = 'abcdefghij'.repeat(100_000);
    const c = countTokens(huge, { kind: 'tiktoken', encoding: 'o200k_base' });
    assert.strictEqual(c.exact, true);
    // The run encodes as a repeat of its 10-letter unit: checked against the reference on 1,000 letters.
    const unit = getEncoding('o200k_base').encode('abcdefghij'.repeat(100)).length / 100;
    assert.strictEqual(c.tokens, 100_000 * unit);
  });

  it('lists every module it loads, each one a literal require in tokens.ts, and each one resolvable', () => {
    const src = readFileSync(path.join(REPO, 'src', 'core', 'tokens.ts'), 'utf8');
    const required = [...src.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]).sort();
    assert.deepStrictEqual([...TOKENIZER_MODULES].sort(), [...new Set(required)].sort());
    for (const m of TOKENIZER_MODULES) assert.ok(require.resolve(m));
    // Every encoding the rate card uses is loadable, and no module is listed that the card never needs.
    const used = new Set<string>(RATE_CARD.llm.map((r) => r.tokenizer.encoding));
    assert.deepStrictEqual([...used].sort(), Object.keys(ENCODING_MODULES).sort());
  });

  it('loads encodings lazily: only the ones the counted text needs', () => {
    const tokens = path.join(REPO, 'out', 'src', 'core', 'tokens.js');
    const script = `
      const t = require(${JSON.stringify(tokens)});
      const loaded = () => Object.keys(require.cache)
        .filter((k) => /ranks|encoding/.test(k))
        .map((k) => k.split('node_modules/')[1]);
      const before = loaded();
      t.countTokens('hello world', { kind: 'tiktoken', encoding: 'o200k_base' });
      const afterOpenAi = loaded();
      t.countTokens('hello world', { kind: 'ai-tokenizer', encoding: 'claude', model: 'anthropic/claude-sonnet-4.5' });
      console.log(JSON.stringify({ before, afterOpenAi, afterClaude: loaded() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.deepStrictEqual(out.before, []);
    assert.deepStrictEqual(
      out.afterOpenAi.map((p: string) => p.replace(/\.c?js$/, '')),
      ['js-tiktoken/dist/ranks/o200k_base'],
    );
    assert.ok(out.afterClaude.some((p: string) => p.startsWith('ai-tokenizer/dist/encoding/claude')));
    assert.ok(!out.afterClaude.some((p: string) => /cl100k|p50k|o200k_base-/.test(p)), out.afterClaude.join());
  });
});
