/**
 * How every suite counts its tests (scripts/test.js and scripts/editor-tests.js): passed, failed,
 * skipped. Skipped is only a test that needs the shared corpus (test/corpus.ts gives it a
 * `skipReason`) while no ../shared is beside the repo; with ../shared there, such a skip fails the run.
 * Any other pending test counts as failed.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const SHARED = path.resolve(__dirname, '..', '..', 'shared');

function newResult(label) {
  return { label, passed: 0, failed: 0, skipped: 0, skipReasons: new Set(), failures: [] };
}

/** Counts a pending test: skipped with its reason when it needs a missing corpus, else failed. */
function tallyPending(result, title, skipReason, sharedPresent = fs.existsSync(SHARED)) {
  if (skipReason && !sharedPresent) {
    result.skipped++;
    result.skipReasons.add(skipReason);
    return;
  }
  result.failed++;
  result.failures.push(
    skipReason
      ? `${title}: skipped although ../shared is present (${SHARED})`
      : `${title}: pending (it.skip or a test without a body)`,
  );
}

/** "N passed, N failed, N skipped", with the reasons for the skips. */
function summary(r) {
  const reasons = r.skipReasons.size ? ` (${[...r.skipReasons].join('; ')})` : '';
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${reasons}`;
}

module.exports = { SHARED, newResult, summary, tallyPending };
