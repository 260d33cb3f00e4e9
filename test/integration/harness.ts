/**
 * Test-harness extension (never shipped). When AGENT_COST_TEST_RESULTS is set in the environment
 * of the VS Code (code-server) process, it runs the integration suite inside the real extension
 * host and writes the results there as JSON. Started by scripts/editor-tests.js.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';

interface Outcome {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  done: boolean;
}

export async function activate(): Promise<void> {
  const out = process.env.AGENT_COST_TEST_RESULTS;
  if (!out) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Mocha } = require(path.join(process.env.AGENT_COST_REPO!, 'node_modules', 'mocha')) as { Mocha: typeof import('mocha') };
  // allowUncaught: errors thrown by other extensions in this shared host (e.g. telemetry failing to
  // resolve its host offline) must not be blamed on whichever of our tests is running.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'dot', allowUncaught: true });
  mocha.addFile(path.join(__dirname, 'editor.test.js'));
  const result: Outcome = { passed: 0, failed: 0, pending: 0, failures: [], done: false };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => result.passed++);
    runner.on('pending', () => result.pending++);
    runner.on('fail', (t: { fullTitle(): string }, err: Error) => {
      result.failed++;
      result.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err).slice(0, 2000) });
    });
  });
  result.done = true;
  writeFileSync(out, JSON.stringify(result, null, 2));
}
