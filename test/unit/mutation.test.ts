/**
 * Robustness on exports nobody wrote by hand: seeded random corruption of our fixtures, our
 * example and every corpus export (wrong types, dangling or self ports, missing tables,
 * truncation), and in turn one hostile class per round: keys named like Object.prototype
 * members, nesting thousands of levels deep, step ids containing "|", a byte-order mark. The
 * analysis must either finish with finite figures or raise ExportError with a message — never
 * another exception. 30 rounds × 2 variants per export.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { analyze } from '../../src/core/analyze';
import { ExportError } from '../../src/core/json/document';
import { normaliseSettings } from '../../src/core/settings';
import { CORPUS, corpusFiles, describeCorpus, FIXTURES, REPO } from '../helpers';
import { mutatedVariants, rng } from '../hostileMutations';

function survivesMutations(name: string, text: string): void {
  const settings = normaliseSettings({});
  const rand = rng(name.length * 7919);
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
}

describe('mutated exports of our fixtures and example never crash the engine', function () {
  this.timeout(120_000);
  const ours = [
    ...readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.vf'))
      .map((f) => path.join(FIXTURES, f)),
    path.join(REPO, 'examples', 'pizza-order.vf'),
  ];
  for (const f of ours) it(path.basename(f), () => survivesMutations(path.basename(f), readFileSync(f, 'utf8')));
});

describeCorpus('mutated corpus exports never crash the engine', function () {
  this.timeout(120_000);
  for (const f of corpusFiles()) it(f, () => survivesMutations(f, readFileSync(path.join(CORPUS, f), 'utf8')));
});
