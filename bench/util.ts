/** Small helpers shared by the bench's parts: medians, wall and CPU clocks, child processes, the data folder. */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DATA = path.join(ROOT, 'bench', '.data');
/** Where the editor-test tools are cached (code-server, playwright-core, Node 24). */
export const TOOLS = process.env.AGENT_COST_TOOLS || path.join(os.homedir(), '.cache', 'agent-cost-lens', 'tools');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The value below which 95 % of `xs` lie (nearest rank). */
export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

/** Wall-clock milliseconds of `fn`. */
export function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Wall and CPU milliseconds of `fn` (CPU: this process, user + system; steadier on a busy machine). */
export function clock(fn: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const wall = time(fn);
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

export const ms = (x: number, w = 6): string => `${x.toFixed(0).padStart(w)} ms`;
export const ratio = (x: number, w = 6): string => `${x.toFixed(2).padStart(w)}×`;

/** Runs this bench file as a child in `mode` and returns the JSON of its last line. */
export function child<T>(mode: string, args: string[], nodeArgs: string[] = []): T {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', ...nodeArgs, path.join(__dirname, 'bench.js'), mode, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** A generated file under bench/.data, written once. */
export function dataFile(name: string, make: () => string): string {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, name);
  if (!existsSync(file)) writeFileSync(file, make());
  return file;
}

/** The code bases measured: this checkout, and BENCH_BASELINE (another built checkout) when set. */
export function codeBases(): { label: string; root: string }[] {
  const base = process.env.BENCH_BASELINE;
  return base
    ? [
        { label: 'before', root: path.resolve(base) },
        { label: 'after', root: ROOT },
      ]
    : [{ label: '', root: ROOT }];
}
