/**
 * The CLI against hostile input and arguments: never a stack trace, exit 2 with a clear message,
 * no control sequences on stderr, no git option smuggled in a ref, no silently missing --config.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { committedRepo, FIXTURES, REPO } from '../helpers';

const BIN = path.join(REPO, 'bin', 'agent-cost.js');
const HOSTILE = path.join(FIXTURES, 'hostile');
const run = (args: string[], cwd = REPO, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-hard-'));
/** A line of a JavaScript stack trace ("    at fn (file.js:1:2)", "    at Array.join (<anonymous>)"). */
const STACK_LINE = /^\s+at \S/m;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Runs `main` in this process with `out`, capturing stderr. */
function inProcess(args: string[], out: (s: string) => void, env: Record<string, string> = {}) {
  const saved = { write: process.stderr.write, env: { ...process.env } };
  let err = '';
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    return { code: main(args, out), err };
  } finally {
    process.stderr.write = saved.write;
    for (const k of Object.keys(env)) if (saved.env[k] === undefined) delete process.env[k];
  }
}

describe('agent-cost on hostile input', function () {
  this.timeout(60_000);

  it('never prints a stack trace: every hostile fixture, every command and format', () => {
    const files = readdirSync(HOSTILE)
      .filter((f) => f.endsWith('.vf'))
      .map((f) => path.join(HOSTILE, f));
    assert.ok(files.length >= 8, files.join(' '));
    const noStack = (what: string, code: number | null, err: string) => {
      assert.ok([0, 1, 2].includes(code!), `${what} → ${code}\n${err}`);
      assert.ok(!STACK_LINE.test(err) && !err.includes('node:internal'), `${what} → ${code}\n${err}`);
    };
    // As a process: check on every file at once (one file's failure must not hide the others).
    const r = run(['check', ...files, '--format', 'sarif']);
    noStack('check', r.code, r.err);
    assert.strictEqual(JSON.parse(r.out).runs[0].results.length > 0, true);
    // In this process (same code path, faster): each command and format on each file.
    for (const file of files)
      for (const args of [
        ['report', file],
        ['report', file, '--format', 'markdown'],
        ['report', file, '--format', 'csv'],
        ['diff', path.join(HOSTILE, 'baseline.vf'), file, '--format', 'markdown'],
        ['diff', file, path.join(HOSTILE, 'baseline.vf')],
      ]) {
        const p = inProcess(args, () => undefined);
        noStack(args.join(' '), p.code, p.err);
        if (p.code === 2) assert.match(p.err, /^agent-cost: /, p.err);
      }
  });

  it('an unexpected error is one line naming where it happened, exit 2; AGENT_COST_DEBUG=1 adds the stack', () => {
    const boom = () => {
      throw new TypeError('boom');
    };
    const file = path.join(FIXTURES, 'loop.vf');
    const r = inProcess(['report', file], boom);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /^agent-cost: internal error: TypeError: boom at .+ \(.+\.js:\d+\)\n/);
    assert.match(r.err, /this is a bug; please report it/);
    assert.ok(!STACK_LINE.test(r.err), r.err);
    const debug = inProcess(['report', file], boom, { AGENT_COST_DEBUG: '1' });
    assert.ok(STACK_LINE.test(debug.err), debug.err);
  });

  it('check reports the other files when one cannot be analysed, and exits 2', () => {
    const r = run(['check', path.join(HOSTILE, 'version-null.vf'), path.join(FIXTURES, 'loop.vf'), '--format', 'json']);
    assert.strictEqual(r.code, 2, r.err);
    const files = JSON.parse(r.out).files as { file: string; findings: { severity: string }[]; cost?: unknown }[];
    assert.strictEqual(files.length, 2);
    assert.strictEqual(files[0].findings[0].severity, 'error');
    assert.ok(files[1].cost);
  });

  it('control characters from a project file or an argument do not reach the terminal', () => {
    const dir = tmp();
    copyFileSync(path.join(FIXTURES, 'loop.vf'), path.join(dir, 'loop.vf'));
    writeFileSync(path.join(dir, '.agentcost.yaml'), '"evil\\e]0;owned\\a\\r\\e[2K": 1\n');
    const r = run(['report', path.join(dir, 'loop.vf')], dir);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.err, /unknown section "evil\\u001b\]0;owned\\u0007\\(r|u000d)\\u001b\[2K"/);
    assert.ok(!CONTROL.test(r.err.replace(/\n/g, '')), JSON.stringify(r.err));
    const arg = run(['tokens', '--model', 'x\u001b[2Jy'], REPO);
    assert.strictEqual(arg.code, 2);
    assert.ok(!CONTROL.test(arg.err.replace(/\n/g, '')), JSON.stringify(arg.err));
  });

  it('a closed stdout (agent-cost … | head) ends quietly', () => {
    // A report of several MB (a generated 1 MB export), far more than a pipe holds.
    const big = path.join(mkdtempSync(path.join(tmpdir(), 'epipe-')), 'big.vf');
    writeFileSync(big, require(path.join(REPO, 'out', 'bench', 'generate.js')).generateExport(1048576, 2));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" report "${big}" --format json | head -c 1`], {
      encoding: 'utf8',
    });
    assert.strictEqual(r.stderr, '');
  });
});

describe('agent-cost arguments', function () {
  this.timeout(30_000);

  it('diff --base refuses a ref that git would read as an option', () => {
    const { dir } = committedRepo();
    const planted = path.join(dir, 'planted.txt');
    for (const ref of [`--output=${planted}`, '-p', '-']) {
      const r = run(['diff', `--base=${ref}`, path.join(dir, 'agent.vf')]);
      assert.strictEqual(r.code, 2, `${ref}: ${r.err}`);
      assert.match(r.err, /is not a git ref \(it starts with "-"\)/);
    }
    assert.ok(!existsSync(planted));
    assert.strictEqual(run(['diff', '--base', 'HEAD', path.join(dir, 'agent.vf')]).code, 0);
  });

  it('--config naming a missing file is a usage error (exit 2), for report, check and diff', () => {
    const loop = path.join(FIXTURES, 'loop.vf');
    for (const args of [
      ['report', loop],
      ['check', loop],
      ['diff', loop, loop],
    ]) {
      const r = run([...args, '--config', 'no-such.yaml']);
      assert.strictEqual(r.code, 2, `${args[0]}: ${r.err}`);
      assert.match(r.err, /--config no-such\.yaml: no such file/);
      assert.strictEqual(r.out, '');
    }
    assert.match(run(['report', loop, '--config', FIXTURES]).err, /not a file/);
  });
});
