/**
 * Robustness on exports nobody wrote by hand: seeded random corruption of every corpus export
 * (wrong types, dangling or self ports, missing tables, truncation), and in turn one hostile class
 * per round: keys named like Object.prototype members, nesting thousands of levels deep, step ids
 * containing "|", a byte-order mark. The analysis must either finish with finite figures or raise
 * ExportError with a message — never another exception. 30 rounds × 2 variants per export.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyze } from '../../src/core/analyze';
import { ExportError } from '../../src/core/json/document';
import { normaliseSettings } from '../../src/core/settings';
import { CORPUS, corpusFiles } from '../helpers';
import { mutatedVariants, rng } from '../hostileMutations';

describe('mutated corpus exports never crash the engine', function () {
  this.timeout(120_000);
  const settings = normaliseSettings({});
  for (const f of corpusFiles()) {
    it(f, () => {
      const text = readFileSync(path.join(CORPUS, f), 'utf8');
      const rand = rng(f.length * 7919);
      for (let round = 0; round < 30; round++) {
        const { kind, variants } = mutatedVariants(text, round, rand);
        for (const v of variants) {
          try {
            const a = analyze(v, settings);
            assert.ok(Array.isArray(a.steps));
            assert.ok(a.conversation.credits.expected.isFinite(), `round ${round} (${kind}): credits are not a number`);
          } catch (e) {
            if (!(e instanceof ExportError))
              throw new Error(`round ${round} (${kind}): ${(e as Error).stack?.slice(0, 600)}`, { cause: e });
            assert.ok(e.diagnostics[0].message.length > 0);
          }
        }
      }
    });
  }
});
