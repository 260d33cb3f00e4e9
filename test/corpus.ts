/**
 * The shared corpus (`../shared` beside the repo): where it is, which files its README lists, and
 * suites that need it. A fresh clone has no `../shared`: such suites then define one test that is
 * skipped with the reason (marked `skipReason`), which scripts/test.js reports as skipped, never as
 * passed. With `../shared` present they run, and a skipped corpus test fails the run.
 * No engine imports here: the editor suite loads this inside the VS Code extension host.
 */
import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus', 'real');
/** Why corpus suites do not run here, or null when `../shared` is beside the repo (then they must run). */
export const CORPUS_MISSING: string | null = existsSync(SHARED)
  ? null
  : `needs the shared corpus: no ../shared beside the repo (${SHARED})`;

/** A mocha test skipped for a stated reason (scripts/test.js counts these as skipped). */
export interface SkippedTest extends Mocha.Test {
  skipReason?: string;
}

/** The real exports the corpus README lists (its first table), in README order. */
export function corpusFiles(): string[] {
  const readme = readFileSync(path.join(SHARED, 'corpus', 'README.md'), 'utf8');
  const table = readme.slice(0, readme.indexOf('\n## ', readme.indexOf('| Corpus file |')));
  const files = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  assert.ok(files.length > 0, 'no files listed in shared/corpus/README.md');
  return files;
}

function skipped(title: string): void {
  const t = it(`${title} [skipped: ${CORPUS_MISSING}]`) as SkippedTest;
  t.skipReason = CORPUS_MISSING!;
}

/** A suite that reads `../shared`: runs when it is there, else reports one skipped test with the reason. */
export function describeCorpus(title: string, body: (this: Mocha.Suite) => void): void {
  describe(title, function () {
    if (CORPUS_MISSING) return skipped(title);
    try {
      body.call(this);
    } catch (e) {
      // ../shared is there but unreadable as a corpus: a failure, never a crash or a skip.
      it('reads the shared corpus', () => assert.fail(`${title}: ${(e as Error).message}`));
    }
    if (this.tests.length + this.suites.length === 0)
      it('has corpus tests', () => assert.fail(`${title} defined no test although ../shared is present`));
  });
}

/** One test that reads `../shared`, inside an ordinary suite. */
export function itCorpus(title: string, fn: Mocha.AsyncFunc | Mocha.Func): void {
  if (CORPUS_MISSING) skipped(title);
  else it(title, fn);
}
