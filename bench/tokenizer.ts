/**
 * Tokenizer rows of `npm run bench`: load time of each encoding and an exact count of a 1 MB run
 * without spaces (target < 1 s), in a fresh process.
 */
import { countTokens, warmTokenizers, type EncodingName } from '../src/core/tokens';
import type { Tokenizer } from '../src/core/pricing/rateCard';
import { clearEngineCaches } from '../src/core/memo';
import { median, time } from './util';

/** Child mode: tokenizer load times and 1 MB runs without spaces, in a fresh process. */
export function measureTokens(): void {
  const tokenizers: [EncodingName, Tokenizer][] = [
    ['o200k_base', { kind: 'tiktoken', encoding: 'o200k_base' }],
    ['cl100k_base', { kind: 'tiktoken', encoding: 'cl100k_base' }],
    ['claude', { kind: 'ai-tokenizer', encoding: 'claude', model: 'anthropic/claude-sonnet-4.5' }],
  ];
  const runs: Record<string, string> = {
    'letters (abcdefghij…)': 'abcdefghij'.repeat(104_858),
    'base64-like (no spaces)': Buffer.from(Array.from({ length: 786_432 }, (_, i) => (i * 7919 + (i >> 7)) % 256))
      .toString('base64')
      .replace(/[+/=\d]/g, 'q'),
  };
  const cpu = (fn: () => void): number => {
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1000;
  };
  const rows: string[] = [];
  for (const [name, t] of tokenizers) {
    const load = time(() => warmTokenizers([name]));
    for (const [label, text] of Object.entries(runs)) {
      let c = { tokens: 0, exact: false };
      const wall: number[] = [];
      const cpus: number[] = [];
      // Each count from scratch: the engine caches whole-text counts (memo.ts), emptied before each.
      for (let i = 0; i < 3; i++) {
        clearEngineCaches();
        cpus.push(cpu(() => wall.push(time(() => (c = countTokens(text, t))))));
      }
      const ms = (x: number, w: number) => `${x.toFixed(0).padStart(w)} ms`;
      rows.push(
        `${name.padEnd(12)} load ${ms(load, 4)}   1 MB ${label.padEnd(24)} ${ms(median(wall), 5)} ` +
          `(CPU ${ms(median(cpus), 4)}) ${String(c.tokens).padStart(8)} tokens${c.exact ? ' (exact)' : ' (≈)'}`,
      );
    }
  }
  console.log(JSON.stringify({ rows }));
}
