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
import type { ChildProcess } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateExport, prettyToDepth } from './generate';
import { codeBases, DATA, dataFile, median, ms, p95, ROOT } from './util';

/** The editor tests' code-server helpers (scripts/code-server.js), shared with this benchmark. */
const { NODE24, CODE_SERVER, PLAYWRIGHT, QUIET_SETTINGS, freePort, installVsix, startCodeServer } = require(
  path.join(ROOT, 'scripts', 'code-server.js'),
) as {
  NODE24: string;
  CODE_SERVER: string;
  PLAYWRIGHT: string;
  QUIET_SETTINGS: Record<string, unknown>;
  freePort(): Promise<number>;
  installVsix(root: string, extDir: string, tmp: string): unknown;
  startCodeServer(port: number, dirs: Record<string, string>): { server: ChildProcess; listening: Promise<void> };
};
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

/** The 10 MB export for typing, under 300,000 lines. */
function typingFile(): string {
  return dataFile('synthetic-10mb-lenses.vf', () => prettyToDepth(JSON.parse(generateExport(13 * 1048576, 11)), 6));
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
      ...QUIET_SETTINGS,
      // VS Code in a browser asks before opening files over 10 MB.
      'workbench.editorLargeFileConfirmation': 1024,
      ...(root ? {} : { 'files.associations': { '*.vf': 'json' } }),
      // Experiments: BENCH_TYPING_SETTINGS='{"agentCost.editor.annotations": "hints"}'.
      ...(JSON.parse(process.env.BENCH_TYPING_SETTINGS || '{}') as Record<string, unknown>),
    }),
  );
  copyFileSync(file, path.join(dirs.ws, FILE));
  if (root) installVsix(root, dirs.ext, tmp);
  const { chromium } = require(PLAYWRIGHT);
  const port = await freePort();
  let server: ChildProcess | undefined;
  let browser: { close(): Promise<void>; newPage(o: unknown): Promise<Page> } | undefined;
  try {
    const cs = startCodeServer(port, dirs);
    server = cs.server;
    await cs.listening;
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
