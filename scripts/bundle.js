#!/usr/bin/env node
/**
 * Bundles what ships with esbuild (as vscode-eslint and rust-analyzer do), into dist/:
 *   extension.js  the VS Code client (src/client/extension.ts; `vscode` stays external)
 *   server.js     the language server (src/server/main.ts), started by the client over IPC
 *   cli.js        the agent-cost CLI (src/cli/main.ts, run on load); `agent-cost lsp` loads ./server.js
 *   tokenizers/   one file per tokenizer data module the engine requires (rank tables of several MB),
 *                 loaded lazily at run time and never inlined
 * The tokenizer data modules are read from TOKENIZER_DATA_MODULES in src/core/tokens*.ts (one list):
 * each `require('<pkg>/<subpath>')` of a listed module becomes `require('./tokenizers/<pkg>-<subpath>.js')`.
 * tsc still type-checks and compiles out/ for the unit tests; this only packs.
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const pkg = require('../package.json');
const NODE_TARGET = `node${/\d+/.exec(pkg.engines.node)[0]}`;

/** The string literals of the exported TOKENIZER_DATA_MODULES constant, and the files that require them. */
function tokenizerDataModules() {
  const dir = path.join(ROOT, 'src', 'core');
  const files = fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => /^tokens[^/]*(\/.*)?\.ts$/.test(f.split(path.sep).join('/')))
    .map((f) => path.join(dir, f));
  const listed = [];
  const required = new Set();
  for (const file of files) {
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isVariableDeclaration(node) && node.name.getText() === 'TOKENIZER_DATA_MODULES') {
        let init = node.initializer;
        while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (!init || !ts.isArrayLiteralExpression(init))
          throw new Error(`${file}: TOKENIZER_DATA_MODULES is not a list`);
        for (const e of init.elements) {
          if (!ts.isStringLiteral(e)) throw new Error(`${file}: TOKENIZER_DATA_MODULES holds a non-literal`);
          listed.push(e.text);
        }
      }
      if (ts.isCallExpression(node) && node.expression.getText() === 'require' && ts.isStringLiteral(node.arguments[0]))
        required.add(node.arguments[0].text);
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  if (listed.length === 0) throw new Error('no TOKENIZER_DATA_MODULES constant in src/core/tokens*');
  const unused = listed.filter((m) => !required.has(m));
  if (unused.length) throw new Error(`TOKENIZER_DATA_MODULES lists modules no require() loads: ${unused.join(', ')}`);
  return listed;
}

/** dist/tokenizers/<name>.js for a data module specifier. */
const dataFile = (spec) => `tokenizers/${spec.replace(/[^A-Za-z0-9_.]+/g, '-')}.js`;

/** Listed tokenizer data → external ./tokenizers/…; the CLI's lazy server import → external ./server.js. */
function externals(data, { serverFromCli }) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    name: 'agent-cost-externals',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${data.map(escape).join('|')})$`) }, (a) => ({
        path: `./${dataFile(a.path)}`,
        external: true,
      }));
      if (serverFromCli)
        build.onResolve({ filter: /^\.\.\/server\/main$/ }, (a) =>
          a.importer.endsWith(path.join('src', 'cli', 'main.ts')) ? { path: './server.js', external: true } : undefined,
        );
    },
  };
}

async function bundle() {
  const data = tokenizerDataModules();
  fs.rmSync(DIST, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    // ESM builds first: jsonc-parser's UMD build hides its requires from bundlers.
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: ROOT,
  };
  const builds = [
    { entryPoints: { extension: 'src/client/extension.ts' }, external: ['vscode'], plugins: [externals(data, {})] },
    { entryPoints: { server: 'src/server/main.ts' }, plugins: [externals(data, {})] },
    {
      entryPoints: { cli: 'src/cli/run.ts' },
      banner: { js: '#!/usr/bin/env node' },
      plugins: [externals(data, { serverFromCli: true })],
    },
  ];
  const results = await Promise.all([
    ...builds.map((b) => esbuild.build({ ...common, ...b, outdir: DIST })),
    esbuild.build({
      ...common,
      sourcemap: false,
      metafile: false,
      entryPoints: Object.fromEntries(data.map((m) => [dataFile(m).replace(/\.js$/, ''), require.resolve(m)])),
      outdir: DIST,
    }),
  ]);
  // Nothing listed may end up inside a bundle (it would be shipped twice, and loaded eagerly).
  for (const r of results.filter((x) => x.metafile))
    for (const [out, meta] of Object.entries(r.metafile.outputs)) {
      const inlined = Object.keys(meta.inputs).filter((i) =>
        data.some((m) => i === path.relative(ROOT, require.resolve(m))),
      );
      if (inlined.length) throw new Error(`${out} inlines tokenizer data ${inlined.join(', ')}`);
    }
  fs.chmodSync(path.join(DIST, 'cli.js'), 0o755);
}

module.exports = { bundle, tokenizerDataModules, dataFile };

if (require.main === module)
  bundle().catch((e) => {
    console.error(e.message ?? e);
    process.exitCode = 1;
  });
