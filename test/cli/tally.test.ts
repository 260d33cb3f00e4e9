/** How scripts/test.js counts tests that did not run (scripts/tally.js). */
import * as assert from 'assert';
import * as path from 'path';
import { REPO } from '../helpers';

interface Result {
  passed: number;
  failed: number;
  skipped: number;
  skipReasons: Set<string>;
  failures: string[];
}
const { newResult, summary, tallyPending } = require(path.join(REPO, 'scripts', 'tally.js')) as {
  newResult(label: string): Result;
  summary(r: Result): string;
  tallyPending(r: Result, title: string, skipReason: string | undefined, sharedPresent: boolean): void;
};

describe('test tally', () => {
  it('counts a corpus test as skipped, with its reason, only when ../shared is missing', () => {
    const r = newResult('x');
    r.passed = 3;
    tallyPending(r, 'a', 'no ../shared', false);
    tallyPending(r, 'b', 'no ../shared', false);
    assert.deepStrictEqual([r.passed, r.failed, r.skipped], [3, 0, 2]);
    assert.strictEqual(summary(r), '3 passed, 0 failed, 2 skipped (no ../shared)');
  });

  it('fails a skipped corpus test when ../shared is present', () => {
    const r = newResult('x');
    tallyPending(r, 'corpus suite', 'no ../shared', true);
    assert.deepStrictEqual([r.failed, r.skipped], [1, 0]);
    assert.match(r.failures[0], /corpus suite: skipped although \.\.\/shared is present/);
  });

  it('fails any other pending test, with or without ../shared', () => {
    const r = newResult('x');
    tallyPending(r, 'it.skip', undefined, false);
    tallyPending(r, 'no body', undefined, true);
    assert.deepStrictEqual([r.failed, r.skipped], [2, 0]);
    assert.strictEqual(summary(r), '0 passed, 2 failed, 0 skipped');
  });
});
