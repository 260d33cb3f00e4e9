/**
 * The standard VS Code test entry: `run()` runs the integration suite with mocha inside the
 * extension host. @vscode/test-electron calls it where VS Code can be downloaded; here the
 * test-harness extension (harness.ts) calls it inside code-server.
 */
import * as path from 'path';
import type { SkippedTest } from '../corpus';

export interface Outcome {
  passed: number;
  failed: number;
  /** Tests that did not run, with the reason a corpus test gave (scripts/tally.js decides how they count). */
  pending: { title: string; skipReason?: string }[];
  failures: { title: string; error: string }[];
}

export function run(): Promise<Outcome> {
  const { Mocha } = require(
    path.join(process.env.AGENT_COST_REPO ?? path.resolve(__dirname, '..', '..', '..'), 'node_modules', 'mocha'),
  ) as { Mocha: typeof import('mocha') };
  // allowUncaught: errors thrown by other extensions in this shared host (e.g. telemetry failing to
  // resolve its host offline) must not be blamed on whichever of our tests is running.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'dot', allowUncaught: true });
  mocha.addFile(path.join(__dirname, 'editor.test.js'));
  const result: Outcome = { passed: 0, failed: 0, pending: [], failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() =>
      process.env.AGENT_COST_TEST_RESULTS || result.failed === 0
        ? resolve(result)
        : reject(new Error(`${result.failed} test(s) failed`)),
    );
    runner.on('pass', () => result.passed++);
    runner.on('pending', (t: SkippedTest) => result.pending.push({ title: t.fullTitle(), skipReason: t.skipReason }));
    runner.on('fail', (t: { fullTitle(): string }, err: Error) => {
      result.failed++;
      result.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err).slice(0, 2000) });
    });
  });
}
