/**
 * Test-harness extension (never shipped). When AGENT_COST_TEST_RESULTS is set in the environment
 * of the VS Code (code-server) process, it runs the integration suite (index.ts) inside the real
 * extension host and writes the results there as JSON. Started by scripts/editor-tests.js.
 */
import { writeFileSync } from 'fs';
import { run } from './index';

export async function activate(): Promise<void> {
  const out = process.env.AGENT_COST_TEST_RESULTS;
  if (!out) return;
  const result = await run();
  writeFileSync(out, JSON.stringify({ ...result, done: true }, null, 2));
}
