#!/usr/bin/env node
/**
 * Runs every test suite and ends with the plain line CI reads: "N passed, N failed".
 * Suites: unit + CLI (mocha, in plain Node). Editor suites are added by scripts/editor-tests.js
 * when present. Exit code 1 when anything failed.
 */
'use strict';
const path = require('path');
const { Mocha } = require('mocha');
const fs = require('fs');

const root = path.join(__dirname, '..');
/** Every *.test.js file below `dir` (relative to the repo). */
function files(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.js')) out.push(p);
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}

async function runMocha(label, dir, timeout) {
  const mocha = new Mocha({ reporter: 'spec', timeout });
  for (const f of files(dir)) mocha.addFile(f);
  return new Promise((resolve) => {
    const runner = mocha.run(() =>
      resolve({ label, passed: runner.stats.passes, failed: runner.stats.failures, pending: runner.stats.pending }),
    );
  });
}

(async () => {
  const results = [];
  results.push(await runMocha('unit', 'out/test/unit', 20000));
  results.push(await runMocha('cli', 'out/test/cli', 30000));
  results.push(await runMocha('server', 'out/test/server', 30000));
  const extra = path.join(__dirname, 'editor-tests.js');
  if (fs.existsSync(extra)) results.push(...(await require(extra).run()));
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    passed += r.passed;
    failed += r.failed + (r.pending || 0); // a skipped test is not a pass
    console.log(
      `${r.label}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending (counted as failed)` : ''}`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
})().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
