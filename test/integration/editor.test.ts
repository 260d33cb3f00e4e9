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

const REPO = process.env.AGENT_COST_REPO!;
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus', 'real');
const EDUCHAT = path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const EXT_ID = 'agent-cost-lens.agent-cost-lens';

function cli(file: string): {
  conversation: { credits: { expected: string } };
  steps: { id: string; credits: string | null; range: { start: { line: number } } | null; type: string }[];
} {
  return JSON.parse(
    execFileSync(
      process.env.AGENT_COST_NODE ?? 'node',
      [path.join(REPO, 'bin', 'agent-cost.js'), 'report', file, '--format', 'json'],
      { encoding: 'utf8' },
    ),
  );
}

/** Resolves once the document has diagnostics from our server (an event, not a sleep). */
function diagnosticsFor(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const d = vscode.languages.getDiagnostics(uri);
      if (predicate(d)) {
        sub.dispose();
        resolve(d);
      }
    });
  });
}

/** A diagnostic's rule id (VS Code turns `code` into { value, target } when it links to docs). */
const ruleOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('Agent Cost in a real VS Code', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not installed`);
    doc = await open(EDUCHAT);
    await ext.activate();
    await diagnosticsFor(doc.uri);
  });

  it('contributes the voiceflow language for .vf files', () => {
    assert.strictEqual(doc.languageId, 'voiceflow');
  });

  it('shows code lenses with the same figures as the CLI', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const report = cli(EDUCHAT);
    const top = titles[0];
    assert.match(top, /^Agent cost: [\d.]+ credits\/conversation/);
    const expected = Number(report.conversation.credits.expected);
    const shown = Number(/^Agent cost: ([\d.]+)/.exec(top)![1]);
    assert.ok(Math.abs(shown - expected) / expected < 0.001, `${shown} vs ${expected}`);
    const gen = report.steps.find((s) => s.type === 'generative')!;
    const onStep = lenses.filter((l) => l.range.start.line === gen.range!.start.line).map((l) => l.command!.title);
    assert.ok(
      onStep.some((t) => t.startsWith('≈') && t.includes('credits ·')),
      onStep.join(' | '),
    );
    assert.ok(titles.some((t) => t.startsWith('free · ')));
  });

  it('hovers a step with the token breakdown and the rate source', async () => {
    const report = cli(EDUCHAT);
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
    assert.match(text, /\| system \| prompt \| variables/);
    assert.match(text, /Rate: .* credits per 1K input \/ output tokens \(source: .*checked \d{4}-\d{2}-\d{2}\)/);
  });

  it('publishes engine diagnostics with ranges', () => {
    const d = vscode.languages.getDiagnostics(doc.uri);
    assert.ok(d.length > 0);
    assert.ok(d.every((x) => x.source === 'agent-cost'));
  });

  it('diagnoses a half-typed export at its line and column', async () => {
    const tmp = path.join(os.tmpdir(), `half-${Date.now()}.vf`);
    require('fs').writeFileSync(tmp, readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8').slice(0, 500));
    const d = await diagnosticsFor((await open(tmp)).uri);
    assert.strictEqual(ruleOf(d[0]), 'invalid-json');
    assert.match(d[0].message, /line \d+, column \d+/);
    await open(EDUCHAT);
  });

  it('Show Cost Report opens the report with escaped file text', async () => {
    const r = await vscode.commands.executeCommand<{ title: string; html: string }>('agentCost.showReport', doc.uri);
    assert.match(r.title, /^Cost: EduChat V1/);
    assert.match(r.html, /<h1>Agent cost: EduChat V1<\/h1>/);
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
    await open(EDUCHAT);
  });

  it('Show Cost Map opens the map webview: blocks with data-block-id and the CLI’s data-credits', async () => {
    const r = await vscode.commands.executeCommand<{ title: string; html: string }>('agentCost.showCostMap', doc.uri);
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

  it('escapes text from the file in the cost map webview', async () => {
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
        assert.strictEqual(JSON.parse(text).conversation.credits.expected, cli(EDUCHAT).conversation.credits.expected);
      else assert.ok(text.length > 100);
    }
  });

  it('Estimate Monthly Usage projects a given traffic', async () => {
    const r = await vscode.commands.executeCommand<{ conversations: number; credits: string; summary: string }>(
      'agentCost.estimateMonthly',
      doc.uri,
      20000,
    );
    assert.strictEqual(r.conversations, 20000);
    const perConv = Number(cli(EDUCHAT).conversation.credits.expected);
    assert.ok(Math.abs(Number(r.credits) - perConv * 20000) < 0.0001);
    assert.match(r.summary, /20,000 conversations\/month/);
  });

  it('Try Another Model prices the whole file on another model', async () => {
    const r = await vscode.commands.executeCommand<{
      model: string;
      before: { conversation: string };
      after: { conversation: string };
    }>('agentCost.tryModel', doc.uri, 'gpt-4o-mini');
    assert.strictEqual(r.model, 'gpt-4o-mini');
    assert.ok(Number(r.after.conversation) < Number(r.before.conversation));
  });

  it('Open Settings opens the settings editor', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('agentCost.openSettings'), true);
  });

  it('changing a setting re-analyses with it', async () => {
    const cfg = vscode.workspace.getConfiguration('agentCost');
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === doc.uri.toString())) {
          sub.dispose();
          resolve();
        }
      });
    });
    await cfg.update('traffic.turnsPerConversation', 9, vscode.ConfigurationTarget.Global);
    await changed;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const shown = Number(/^Agent cost: ([\d.]+)/.exec(lenses[0].command!.title)![1]);
    await cfg.update('traffic.turnsPerConversation', undefined, vscode.ConfigurationTarget.Global);
    assert.ok(shown > Number(cli(EDUCHAT).conversation.credits.expected));
  });

  it('Reveal Step moves the cursor to the step', async () => {
    const gen = cli(EDUCHAT).steps.find((s) => s.type === 'generative')!;
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
    await open(EDUCHAT);
  });

  it('offers quick fixes through the code-action API and applies them', async () => {
    // Inside the workspace: VS Code watches project files in workspace folders.
    const dir = require('fs').mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'fix-'));
    const file = path.join(dir, 'loop.vf');
    require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', 'loop.vf'), file);
    const d = await open(file);
    const diags = await diagnosticsFor(d.uri, (x) => x.some((y) => ruleOf(y) === 'llm-in-loop'));
    const loop = diags.find((x) => ruleOf(x) === 'llm-in-loop')!;
    assert.match(String((loop.code as { target: vscode.Uri }).target), /docs\/rules\/llm-in-loop\.md$/);
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
    assert.match(p[0].message, /loopCap must be a non-negative number/);
    await open(EDUCHAT);
  });

  it('Compare with Git HEAD shows the cost change in a panel', async () => {
    const dir = require('fs').mkdtempSync(path.join(os.tmpdir(), 'git-'));
    const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    const file = path.join(dir, 'agent.vf');
    require('fs').copyFileSync(path.join(REPO, 'test', 'fixtures', 'branches.vf'), file);
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
    await open(EDUCHAT);
  });

  it('Open Rule Docs opens the rule page', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('agentCost.openRuleDocs', 'history-growth'), true);
  });

  it('keeps package.json settings and the code in sync', () => {
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON;
    const props = Object.keys(pkg.contributes.configuration.properties)
      .map((k: string) => k.replace(/^agentCost\./, ''))
      .sort();

    const { SETTING_KEYS } = require(path.join(REPO, 'out', 'src', 'client', 'settings.js'));
    assert.deepStrictEqual(props, [...SETTING_KEYS].sort());
    const commands = pkg.contributes.commands.map((c: { command: string; category: string }) => {
      assert.strictEqual(c.category, 'Agent Cost');
      return c.command;
    });
    return vscode.commands
      .getCommands(true)
      .then((all) => commands.forEach((c: string) => assert.ok(all.includes(c), c)));
  });
});
