import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
type JsTiktoken = typeof import('js-tiktoken', { with: { 'resolution-mode': 'import' } });
type TiktokenModel = Parameters<JsTiktoken['getEncodingNameForModel']>[0];

const { getEncoding, getEncodingNameForModel } = require('js-tiktoken') as JsTiktoken;
import { Rates } from '../../src/core/pricing/rates';
import { countEncoding, countTokens } from '../../src/core/tokens';
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
    'a'.repeat(2000),
    'x y '.repeat(1000),
    "I'm you're they'll we've it's",
    'URL https://example.com/a/b?c=d&e=f#g',
  ];
  // Prompt text from our fixtures and example.
  for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith('.vf')))
    s.push(...promptsIn(readFileSync(path.join(FIXTURES, f), 'utf8')));
  s.push(...promptsIn(readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8')));
  return s;
}

/** Up to three prompt/system/instruction strings of an export. */
function promptsIn(text: string): string[] {
  const m = text.match(/"(?:prompt|system|instruction)": "((?:[^"\\]|\\.){20,3000})"/g) ?? [];
  return m.slice(0, 3).map((x) => JSON.parse(`{${x}}`)[x.slice(1, x.indexOf('"', 1))]);
}

/** countEncoding equals js-tiktoken's full encode on every text (past the long-piece guard: stays close). */
function matchesTiktoken(enc: 'o200k_base' | 'cl100k_base', set: string[]): void {
  const ref = getEncoding(enc);
  let exactCount = 0;
  for (const text of set) {
    const expected = ref.encode(text, [], []).length;
    const got = countEncoding(text, enc);
    if (got.exact) {
      exactCount++;
      assert.strictEqual(got.tokens, expected, `mismatch on ${JSON.stringify(text.slice(0, 40))}`);
    } else {
      // Only the long-piece guard makes a count inexact, and it stays close.
      assert.ok(/\S{401,}/.test(text), `inexact on ordinary text ${JSON.stringify(text.slice(0, 40))}`);
      assert.ok(Math.abs(got.tokens - expected) <= Math.ceil(expected * 0.1), `${got.tokens} vs ${expected}`);
    }
  }
  assert.ok(exactCount >= set.length - 1);
}

describe('token counts', () => {
  for (const enc of ['o200k_base', 'cl100k_base'] as const) {
    it(`equal js-tiktoken's full encode for ${enc} on a varied set`, () => {
      const set = samples();
      assert.ok(set.length > 25, String(set.length));
      matchesTiktoken(enc, set);
    });
    itCorpus(`equal js-tiktoken's full encode for ${enc} on real prompts from the corpus`, () => {
      const set = corpusFiles().flatMap((f) => promptsIn(readFileSync(path.join(CORPUS, f), 'utf8')));
      assert.ok(set.length > 20, String(set.length));
      matchesTiktoken(enc, set);
    });
  }

  it('maps OpenAI models to the encoding js-tiktoken uses for them', () => {
    const rates = new Rates();
    for (const [vf, openai] of [
      ['gpt-4o', 'gpt-4o'],
      ['gpt-4o-mini', 'gpt-4o-mini'],
      ['gpt-4', 'gpt-4'],
      ['gpt-3.5-turbo', 'gpt-3.5-turbo'],
      ['gpt-4-turbo', 'gpt-4-turbo'],
      ['gpt-o3-mini', 'o3-mini'],
      ['gpt-4.1', 'gpt-4.1'],
      ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18'],
    ]) {
      const tk = rates.findLlmRow(vf)!.tokenizer;
      assert.strictEqual(tk.kind, 'tiktoken', vf);
      assert.strictEqual(tk.encoding, getEncodingNameForModel(openai as TiktokenModel), vf);
    }
  });

  it('marks non-OpenAI models as approximate (≈) and scales by the documented factor', () => {
    const rates = new Rates();
    const claude = rates.findLlmRow('claude-3-haiku')!.tokenizer;
    const c = countTokens('Hello there, how can I help you today?', claude);
    assert.strictEqual(c.exact, false);
    assert.strictEqual(
      c.tokens,
      Math.ceil(countEncoding('Hello there, how can I help you today?', 'cl100k_base').tokens * 1.1),
    );
  });

  it('counts a 1 MB string without spaces quickly and says it is not exact', () => {
    const huge = 'abcdefghij'.repeat(100_000);
    const t = Date.now();
    const c = countEncoding(huge, 'o200k_base');
    assert.ok(Date.now() - t < 10_000, 'took too long');
    assert.strictEqual(c.exact, false);
    assert.ok(c.tokens > 100_000 / 4 && c.tokens < 1_000_000, String(c.tokens));
  });
});
