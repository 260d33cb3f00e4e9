/**
 * `npm run bench`: for generated 1, 10 and 50 MB exports, the analysis time next to JSON.parse of
 * the same bytes, and the peak memory; plus a cold CLI run on 10 MB. Each size runs in its own
 * process so peak RSS is its own. Targets: warm analysis ≤ 3× JSON.parse; cold CLI on 10 MB < 3 s.
 * Tokenizer: load time of each encoding and an exact count of a 1 MB run without spaces (< 1 s).
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { analyze } from '../src/core/analyze';
import { normaliseSettings } from '../src/core/settings';
import { countTokens, warmTokenizers, type EncodingName } from '../src/core/tokens';
import type { Tokenizer } from '../src/core/pricing/rateCard';
import { generateExport } from './generate';
import { projectFileRows } from './projectFile';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = path.join(ROOT, 'bench', '.data');
const SIZES = [1, 10, 50];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Child mode: measure one file, print one JSON line. */
function measure(file: string): void {
  const text = require('fs').readFileSync(file, 'utf8') as string;
  const settings = normaliseSettings({});
  const parse = median([0, 1, 2].map(() => time(() => JSON.parse(text))));
  let steps = 0;
  const first = time(() => (steps = analyze(text, settings).steps.length));
  const warm = median([0, 1, 2].map(() => time(() => analyze(text, settings))));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ parse, first, warm, peakRssMb, steps }));
}

/** Child mode: tokenizer load times and 1 MB runs without spaces, in a fresh process. */
function measureTokens(): void {
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
      for (let i = 0; i < 3; i++) cpus.push(cpu(() => wall.push(time(() => (c = countTokens(text, t))))));
      const ms = (x: number, w: number) => `${x.toFixed(0).padStart(w)} ms`;
      rows.push(
        `${name.padEnd(12)} load ${ms(load, 4)}   1 MB ${label.padEnd(24)} ${ms(median(wall), 5)} ` +
          `(CPU ${ms(median(cpus), 4)}) ${String(c.tokens).padStart(8)} tokens${c.exact ? ' (exact)' : ' (≈)'}`,
      );
    }
  }
  console.log(rows.join('\n'));
}

function main(): void {
  if (process.argv[2] === '--measure') return measure(process.argv[3]);
  if (process.argv[2] === '--tokens') return measureTokens();
  mkdirSync(DATA, { recursive: true });
  const rows: string[] = [];
  rows.push('size     steps   JSON.parse   first analysis   warm analysis   warm/parse   peak RSS');
  for (const mb of SIZES) {
    const file = path.join(DATA, `synthetic-${mb}mb.vf`);
    if (!existsSync(file)) writeFileSync(file, generateExport(mb * 1024 * 1024, mb));
    const bytes = statSync(file).size;
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, '--measure', file], {
      encoding: 'utf8',
    });
    const m = JSON.parse(out.trim().split('\n').pop()!);
    rows.push(
      `${(bytes / 1048576).toFixed(1).padStart(5)} MB ${String(m.steps).padStart(7)} ${m.parse.toFixed(0).padStart(9)} ms ${m.first.toFixed(0).padStart(13)} ms ${m.warm.toFixed(0).padStart(12)} ms ${(m.warm / m.parse).toFixed(2).padStart(10)}× ${m.peakRssMb.toFixed(0).padStart(7)} MB`,
    );
  }
  const file10 = path.join(DATA, 'synthetic-10mb.vf');
  const cli = path.join(ROOT, 'bin', 'agent-cost.js');
  const cold = [0, 1, 2].map(() =>
    time(() => {
      const r = spawnSync(process.execPath, [cli, 'report', file10, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      if (r.status !== 0) throw new Error(r.stderr);
    }),
  );
  console.log(rows.join('\n'));
  console.log(
    `\ncold CLI run (report --format json) on 10 MB: median ${median(cold).toFixed(0)} ms of ${cold.map((c) => c.toFixed(0)).join(', ')} (target < 3000 ms)`,
  );
  console.log(
    'warm = same process, tokenizer loaded, second and later runs (median of 3); first = first run in a fresh process, tokenizer load included.',
  );
  console.log(
    '\ntokenizer (fresh process; 1 MB = 1,048,576 characters in one piece; median of 3; CPU = process CPU time, ' +
      'steadier than wall time on a busy machine; target < 1000 ms):',
  );
  console.log(execFileSync(process.execPath, [__filename, '--tokens'], { encoding: 'utf8' }).trimEnd());
  console.log(
    `\n${projectFileRows(time, require('fs').readFileSync(path.join(DATA, 'synthetic-1mb.vf'), 'utf8')).join('\n')}`,
  );
}

main();
