/**
 * Syntax errors with positions, however deep the text is nested: jsonc-parser's recursive parser
 * overflows the stack on thousands of levels, so deep text is checked by a loop instead, which
 * must find the same first error as jsonc-parser wherever both can run.
 */
import * as assert from 'assert';
import { visit } from 'jsonc-parser';
import { firstErrorFlat, jsonSyntaxDiagnostics, maxDepth } from '../../src/core/json/errors';
import { ExportError } from '../../src/core/json/document';
import { LineIndex } from '../../src/core/json/positions';
import { analyzeText, CORPUS, CORPUS_MISSING, corpusFiles, fixture, REPO } from '../helpers';
import { readFileSync } from 'fs';
import * as path from 'path';

const diagnose = (text: string) => jsonSyntaxDiagnostics(text, new LineIndex(text));

function jsoncFirst(text: string) {
  const errors: { error: number; offset: number }[] = [];
  visit(
    text,
    { onError: (error, offset) => void errors.push({ error, offset }) },
    {
      allowTrailingComma: false,
      disallowComments: true,
    },
  );
  return errors[0];
}

describe('JSON syntax errors', function () {
  // The first analysis in a process loads the tokenizers (seconds on a busy machine).
  this.timeout(20_000);
  it('20,000 unclosed brackets: one positioned error, no stack overflow', () => {
    const d = diagnose('['.repeat(20_000));
    assert.deepStrictEqual(
      d.map((x) => x.message),
      ['Invalid JSON at line 1, column 20001: close bracket expected'],
    );
  });

  it('10,000 nested objects with a stray token deep inside point at that token', () => {
    const text = '{"a":'.repeat(10_000) + '\n  1 2' + '}'.repeat(10_000);
    const d = diagnose(text);
    assert.strictEqual(d.length, 1);
    assert.strictEqual(d[0].message, 'Invalid JSON at line 2, column 5: comma expected');
  });

  it('the engine turns deep invalid JSON into an ExportError with a position', () => {
    assert.throws(
      () => analyzeText('{"version": {}, "diagrams": ' + '['.repeat(15_000)),
      (e: unknown) => e instanceof ExportError && /^Invalid JSON at line 1, column \d+: /.test(e.message),
    );
  });

  it('the loop finds the first error jsonc-parser finds, on corrupted exports', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const chars = '{}[],:"x1 \n\\/*-';
    let compared = 0;
    for (const text of [
      // The real exports when ../shared is beside the repo; our own exports always.
      ...(CORPUS_MISSING ? [] : corpusFiles().map((f) => readFileSync(path.join(CORPUS, f), 'utf8'))),
      fixture('branches.vf'),
      fixture('agent.vf'),
      readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8'),
    ]) {
      // Three corruptions per export with the corpus (30 exports); thirty per export without it.
      for (let i = 0; i < (CORPUS_MISSING ? 30 : 3); i++) {
        const k = Math.floor(rand() * text.length);
        const c = chars[Math.floor(rand() * chars.length)];
        for (const bad of [
          text.slice(0, k),
          text.slice(0, k) + c + text.slice(k + 1),
          text.slice(0, k) + c + text.slice(k),
        ]) {
          try {
            JSON.parse(bad);
            continue;
          } catch {
            /* invalid: compare */
          }
          const expected = jsoncFirst(bad);
          const actual = firstErrorFlat(bad)[0];
          assert.deepStrictEqual(
            actual && { error: actual.error, offset: actual.offset },
            expected,
            `at offset ${k}: ${JSON.stringify(bad.slice(Math.max(0, k - 30), k + 10))}`,
          );
          compared++;
        }
      }
    }
    assert.ok(compared > 150, `${compared} comparisons`);
  });

  it('the crafted files: invalid JSON 10,000 deep is rejected with a position; valid deep JSON is analysed', () => {
    assert.throws(
      () => analyzeText(fixture('hostile/deep-invalid.vf')),
      (e: unknown) =>
        e instanceof ExportError && e.message === 'Invalid JSON at line 2, column 1: close bracket expected',
    );
    const a = analyzeText(fixture('hostile/deep-valid.vf'));
    assert.ok(a.steps.some((s) => s.id === 't'));
    assert.ok(a.conversation.credits.expected.isFinite());
  });

  it('measures nesting outside strings only', () => {
    assert.strictEqual(maxDepth('{"a": "[[[[", "b": [[1]]}'), 3);
  });
});
