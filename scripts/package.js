#!/usr/bin/env node
/**
 * `npm run package`: builds (tsc + esbuild bundles) and packs the .vsix offline with @vscode/vsce.
 * The bundles carry their dependencies, so no node_modules ship (--no-dependencies); .vscodeignore
 * lists what does. Options: --no-build (use the current dist/), --out <file>.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { readZip } = require('./zip');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const target = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1]) : out;
if (!process.argv.includes('--no-build'))
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
// .vscodeignore keeps out/test, out/bench, sources and maps out of the package. README images stay
// relative (they ship in the package; there is no public repository URL to rewrite them to).
execFileSync(
  process.execPath,
  [
    require.resolve('@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--skip-license',
    '--no-rewrite-relative-links',
    '--out',
    target,
  ],
  { cwd: root, stdio: 'inherit' },
);
const files = readZip(target).size;
console.log(`${path.basename(target)}: ${files} files, ${(fs.statSync(target).size / 1024).toFixed(0)} KB`);
