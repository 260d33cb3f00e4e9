/**
 * `npm run package` builds a small VSIX offline with what the extension needs, and nothing else;
 * unpacked on its own (no node_modules anywhere above it) its CLI and server run.
 */
import * as assert from 'assert';
import { execFileSync, spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { REPO } from '../helpers';

const { readZip, unpack } = require(path.join(REPO, 'scripts', 'zip.js')) as {
  readZip(file: string): Map<string, Buffer>;
  unpack(file: string, dir: string, prefix?: string): string[];
};
const { tokenizerDataModules, dataFile } = require(path.join(REPO, 'scripts', 'bundle.js')) as {
  tokenizerDataModules(): string[];
  dataFile(spec: string): string;
};
const VERSION = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

describe('VSIX package', function () {
  this.timeout(120_000);
  let vsix: string;
  let files: string[];
  let ext: string;
  before(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vsix-'));
    vsix = path.join(dir, 'agent-cost-lens.vsix');
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'package.js'), '--no-build', '--out', vsix], {
      cwd: REPO,
      stdio: 'pipe',
    });
    files = [...readZip(vsix).keys()];
    // Outside the repo: nothing can resolve from the repo's node_modules.
    ext = path.join(dir, 'unpacked');
    unpack(vsix, ext, 'extension/');
  });

  it('holds at most 40 files: the bundles, the used tokenizer data, assets and rule docs', () => {
    assert.ok(files.length <= 40, `${files.length} files:\n${files.join('\n')}`);
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const wanted = [
      'extension/package.json',
      `extension/${path.normalize(pkg.main)}`,
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/language-configuration.json',
      ...pkg.contributes.grammars.map((g: { path: string }) => `extension/${path.normalize(g.path)}`),
      ...pkg.contributes.yamlValidation.map((g: { url: string }) => `extension/${path.normalize(g.url)}`),
      `extension/${pkg.contributes.viewsContainers.activitybar[0].icon}`,
      'extension/docs/rules/llm-in-loop.md',
      'extension/media/costMap.js',
      'extension/docs/images/cost-map.png',
      ...tokenizerDataModules().map((m) => `extension/dist/${dataFile(m)}`),
    ];
    for (const f of wanted) assert.ok(files.includes(f), `missing ${f}`);
    const unwanted = files.filter((f) => /node_modules|\/(out|test|src|bench|examples)\/|\.map$|\.ts$/.test(f));
    assert.deepStrictEqual(unwanted, []);
    // Four tokenizer tables (o200k, cl100k, p50k, Claude) are most of it.
    assert.ok(statSync(vsix).size < 5 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('keeps tokenizer data out of the bundles (each bundle well under one rank table)', () => {
    for (const b of ['extension', 'server', 'cli']) {
      const size = statSync(path.join(ext, 'dist', `${b}.js`)).size;
      assert.ok(size < 800 * 1024, `dist/${b}.js is ${size} bytes`);
    }
  });

  it('runs the bundled CLI from the unpacked VSIX: a report on the example, and the version', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ext, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: ext });
    const r = cli('report', path.join(REPO, 'examples', 'pizza-order.vf'), '--format', 'json');
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.file.projectName, 'Pizza Planet (Agent Cost Lens example)');
    assert.ok(Number(report.conversation.credits.expected) > 1);
    assert.ok(report.steps.some((s: { model: string; tokens: unknown }) => s.model === 'gpt-4o-mini'));
    assert.strictEqual(cli('--version').stdout.trim(), VERSION);
    const sarif = JSON.parse(cli('check', path.join(REPO, 'test', 'fixtures', 'loop.vf'), '--format', 'sarif').stdout);
    assert.strictEqual(sarif.runs[0].tool.driver.version, VERSION);
    for (const model of ['gpt-4o', 'gpt-4']) {
      // o200k_base and cl100k_base, each loaded from dist/tokenizers.
      const t = spawnSync(process.execPath, [path.join(ext, 'dist', 'cli.js'), 'tokens', '--model', model], {
        input: 'Hello, world!',
        encoding: 'utf8',
      });
      assert.match(t.stdout, /^4 tokens/, t.stderr);
    }
  });

  const servers: [string, string[]][] = [
    ['dist/server.js --stdio', ['dist/server.js', '--stdio']],
    ['dist/cli.js lsp --stdio', ['dist/cli.js', 'lsp', '--stdio']],
  ];
  for (const [label, args] of servers)
    it(`answers initialize from the unpacked VSIX (${label}) with the package version`, async () => {
      const proc = spawn(process.execPath, args, { cwd: ext, stdio: ['pipe', 'pipe', 'inherit'] });
      const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
      conn.listen();
      try {
        const init = (await conn.sendRequest('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: {},
        })) as {
          serverInfo: { name: string; version: string };
          capabilities: { hoverProvider?: boolean };
        };
        assert.deepStrictEqual(init.serverInfo, { name: 'agent-cost-lens', version: VERSION });
        assert.ok(init.capabilities.hoverProvider);
        await conn.sendRequest('shutdown');
      } finally {
        conn.dispose();
        proc.kill();
      }
    });
});
