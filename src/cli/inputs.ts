/** `check` inputs: files, folders (every .vf below) and globs (quoted, expanded here with minimatch). */
import { readdirSync, statSync } from 'fs';
import * as path from 'path';
import { minimatch } from 'minimatch';

const SKIP = new Set(['node_modules', '.git']);

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Files for the arguments, in order, without duplicates. Unmatched globs and missing files throw. */
export function expandInputs(args: string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (/[*?[\]{}]/.test(arg)) {
      const all: string[] = [];
      walk(cwd, all);
      const hits = all.map((f) => path.relative(cwd, f)).filter((f) => minimatch(f, arg, { dot: false }));
      if (hits.length === 0) throw new Error(`no file matches ${arg}`);
      out.push(...hits.sort());
    } else {
      let st;
      try {
        st = statSync(arg);
      } catch {
        throw new Error(`cannot read ${arg}: ENOENT`);
      }
      if (st.isDirectory()) {
        const all: string[] = [];
        walk(arg, all);
        out.push(...all.filter((f) => f.endsWith('.vf')).sort());
      } else out.push(arg);
    }
  }
  return [...new Set(out)];
}
