/** `npm run package` builds a small VSIX offline with what the extension needs, and nothing else. */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { REPO } from '../helpers';

describe('VSIX package', function () {
  this.timeout(120_000);
  it('holds the extension, the server and the two tokenizer ranks, no tests or sources', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'vsix-')), 'agent-cost-lens.vsix');
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'package.js'), '--no-build', '--out', out], {
      cwd: REPO,
      stdio: 'pipe',
    });
    const files = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).split('\n');
    for (const f of [
      'extension/package.json',
      'extension/out/src/client/extension.js',
      'extension/out/src/server/main.js',
      'extension/syntaxes/voiceflow.tmLanguage.json',
      'extension/node_modules/js-tiktoken/dist/lite.cjs',
      'extension/docs/rules/llm-in-loop.md',
      'extension/schema/agentcost.schema.json',
      'extension/media/costMap.js',
      'extension/docs/images/cost-map.png',
      'extension/node_modules/js-tiktoken/dist/ranks/o200k_base.cjs',
      'extension/node_modules/js-tiktoken/dist/ranks/cl100k_base.cjs',
    ]) {
      assert.ok(files.includes(f), `missing ${f}`);
    }
    const unwanted = files.filter((f) =>
      /\/(test|src|bench|examples)\/|\.map$|\.ts$|ranks\/(gpt2|p50k|r50k)|js-tiktoken\/dist\/index\./.test(
        f.replace(/^extension\/out\/src\//, 'extension/built/'),
      ),
    );
    assert.deepStrictEqual(unwanted, []);
    assert.ok(statSync(out).size < 4 * 1024 * 1024, `${statSync(out).size} bytes`);
  });
});
