/**
 * Integration suite inside a real VS Code extension host (code-server here; the same file runs
 * under @vscode/test-electron where VS Code can be downloaded). No mock of `vscode` anywhere.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentCostApi } from '../../src/client/extension';
import { CORPUS, itCorpus, REPO } from '../corpus';

const EDUCHAT = path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const EXT_ID = 'agent-cost-lens.agent-cost-lens';
/** A 2026 .json export (ours: a copy of the synthetic agentic export). */
const JSON_2026 = path.join(REPO, 'test', 'fixtures', '2026', 'agentic-chat-support.vf.json');
let jsonActivated = false;
/** Our example, copied into the workspace by scripts/editor-tests.js. */
const EXAMPLE = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'pizza-order.vf');

interface CliReport {
  conversation: { credits: { expected: string } };
  steps: { id: string; credits: string | null; range: { start: { line: number } } | null; type: string }[];
  diagnostics: { rule: string; range: { start: { line: number; character: number } } | null }[];
}

function cliOutput(file: string, format: string): string {
  return execFileSync(
    process.env.AGENT_COST_NODE ?? 'node',
    [path.join(REPO, 'bin', 'agent-cost.js'), 'report', file, '--format', format],
    { encoding: 'utf8' },
  );
}

function cli(file: string): CliReport {
  return JSON.parse(cliOutput(file, 'json'));
}

/** How long one wait below may take before the test fails, saying what it waited for. */
const WAIT_MS = 30_000;

/**
 * Resolves with the first truthy value of `check()`: at once, or when one of `events` fires
 * (an event, not a sleep). Rejects after `ms` with what it waited for.
 */
function when<T>(
  what: string,
  events: vscode.Event<unknown>[],
  check: () => T | undefined | null | false,
  ms = WAIT_MS,
): Promise<T> {
  const now = check();
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      for (const s of subs) s.dispose();
      settle();
    };
    const subs = events.map((event) =>
      event(() => {
        const v = check();
        if (v) finish(() => resolve(v));
      }),
    );
    const timer = setTimeout(
      () => finish(() => reject(new Error(`waited ${ms / 1000} s for ${what}; it did not happen`))),
      ms,
    );
  });
}

/** Resolves with the next `event` that `filter` accepts; rejects after `ms` with what it waited for. */
function next<E>(what: string, event: vscode.Event<E>, filter: (e: E) => boolean = () => true, ms = WAIT_MS) {
  let seen: { e: E } | undefined;
  const accepted: vscode.Event<E> = (listener, thisArgs, disposables) =>
    event(
      (e) => {
        if (filter(e)) seen = { e };
        listener.call(thisArgs, e);
      },
      undefined,
      disposables,
    );
  return when(what, [accepted], () => seen, ms).then((s) => s.e);
}

/** Resolves once the document has diagnostics from our server (an event, not a sleep). */
function diagnosticsFor(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
): Promise<readonly vscode.Diagnostic[]> {
  const name = uri.path.split('/').pop();
  return when(`the diagnostics of ${name}`, [vscode.languages.onDidChangeDiagnostics], () => {
    const d = vscode.languages.getDiagnostics(uri);
    return predicate(d) && d;
  });
}

/** A diagnostic's rule id (VS Code turns `code` into { value, target } when it links to docs). */
const ruleOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

/** Resolves with the first tab matching `predicate`, already open or opened later (an event, not a sleep). */
function tabOpens(what: string, predicate: (t: vscode.Tab) => boolean): Promise<vscode.Tab> {
  return when(what, [vscode.window.tabGroups.onDidChangeTabs], () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(predicate),
  );
}

/** The parts of the extension's API the refresh test uses. */
interface RefreshApi {
  client: { sendRequest: (...args: unknown[]) => Promise<unknown> };
  state: {
    uri?: string;
    result?: { ok: boolean; report?: { file: { projectName: string } } } | null;
    refresh(): Promise<void>;
  };
}

