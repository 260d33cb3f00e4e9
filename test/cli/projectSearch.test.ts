/**
 * Where the CLI looks for .agentcost.yaml: up from the export, no higher than its git repository's
 * root (outside a repository, the working directory), so a file planted in a parent folder, or
 * left at the top of the disk, is never picked up.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { FIXTURES, REPO } from '../helpers';

const BIN = path.join(REPO, 'bin', 'agent-cost.js');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-search-'));

describe('project-file search of the CLI', function () {
  this.timeout(30_000);
  const turns = (r: { code: number | null; out: string; err: string }) => {
    assert.strictEqual(r.code, 0, r.err);
    return JSON.parse(r.out).conversation.turns as number;
  };

  it('stops at the git repository root: a project file above the repository is not used', () => {
    const outer = tmp();
    writeFileSync(path.join(outer, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: 9\n');
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, 'agents'), { recursive: true });
    execFileSync('git', ['init', '-q', repo]);
    const file = path.join(repo, 'agents', 'loop.vf');
    copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
    assert.strictEqual(turns(run(['report', file, '--format', 'json'], outer)), 5);
    writeFileSync(path.join(repo, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: 3\n');
    assert.strictEqual(turns(run(['report', file, '--format', 'json'], outer)), 3);
  });

  it('outside a repository, stops at the working directory', () => {
    const top = tmp();
    writeFileSync(path.join(top, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: 7\n');
    mkdirSync(path.join(top, 'sub'));
    const file = path.join(top, 'sub', 'loop.vf');
    copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
    assert.strictEqual(turns(run(['report', file, '--format', 'json'], top)), 7);
    // Run from the export's own folder: the search stops there.
    assert.strictEqual(turns(run(['report', file, '--format', 'json'], path.join(top, 'sub'))), 5);
  });
});
