#!/usr/bin/env node
/**
 * Runs every test suite and ends with the plain line CI reads: "N passed, N failed, N skipped".
 * Suites: unit, CLI and server (mocha, in plain Node), then the editor suites (scripts/editor-tests.js).
 *
 * Skipped: a test that needs the shared corpus (test/corpus.ts marks it with `skipReason`) when
 * there is no ../shared beside the repo; the reason is printed, and it never counts as passed.
 * When ../shared is there, such a skip is a failure (the corpus suites must run). Any other pending
 * test (it.skip, a test without a body) counts as failed. Exit code 1 when anything failed.
 */
'use strict';
const path = require('path');
const { Mocha } = require('mocha');
const fs = require('fs');
const { newResult, summary, tallyPending } = require('./tally');

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
  const result = newResult(label);
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(result));
    runner.on('pass', () => result.passed++);
    runner.on('fail', () => result.failed++);
    runner.on('pending', (t) => tallyPending(result, t.fullTitle(), t.skipReason));
  });
}

async function main() {
  const results = [];
  results.push(await runMocha('unit', 'out/test/unit', 20000));
  results.push(await runMocha('cli', 'out/test/cli', 30000));
  results.push(await runMocha('server', 'out/test/server', 30000));
  results.push(...(await require('./editor-tests.js').run()));
  const total = newResult('total');
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    for (const s of r.skipReasons) total.skipReasons.add(s);
    console.log(`${r.label}: ${summary(r)}`);
    for (const f of r.failures) console.log(`  ✖ ${f}`);
  }
  console.log(summary(total));
  process.exitCode = total.failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