/** A fresh git repository (nothing committed) holding `fixture` as agent.vf; `git` runs in it. */
function gitRepoWith(prefix: string, fixture: string): { file: string; git: (...a: string[]) => Buffer } {
  const dir = require('fs').mkdtempSync(path.join(os.tmpdir(), prefix));
  const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  const file = path.join(dir, 'agent.vf');
  require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', fixture), file);
  return { file, git };
}

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('Agent Cost in a real VS Code', () => {
  let doc: vscode.TextDocument;
  let example: string;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not installed`);
    // A fresh window that opens a 2026 .json export: onLanguage:json activates the extension.
    const json = await open(JSON_2026);
    assert.strictEqual(json.languageId, 'json');
    // No event says "activated"; once active, our server analyses the export and publishes its
    // diagnostics, so a diagnostics change after which the extension is active shows it.
    jsonActivated = await when(
      'the extension to activate',
      [vscode.languages.onDidChangeDiagnostics],
      () => ext.isActive,
    )
      .then(() => true)
      .catch(() => false);
    example = EXAMPLE();
    doc = await open(example);
    await ext.activate();
    await diagnosticsFor(doc.uri);
  });

  const api = () => vscode.extensions.getExtension(EXT_ID)!.exports as AgentCostApi;

  it('activates on a 2026 .json export and shows its cost; an ordinary .json is answered at once', async () => {
    assert.ok(jsonActivated, 'opening a .json export did not activate the extension');
    const uri = vscode.Uri.file(JSON_2026);
    const r = await api().state.for(uri);
    assert.ok(r?.ok, JSON.stringify(r).slice(0, 200));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.match(lenses[0].command!.title, /^Agent cost: [\d.,]+ credits\/conversation/);
    const tmp = path.join(os.tmpdir(), `package-${Date.now()}.json`);
    require('fs').writeFileSync(tmp, JSON.stringify({ name: 'x', version: '1.0.0' }, null, 2));
    const plain = await open(tmp);
    const t = Date.now();
    const res = await api().state.for(plain.uri);
    assert.deepStrictEqual(res && !res.ok && [res.ok, res.notAnExport], [false, true]);
    assert.ok(Date.now() - t < 2000, `${Date.now() - t} ms`);
    await open(example);
  });

  it('gives inlay hints on the model, maxTokens and prompt lines', async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      doc.uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
    );
    const label = (h: vscode.InlayHint) =>
      typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
    const on = (re: RegExp) => hints.filter((h) => re.test(doc.lineAt(h.position.line).text)).map(label);
    assert.ok(on(/"model":/).length > 0 && on(/"model":/).every((l) => / cr\/run$/.test(l)), on(/"model":/).join());
    assert.ok(on(/"maxTokens":/).every((l) => /^max /.test(l)));
    assert.ok(on(/"(prompt|system)":/).some((l) => / tok$/.test(l)));
  });

  it('puts a deprecated-model finding on the "model" property and offers its fixes there', async () => {
    const dir = require('fs').mkdtempSync(path.join(os.tmpdir(), 'prop-'));
    const file = path.join(dir, 'old.vf');
    require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', 'era-b.vf'), file);
    const d = await open(file);
    const diags = await diagnosticsFor(d.uri, (x) => x.some((y) => ruleOf(y) === 'deprecated-model'));
    const dep = diags.find((x) => ruleOf(x) === 'deprecated-model')!;
    assert.match(d.getText(dep.range), /^"model":\s*"gpt-3\.5-turbo"$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      d.uri,
      new vscode.Range(dep.range.start, dep.range.start),
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Switch this step to gpt-4o-mini (edit the export)'), titles.join(' | '));
    assert.deepStrictEqual(titles, [...new Set(titles)]);
    await open(example);
  });

  it('the report panel and Compare with Git HEAD follow every analysis', async () => {
    const { file, git } = gitRepoWith('live-', 'branches.vf');
    const d = await open(file);
    await diagnosticsFor(d.uri, () => true);
    const untracked = await vscode.commands.executeCommand<{ ok: boolean; error: string }>(
      'agentCost.compareWithHead',
      d.uri,
    );
    assert.strictEqual(untracked.ok, false);
    assert.match(untracked.error, /^agent\.vf is not in HEAD yet \(untracked\): commit it first/);
    git('add', '.');
    git('commit', '-qm', 'v1');
    const report = await vscode.commands.executeCommand<{ html: string }>('agentCost.showReport', d.uri);
    // As the editor-title button calls it: the file, then { groupId, editorIndex }.
    const diff = await vscode.commands.executeCommand<{ ok: boolean; html: string }>(
      'agentCost.compareWithHead',
      d.uri,
      { groupId: 0, editorIndex: 0 },
    );
    assert.ok(diff.ok, JSON.stringify(diff).slice(0, 200));
    const before = { report: api().panels.renders, diff: api().diffs.renders };
    const refreshed = when(
      'the report and diff panels to show the edit',
      [api().panels.onDidRender, api().diffs.onDidRender],
      () => api().panels.renders > before.report && api().diffs.renders > before.diff,
    );
    const edit = new vscode.WorkspaceEdit();
    const at = d.getText().indexOf('"gpt-4o-mini"');
    assert.ok(at > 0);
    edit.replace(d.uri, new vscode.Range(d.positionAt(at), d.positionAt(at + 13)), '"gpt-4o"');
    await vscode.workspace.applyEdit(edit);
    await refreshed;
    const now = await vscode.commands.executeCommand<{ html: string }>('agentCost.compareWithHead', d.uri);
    assert.match(now.html, /gpt-4o-mini → gpt-4o/);
    assert.ok(!/\d\.\d{8,}/.test(now.html), 'unrounded figure in the diff panel (e.g. 6.744162559999999914864)');
    assert.ok(report.html.length > 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await open(example);
  });

  it('an export over 300,000 lines: why lenses are off; its hints carry the CLI figures', async () => {
    // Made by scripts/editor-tests.js: the example followed by 310,000 lines of notes (10 MB).
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'large-export.vf');
    const d = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.ok(d.lineCount > 300_000, String(d.lineCount));
    const { largeFile } = require(path.join(REPO, 'out', 'src', 'client', 'largeFile.js'));
    assert.match(
      largeFile(d).why,
      /large-file mode turns code lenses and inlay hints off .* \(this one has 310,\d{3}\)/,
    );
    assert.strictEqual(largeFile(doc), undefined);
    assert.ok((await api().state.for(d.uri))?.ok);
    const step = cli(example).steps.find((s) => s.id === 'st-confirm-ai')!;
    const model = d
      .getText()
      .split('\n')
      .findIndex((l, i) => i > step.range!.start.line && l.includes('"model"'));
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      d.uri,
      new vscode.Range(model, 0, model + 1, 0),
    );
    const { fmtCredits } = require(path.join(REPO, 'out', 'src', 'core', 'report', 'display.js'));
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.includes(`≈${fmtCredits((step as { credits: string }).credits)} cr/run`), labels.join(' | '));
  });

  it('a minified export gets one lens, offering to format it', async () => {
    const tmp = path.join(os.tmpdir(), `min1-${Date.now()}.vf`);
    require('fs').writeFileSync(
      tmp,
      JSON.stringify(JSON.parse(readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8'))),
    );
    const d = await open(tmp);
    await diagnosticsFor(d.uri, () => true);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', d.uri);
    assert.strictEqual(lenses.length, 1);
    assert.strictEqual(lenses[0].command!.command, 'agentCost.server.formatExport');
    await open(example);
  });

  it('an export with many lenses gives VS Code those near the visible lines, and others on scrolling', async () => {
    // A generated 2 MB export laid out one property per line: over a thousand costly steps.
    const gen = require(path.join(REPO, 'out', 'bench', 'generate.js'));
    const tmp = path.join(os.tmpdir(), `many-lenses-${Date.now()}.vf`);
    require('fs').writeFileSync(tmp, gen.prettyToDepth(JSON.parse(gen.generateExport(2 * 1048576, 3)), 6));
    const d = await open(tmp);
    await diagnosticsFor(d.uri, () => true);
    const all = await api().client.sendRequest<{ range: { start: { line: number } } }[]>('textDocument/codeLens', {
      textDocument: { uri: d.uri.toString() },
    });
    const { MANY_LENSES, MARGIN } = require(path.join(REPO, 'out', 'src', 'client', 'lensWindow.js'));
    assert.ok(all.length > MANY_LENSES, `${all.length} lenses`);
    const shownNear = async (line: number) => {
      const editor = vscode.window.activeTextEditor!;
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      await when('the editor to scroll', [vscode.window.onDidChangeTextEditorVisibleRanges], () =>
        editor.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line),
      );
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', d.uri);
      const from = editor.visibleRanges[0].start.line - MARGIN;
      const to = editor.visibleRanges[editor.visibleRanges.length - 1].end.line + MARGIN;
      const expected = all.filter(
        (l) => l.range.start.line === 0 || (l.range.start.line >= from && l.range.start.line <= to),
      );
      assert.ok(lenses.length < all.length / 2, `${lenses.length} of ${all.length}`);
      const lines = (ls: { range: { start: { line: number } } }[]) =>
        ls.map((l) => l.range.start.line).sort((a, b) => a - b);
      assert.deepStrictEqual(lines(lenses), lines(expected));
    };
    await shownNear(0);
    const far = all[Math.floor(all.length * 0.8)].range.start.line;
    await shownNear(far);
    await open(example);
  });

  it('the breakdown view is HTML with captions, role=img and labelled marks', async () => {
    await open(example);
    await api().state.refresh();
    const charts = () => api().breakdown.html.includes('<table class="bars"') && api().breakdown.html;
    const shown = when('the breakdown view to draw its charts', [api().breakdown.onDidRender], charts);
    // The view renders when the side bar shows it (a busy workbench may take a few seconds).
    await vscode.commands.executeCommand('workbench.view.extension.agentCost');
    const html = await shown;
    assert.ok(!html.includes('<svg'), 'no SVG charts');
    assert.match(html, /<caption>Credits per turn \(expected\)<\/caption>/);
    assert.match(html, /role="img" aria-label="Projected [\d.,]+ credits/);
    assert.match(html, /50%.*75%.*90%.*100%/s);
    assert.ok(!/style="/.test(html), 'inline styles break the CSP');
    // Leave the side bar as the end-to-end checks expect it (they open it by its activity-bar icon).
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  it('contributes the voiceflow language for .vf files', () => {
    assert.strictEqual(doc.languageId, 'voiceflow');
  });

  it('shows code lenses with the same figures as the CLI', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const report = cli(example);
    const top = titles[0];
    assert.match(top, /^Agent cost: [\d.]+ credits\/conversation/);
    const expected = Number(report.conversation.credits.expected);
    const shown = Number(/^Agent cost: ([\d.]+)/.exec(top)![1]);
    assert.ok(Math.abs(shown - expected) / expected < 0.001, `${shown} vs ${expected}`);
    const gen = report.steps.find((s) => s.type === 'generative')!;
    const onStep = lenses.filter((l) => l.range.start.line === gen.range!.start.line).map((l) => l.command!.title);
    assert.ok(
      onStep.some((t) => t.includes(' · ≈') && t.includes(' cr · ')),
      onStep.join(' | '),
    );
    // Free steps get no lens by default.
    assert.ok(!titles.some((t) => t.includes(' · free · ')));
  });

  it('hovers a step with the token breakdown and the rate source', async () => {
    const report = cli(example);
    const gen = report.steps.find((s) => s.type === 'generative')!;
    const line = gen.range!.start.line + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 6),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
      .join('\n');
    // Tokens by part, one row each, then the input total.
    assert.match(text, /\| tokens \| \|\n\|:---\|---:\|\n(\| [a-z ]+ \| ≈?[\d,]+ \|\n)+\| \*\*input\*\* \|/);
    assert.match(text, /Rate: `[^`]+` \(\w+\): .* credits per 1K input \/ output tokens, checked \d{4}-\d{2}-\d{2}/);
  });

  it('publishes each engine finding at its step (file-level ones on the first line)', () => {
    const d = vscode.languages.getDiagnostics(doc.uri);
    assert.ok(d.every((x) => x.source === 'agent-cost'));
    const shown = d.map((x) => `${ruleOf(x)}@${x.range.start.line}:${x.range.start.character}`).sort();
    const engine = cli(example)
      .diagnostics.map((x) => `${x.rule}@${x.range?.start.line ?? 0}:${x.range?.start.character ?? 0}`)
      .sort();
    assert.deepStrictEqual(shown, engine);
    assert.ok(
      d.some((x) => x.range.start.line > 0),
      'no finding placed on a step',
    );
  });

  it('diagnoses a half-typed export at its line and column', async () => {
    const tmp = path.join(os.tmpdir(), `half-${Date.now()}.vf`);
    require('fs').writeFileSync(tmp, readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8').slice(0, 500));
    const d = await diagnosticsFor((await open(tmp)).uri);
    assert.strictEqual(ruleOf(d[0]), 'invalid-json');
    assert.match(d[0].message, /line \d+, column \d+/);
    await open(example);
  });

  it('Show Cost Report opens the report with escaped file text', async () => {
    const r = await vscode.commands.executeCommand<{ title: string; html: string }>('agentCost.showReport', doc.uri);
    assert.match(r.title, /^Cost: Pizza Planet/);
    assert.match(r.html, /<h1>Agent cost: Pizza Planet \(Agent Cost Lens example\)<\/h1>/);
    assert.match(r.html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes text from the file in the report webview', async () => {
    const doc = JSON.parse(readFileSync(path.join(REPO, 'test', 'fixtures', 'branches.vf'), 'utf8'));
    doc.project.name = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    doc.diagrams['d-main'].nodes.g1.data.name = '"><svg onload=alert(3)>';
    const tmp = path.join(os.tmpdir(), `evil-${Date.now()}.vf`);
    require('fs').writeFileSync(tmp, JSON.stringify(doc, null, 2));
    const d = await open(tmp);
    await diagnosticsFor(d.uri, () => true);
    const r = await vscode.commands.executeCommand<{ html: string }>('agentCost.showReport', d.uri);
    assert.ok(!/<img src=x|<script>alert|<svg onload/.test(r.html));
    assert.match(r.html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    await open(example);
  });

  itCorpus('Show Cost Map opens the map webview: blocks with data-block-id and the CLI’s data-credits', async () => {
    const edu = await open(EDUCHAT);
    await diagnosticsFor(edu.uri, () => true);
    const r = await vscode.commands.executeCommand<{ title: string; html: string }>('agentCost.showCostMap', edu.uri);
    assert.ok(r, 'the command returned nothing');
    assert.match(r.title, /^Cost map: EduChat V1/);
    assert.match(r.html, /Content-Security-Policy" content="default-src 'none'/);
    assert.ok(!/<script(?! nonce=| type="application\/json")/.test(r.html), 'every script runs under the nonce');
    const shown = [...r.html.matchAll(/data-block-id="([^"]+)" data-kind="block" data-credits="([^"]+)"/g)];
    assert.ok(shown.length >= 10, `${shown.length} blocks`);
    // The same figures as `agent-cost map` in a terminal: one engine.
    const cliSvg = execFileSync(
      process.env.AGENT_COST_NODE ?? 'node',
      [path.join(REPO, 'bin', 'agent-cost.js'), 'map', EDUCHAT, '--format', 'html'],
      { encoding: 'utf8' },
    );
    for (const [, id, credits] of shown)
      assert.ok(cliSvg.includes(`data-block-id="${id}" data-kind="block" data-credits="${credits}"`), id);
    assert.match(r.html, /role="tab"/);
    assert.match(r.html, /Blocks by cost/);
  });

  itCorpus('escapes text from the file in the cost map webview', async () => {
    const d0 = JSON.parse(readFileSync(path.join(REPO, 'test', 'fixtures', 'cost-map.vf'), 'utf8'));
    d0.project.name = '<img src=x onerror=alert(1)>';
    d0.diagrams['d-comp'].name = '</script><script>alert(2)</script>';
    const tmp = path.join(os.tmpdir(), `evil-map-${Date.now()}.vf`);
    require('fs').writeFileSync(tmp, JSON.stringify(d0, null, 2));
    const d = await open(tmp);
    await diagnosticsFor(d.uri, () => true);
    const r = await vscode.commands.executeCommand<{ html: string }>('agentCost.showCostMap', d.uri);
    assert.ok(!/<img src=x|<script>alert|<\/script><script>/.test(r.html));
    assert.match(r.html, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62;/);
    await open(EDUCHAT);
  });

  it('Export Cost Report writes Markdown, CSV and JSON', async () => {
    for (const format of ['markdown', 'csv', 'json'] as const) {
      const target = vscode.Uri.file(path.join(os.tmpdir(), `educhat-${Date.now()}.${format}`));
      const written = await vscode.commands.executeCommand<vscode.Uri>(
        'agentCost.exportReport',
        doc.uri,
        format,
        target,
      );
      const text = readFileSync(written.fsPath, 'utf8');
      if (format === 'json')
        assert.strictEqual(JSON.parse(text).conversation.credits.expected, cli(example).conversation.credits.expected);
      else {
        // The same document the CLI renders: same title or header row, same sections or rows.
        const cliText = cliOutput(example, format);
        const outline = (t: string) =>
          format === 'markdown' ? t.split('\n').filter((l) => /^#/.test(l)) : t.split('\n').map((l) => l.split(',')[0]);
        assert.strictEqual(text.split('\n')[0], cliText.split('\n')[0]);
        assert.deepStrictEqual(outline(text), outline(cliText));
      }
    }
  });

  it('Estimate Monthly Usage projects a given traffic', async () => {
    const r = await vscode.commands.executeCommand<{ conversations: number; credits: string; summary: string }>(
      'agentCost.estimateMonthly',
      doc.uri,
      20000,
    );
    assert.strictEqual(r.conversations, 20000);
    const perConv = Number(cli(example).conversation.credits.expected);
    assert.ok(Math.abs(Number(r.credits) - perConv * 20000) < 0.0001);
    assert.match(r.summary, /20,000 conversations\/month/);
  });

  it('Try Another Model prices the whole file on another model', async () => {
    const r = await vscode.commands.executeCommand<{
      model: string;
      before: { conversation: string };
      after: { conversation: string };
    }>('agentCost.tryModel', doc.uri, 'gpt-4o');
    assert.strictEqual(r.model, 'gpt-4o');
    // The example runs on gpt-4o-mini: gpt-4o costs more.
    assert.strictEqual(r.before.conversation, cli(example).conversation.credits.expected);
    assert.ok(Number(r.after.conversation) > Number(r.before.conversation));
  });

  it('Open Settings opens the settings editor', async () => {
    const opened = tabOpens('the Settings tab', (t) => t.label === 'Settings');
    await vscode.commands.executeCommand('agentCost.openSettings');
    const tab = await opened;
    assert.ok(tab.isActive);
    await vscode.window.tabGroups.close(tab);
  });

  /** Sets a user setting, waits for the re-analysis, returns the conversation figure of the top lens. */
  async function lensWith(key: string, value: unknown): Promise<string> {
    const cfg = vscode.workspace.getConfiguration('agentCost');
    const changed = next(`a new analysis with ${key} = ${value}`, vscode.languages.onDidChangeDiagnostics, (e) =>
      e.uris.some((u) => u.toString() === doc.uri.toString()),
    );
    await cfg.update(key, value, vscode.ConfigurationTarget.Global);
    await changed;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    await cfg.update(key, undefined, vscode.ConfigurationTarget.Global);
    return /^Agent cost: ([\d.]+)/.exec(lenses[0].command!.title)![1];
  }

  it('changing a setting re-analyses with it', async () => {
    const shown = Number(await lensWith('traffic.turnsPerConversation', 9));
    assert.ok(shown > Number(cli(example).conversation.credits.expected));
  });

  it('an out-of-range setting is dropped: the figures stay at the default', async () => {
    const shown = await lensWith('traffic.turnsPerConversation', 1e9);
    const { fmtCredits } = require(path.join(REPO, 'out', 'src', 'core', 'report', 'display.js'));
    assert.strictEqual(shown, fmtCredits(cli(example).conversation.credits.expected));
  });

  it('Reveal Step moves the cursor to the step', async () => {
    const gen = cli(example).steps.find((s) => s.type === 'generative')!;
    await vscode.commands.executeCommand('agentCost.revealStep', doc.uri.toString(), gen.range);
    assert.strictEqual(vscode.window.activeTextEditor?.selection.active.line, gen.range!.start.line);
  });

  it('Format Export formats a minified export', async () => {
    const tmp = path.join(os.tmpdir(), `min-${Date.now()}.vf`);
    require('fs').writeFileSync(
      tmp,
      JSON.stringify(JSON.parse(readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8'))),
    );
    const d = await open(tmp);
    await diagnosticsFor(d.uri, () => true);
    assert.strictEqual(d.lineCount, 1);
    await vscode.commands.executeCommand('agentCost.formatExport', d.uri);
    assert.ok(d.lineCount > 50, String(d.lineCount));
    await open(example);
  });

  it('offers quick fixes through the code-action API and applies them', async () => {
    // Inside the workspace: VS Code watches project files in workspace folders.
    const dir = require('fs').mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'fix-'));
    const file = path.join(dir, 'loop.vf');
    require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', 'loop.vf'), file);
    const d = await open(file);
    const diags = await diagnosticsFor(d.uri, (x) => x.some((y) => ruleOf(y) === 'llm-in-loop'));
    const loop = diags.find((x) => ruleOf(x) === 'llm-in-loop')!;
    const docsPage = (loop.code as { target: vscode.Uri }).target;
    assert.match(String(docsPage), /docs\/rules\/llm-in-loop\.md$/);
    assert.match(readFileSync(docsPage.fsPath, 'utf8'), /^# llm-in-loop/m); // shipped where the link points
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      d.uri,
      loop.range,
    );
    const ignore = actions.find((a) => a.title === 'Ignore llm-in-loop for this step (.agentcost.yaml)');
    assert.ok(ignore?.edit, actions.map((a) => a.title).join(' | '));
    const gone = diagnosticsFor(d.uri, (x) => x.length >= 0 && !x.some((y) => ruleOf(y) === 'llm-in-loop'));
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    await vscode.workspace.saveAll(false);
    await gone;
    assert.match(readFileSync(path.join(dir, '.agentcost.yaml'), 'utf8'), /rule: llm-in-loop/);
    await open(example);
  });

  itCorpus('keeps the newest analysis when an older refresh is answered last', async () => {
    const api = vscode.extensions.getExtension(EXT_ID)!.exports as RefreshApi;
    // The workspace's copy: the repository's example is never opened in the editor (see editor-tests.js).
    const pizza = await open(example);
    await diagnosticsFor(pizza.uri, () => true);
    const edu = await open(EDUCHAT);
    // The real client, with the answer about EduChat held until the newer refresh has its answer.
    const real = api.client.sendRequest;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    api.client.sendRequest = async function (this: unknown, ...args: unknown[]) {
      const answer = await real.apply(this, args);
      if ((args[1] as { uri?: string } | undefined)?.uri === edu.uri.toString()) await held;
      return answer;
    };
    try {
      const older = api.state.refresh();
      await vscode.window.showTextDocument(pizza);
      await api.state.refresh();
      release();
      await older;
    } finally {
      api.client.sendRequest = real;
    }
    assert.strictEqual(api.state.uri, pizza.uri.toString());
    assert.match(api.state.result?.report?.file.projectName ?? '', /Pizza/);
    await open(EDUCHAT);
  });

  it('publishes the problems of a broken .agentcost.yaml on that file', async () => {
    const dir = require('fs').mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    require('fs').writeFileSync(path.join(dir, '.agentcost.yaml'), 'traffic:\n  loopCap: lots\n');
    require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', 'loop.vf'), path.join(dir, 'loop.vf'));
    const cfg = vscode.Uri.file(path.join(dir, '.agentcost.yaml'));
    const problems = diagnosticsFor(cfg);
    await open(path.join(dir, 'loop.vf'));
    const p = await problems;
    assert.strictEqual(p[0].range.start.line, 1);
    assert.match(
      p[0].message,
      /traffic\.loopCap must be an integer from 1 to 100, got "lots"; using the default \(3\)/,
    );
    await open(example);
  });

  it('Compare with Git HEAD shows the cost change in a panel', async () => {
    const { file, git } = gitRepoWith('git-', 'branches.vf');
    git('add', '.');
    git('commit', '-qm', 'v1');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.diagrams['d-main'].nodes.g1.data.model = 'gpt-4o';
    require('fs').writeFileSync(file, JSON.stringify(doc, null, 2));
    const d = await open(file);
    await diagnosticsFor(d.uri, () => true);
    const r = await vscode.commands.executeCommand<{
      ok: boolean;
      title: string;
      html: string;
      diff: { steps: { id: string }[] };
    }>('agentCost.compareWithHead', d.uri);
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.diff.steps.map((s) => s.id),
      ['g1'],
    );
    assert.match(r.html, /<h1>Cost change against HEAD<\/h1>/);
    await open(example);
  });

  it('Open Rule Docs opens the rule page shipped with the extension', async () => {
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    const page = path.join(ext.extensionPath, 'docs', 'rules', 'history-growth.md');
    assert.match(readFileSync(page, 'utf8'), /^# history-growth/m);
    const opened = tabOpens(
      'the rule page in the Markdown preview',
      (t) =>
        t.input instanceof vscode.TabInputWebview &&
        t.input.viewType.includes('markdown.preview') &&
        t.label.includes('history-growth.md'),
    );
    assert.strictEqual(await vscode.commands.executeCommand('agentCost.openRuleDocs', 'history-growth'), true);
    await vscode.window.tabGroups.close(await opened);
    assert.strictEqual(await vscode.commands.executeCommand('agentCost.openRuleDocs', '../../etc/passwd'), false);
  });

  itCorpus('shows the CLI figures on a real export from the corpus (EduChat)', async () => {
    const d = await open(EDUCHAT);
    await diagnosticsFor(d.uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', d.uri);
    const shown = Number(/^Agent cost: ([\d.]+)/.exec(lenses[0].command!.title)![1]);
    const expected = Number(cli(EDUCHAT).conversation.credits.expected);
    assert.ok(Math.abs(shown - expected) / expected < 0.001, `${shown} vs ${expected}`);
    await open(example);
  });

  it('keeps package.json settings and the code in sync', () => {
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON;
    const props = Object.keys(pkg.contributes.configuration.properties)
      .map((k: string) => k.replace(/^agentCost\./, ''))
      .sort();

    // package.json is generated from the settings table (a unit test checks it); the client reads
    // exactly the contributed keys, and the server maps each of them.
    const { editorConfiguration } = require(path.join(REPO, 'out', 'src', 'core', 'settings', 'editor.js'));
    assert.deepStrictEqual(
      props,
      Object.keys(editorConfiguration().properties)
        .map((k: string) => k.replace(/^agentCost\./, ''))
        .sort(),
    );
    const { contributedKeys } = require(path.join(REPO, 'out', 'src', 'client', 'settings.js'));
    assert.deepStrictEqual([...contributedKeys(pkg)].sort(), props);
    const commands = pkg.contributes.commands.map((c: { command: string; category: string }) => {
      assert.strictEqual(c.category, 'Agent Cost');
      return c.command;
    });
    return vscode.commands
      .getCommands(true)
      .then((all) => commands.forEach((c: string) => assert.ok(all.includes(c), c)));
  });
});
