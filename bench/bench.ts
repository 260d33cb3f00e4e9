/**
 * `npm run bench`: every speed and memory figure of the project, side by side, in one run.
 *  1. engine: analysis vs JSON.parse on generated 1/10/50 MB exports and a 100,000-step block;
 *     the CLI's time and peak memory on 10 and 50 MB (engine.ts);
 *  2. language server: fresh lenses after one-character edits, warm lens and hover on 10 MB, peak
 *     memory holding a 47 MB export (server.ts);
 *  3. typing in VS Code (code-server) on a 10 MB export, extension off vs on, when the editor-test
 *     tools are installed (typing.ts);
 *  4. tokenizer, project file, cost map (tokenizer.ts, projectFile.ts, map.ts).
 * Ratios are the goal, not absolute times: the machine may be busy (the header says how busy).
 *
 * `npm run bench -- engine server` runs only those parts. BENCH_BASELINE=<another built checkout>
 * measures that checkout too, each figure next to this one's, in the same run ("before"/"after").
 */
import { readFileSync } from 'fs';
import * as os from 'os';
import { engineRows, measureEngine } from './engine';
import { mapBench, measureMap } from './map';
import { projectFileRows } from './projectFile';
import { serverRows } from './server';
import { measureTokens } from './tokenizer';
import { typingRows } from './typing';
import { generateExport } from './generate';
import { child, dataFile, time } from './util';

const PARTS = ['engine', 'server', 'typing', 'tokenizer', 'project', 'map'] as const;

/** How busy the machine is: load averages against the number of cores. */
function machine(): string {
  const [l1, l5] = os.loadavg();
  return `${os.cpus().length} cores, load average ${l1.toFixed(1)} (1 min) / ${l5.toFixed(1)} (5 min)`;
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--engine') return measureEngine(args[0], args[1]);
  if (mode === '--tokens') return measureTokens();
  if (mode === '--map') return measureMap(args[0]);
  const parts = args.length || (mode && !mode.startsWith('--')) ? [mode, ...args] : [...PARTS];
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`unknown part ${p}`);
  console.log(`machine: ${machine()}${process.env.BENCH_BASELINE ? `; before = ${process.env.BENCH_BASELINE}` : ''}\n`);
  const section = (rows: string[]) => console.log(`${rows.join('\n')}\n`);
  if (parts.includes('engine')) section(engineRows());
  if (parts.includes('server')) section(await serverRows());
  if (parts.includes('typing')) section(await typingRows());
  if (parts.includes('tokenizer'))
    section([
      'tokenizer (fresh process; 1 MB = 1,048,576 characters in one piece; median of 3; CPU = process CPU time; ' +
        'target < 1000 ms):',
      child<{ rows: string[] }>('--tokens', []).rows.join('\n'),
    ]);
  if (parts.includes('project'))
    section(
      projectFileRows(
        time,
        readFileSync(
          dataFile('synthetic-1mb.vf', () => generateExport(1048576, 1)),
          'utf8',
        ),
      ),
    );
  if (parts.includes('map')) await mapBench();
  console.log(`machine after the run: ${machine()}`);
}

void main();
