/**
 * Engine rows of `npm run bench`: for generated 1, 10 and 50 MB exports and one block of 100,000
 * steps, the analysis time next to JSON.parse of the same bytes, in a fresh process per file (so
 * its peak memory is its own); and the CLI (`report --format json`) on 10 and 50 MB (wall time, peak memory).
 *
 * warm = same process, tokenizer loaded, second and later runs with the engine's own caches of
 * earlier runs emptied first (the analysis does all its work again); again = the same text once
 * more with those caches kept (what the language server gets). Goal: warm ≤ 3× JSON.parse.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateExport, generateLongBlock } from './generate';
import { child, clock, codeBases, dataFile, median, ms, ratio, time } from './util';

interface EngineRun {
  parse: number;
  parseCpu: number;
  first: number;
  warm: number;
  warmCpu: number;
  again: number;
  peakRssMb: number;
  steps: number;
}

/** An export of the engine at `root` (out/src, as built by tsc), looked up at run time. */
function engineAt(root: string) {
  const core = path.join(root, 'out', 'src', 'core');
  const { analyze } = require(path.join(core, 'analyze'));
  const { normaliseSettings } = require(path.join(core, 'settings'));
  const memo = existsSync(path.join(core, 'memo.js')) ? require(path.join(core, 'memo')) : {};
  return {
    analyze: analyze as (text: string, settings: unknown) => { steps: unknown[] },
    settings: normaliseSettings({}),
    clearCaches: (memo.clearEngineCaches ?? (() => undefined)) as () => void,
    keepCaches: (memo.keepEngineCaches ?? (() => undefined)) as (on: boolean) => void,
  };
}

/** Child mode: one file with the engine at `root`; prints one JSON line. */
export function measureEngine(root: string, file: string): void {
  const text = readFileSync(file, 'utf8');
  const e = engineAt(root);
  // As the language server runs the engine (the CLI keeps nothing between analyses).
  e.keepCaches(true);
  const parses = [0, 1, 2].map(() => clock(() => JSON.parse(text)));
  let steps = 0;
  const first = clock(() => (steps = e.analyze(text, e.settings).steps.length)).wall;
  // A slow analysis (the quadratic 100k-step block of older checkouts) is repeated once, not three times.
  const repeat = first > 5000 ? [0] : [0, 1, 2];
  const warms = repeat.map(() => {
    e.clearCaches();
    (global as { gc?: () => void }).gc?.();
    return clock(() => e.analyze(text, e.settings));
  });
  const again = median(repeat.map(() => time(() => e.analyze(text, e.settings))));
  const run: EngineRun = {
    parse: median(parses.map((p) => p.wall)),
    parseCpu: median(parses.map((p) => p.cpu)),
    first,
    warm: median(warms.map((w) => w.wall)),
    warmCpu: median(warms.map((w) => w.cpu)),
    again,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    steps,
  };
  console.log(JSON.stringify(run));
}

/** The generated inputs: name → file. */
export function engineFiles(): [string, string][] {
  return [
    ...[1, 10, 50].map((mb): [string, string] => [
      `${mb} MB`,
      dataFile(`synthetic-${mb}mb.vf`, () => generateExport(mb * 1024 * 1024, mb)),
    ]),
    ['100k steps in one block', dataFile('long-block-100k.vf', () => generateLongBlock(100_000))],
  ];
}

/** Peak RSS (MB) and wall time of one CLI run (`report --format json`, output discarded). */
function cliRun(root: string, file: string): { wall: number; rssMb: number } {
  const rssFile = path.join(os.tmpdir(), `agent-cost-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  let r: ReturnType<typeof spawnSync> | undefined;
  const wall = time(() => {
    r = spawnSync(
      process.execPath,
      [
        '-r',
        path.join(__dirname, 'rssPreload.js'),
        path.join(root, 'bin', 'agent-cost.js'),
        'report',
        file,
        '--format',
        'json',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' },
    );
  });
  if (r?.status !== 0 && r?.status !== 1) throw new Error(`CLI failed on ${file}: ${r?.stderr}`);
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  return { wall, rssMb };
}

/** The engine table and the CLI lines. */
export function engineRows(): string[] {
  const bases = codeBases();
  const rows = ['engine          code    steps  JSON.parse   first   warm  again  warm/parse (CPU)   peak RSS'];
  const files = engineFiles();
  for (const [name, file] of files) {
    const size = `${(readFileSync(file).length / 1048576).toFixed(1)} MB`;
    for (const b of bases) {
      const m = child<EngineRun>('--engine', [b.root, file]);
      rows.push(
        `${(name.startsWith('100k') ? `100k-step block ${size}` : size).padEnd(15)} ${b.label.padEnd(6)} ` +
          `${String(m.steps).padStart(7)} ${ms(m.parse, 7)} ${ms(m.first, 5)} ${ms(m.warm, 4)} ${ms(m.again, 4)} ` +
          `${ratio(m.warm / m.parse, 7)} (${ratio(m.warmCpu / m.parseCpu, 5)}) ` +
          `${m.peakRssMb.toFixed(0).padStart(6)} MB`,
      );
    }
  }
  rows.push(
    'warm = same process, tokenizer loaded, engine caches emptied first (median of 3); first = fresh process,',
    'tokenizer load included; again = the same text again with the caches kept (as the language server has them).',
    'Goal: warm ≤ 3× JSON.parse on 10 and 50 MB. CPU = process CPU time (steadier than wall on a busy machine).',
  );
  for (const [name, runs] of [
    ['10 MB', 3],
    ['50 MB', 1],
  ] as const) {
    const file = files.find(([n]) => n === name)![1];
    for (const b of bases) {
      const r = [...Array(runs)].map(() => cliRun(b.root, file));
      rows.push(
        `CLI report on ${name}${b.label ? ` (${b.label})` : ''}: ${median(r.map((x) => x.wall)).toFixed(0)} ms ` +
          `(median of ${runs}), peak RSS ${Math.max(...r.map((x) => x.rssMb)).toFixed(0)} MB` +
          (name === '50 MB' ? ' (goal ≤ 600 MB)' : ' (goal < 3000 ms)'),
      );
    }
  }
  return rows;
}
