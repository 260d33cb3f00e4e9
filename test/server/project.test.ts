/** The server with a project file: budgets, its own problems, parity with `check`, and quick fixes applied to real
 * text. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { committedRepo, FIXTURES, REPO } from '../helpers';
import { LspClient, PublishedDiagnostics, useServer } from './lspClient';

interface Action {
  title: string;
  edit?: {
    changes?: Record<string, { range: Range; newText: string }[]>;
    documentChanges?: (
      { kind: string; uri: string } | { textDocument: { uri: string }; edits: { range: Range; newText: string }[] }
    )[];
  };
  command?: { command: string; arguments: unknown[] };
}
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
type Diag = PublishedDiagnostics['diagnostics'][number] & { data?: unknown; codeDescription?: { href: string } };

const uriOf = (f: string) => `file://${f}`;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-proj-'));

function apply(text: string, edits: { range: Range; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), edits);
}

describe('language server with a project file', function () {
  this.timeout(30_000);
  const server = useServer();
  let client: LspClient;
  beforeEach(() => (client = server()));

  const actionsFor = (uri: string, diag: Diag) =>
    client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    });

  it('enforces the budgets of .agentcost.yaml and reports the same findings as `agent-cost check`', async () => {
    const dir = tmp();
    const file = path.join(dir, 'pizza.vf');
    copyFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), file);
    writeFileSync(path.join(dir, '.agentcost.yaml'), 'budgets:\n  creditsPerMonth: 100\n  creditsPerTurn: 1.05\n');
    const d = await client.open(uriOf(file), readFileSync(file, 'utf8'));
    const month = d.diagnostics.find((x) => x.code === 'month-over-budget') as Diag;
    assert.ok(month);
    assert.strictEqual(month.severity, 1);
    assert.ok(existsSync(new URL(month.codeDescription!.href)));
    const cli = spawnSync(
      process.execPath,
      [path.join(REPO, 'bin', 'agent-cost.js'), 'check', file, '--format', 'json'],
      { encoding: 'utf8' },
    );
    const fromCli = JSON.parse(cli.stdout)
      .files[0].findings.map(
        (f: { rule: string; range: Range | null; message: string }) =>
          `${f.rule}@${f.range?.start.line ?? 0}:${f.message}`,
      )
      .sort();
    const fromServer = d.diagnostics.map((x) => `${x.code}@${x.range.start.line}:${x.message}`).sort();
    assert.deepStrictEqual(fromServer, fromCli);
  });

  it('publishes problems of a broken project file on it, with positions; the export is still analysed', async () => {
    const dir = tmp();
    const file = path.join(dir, 'loop.vf');
    copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
    writeFileSync(path.join(dir, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: many\n');
    const configUri = uriOf(path.join(dir, '.agentcost.yaml'));
    const onConfig = client.nextDiagnostics(configUri);
    const d = await client.open(uriOf(file), readFileSync(file, 'utf8'));
    assert.ok(d.diagnostics.some((x) => x.code === 'llm-in-loop'));
    const c = await onConfig;
    assert.strictEqual(c.diagnostics[0].range.start.line, 1);
    assert.match(
      c.diagnostics[0].message,
      /traffic\.turnsPerConversation must be an integer from 1 to 200, got "many"; using the default \(5\)/,
    );
  });

  it('"Ignore this rule for this step" creates .agentcost.yaml; the finding goes once the file exists', async () => {
    const dir = tmp();
    const file = path.join(dir, 'loop.vf');
    copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
    const d = await client.open(uriOf(file), readFileSync(file, 'utf8'));
    const loop = d.diagnostics.find((x) => x.code === 'llm-in-loop') as Diag;
    const actions = await actionsFor(uriOf(file), loop);
    const ignore = actions.find((a) => a.title === 'Ignore llm-in-loop for this step (.agentcost.yaml)')!;
    assert.ok(ignore, actions.map((a) => a.title).join(' | '));
    const [create, edit] = ignore.edit!.documentChanges! as [
      { kind: string; uri: string },
      { edits: { range: Range; newText: string }[] },
    ];
    assert.strictEqual(create.kind, 'create');
    assert.strictEqual(create.uri, uriOf(path.join(dir, '.agentcost.yaml')));
    const yamlText = apply('', edit.edits);
    assert.deepStrictEqual(parseYaml(yamlText), {
      ignore: [{ rule: 'llm-in-loop', stepId: 'g1', reason: 'TODO: why this cost is acceptable' }],
    });
    writeFileSync(path.join(dir, '.agentcost.yaml'), yamlText);
    const next = client.nextDiagnostics(uriOf(file));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 1 }] });
    assert.ok(!(await next).diagnostics.some((x) => x.code === 'llm-in-loop'));
    assert.ok(
      actions.some((a) => a.command?.command === 'agentCost.openRuleDocs' && a.command.arguments[0] === 'llm-in-loop'),
    );
  });

  it('"Set maxTokens" edits only that property of the export, keeping its formatting', async () => {
    const dir = tmp();
    const file = path.join(dir, 'nocap.vf');
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    delete doc.diagrams['d-main'].nodes.g1.data.maxTokens;
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(file, text);
    const d = await client.open(uriOf(file), text);
    const diag = d.diagnostics.find((x) => x.code === 'missing-output-cap') as Diag;
    const fix = (await actionsFor(uriOf(file), diag)).find((a) => a.title === 'Set maxTokens to 300')!;
    const after = apply(text, fix.edit!.changes![uriOf(file)]);
    assert.strictEqual(JSON.parse(after).diagrams['d-main'].nodes.g1.data.maxTokens, 300);
    assert.strictEqual(after.split('\n').length, text.split('\n').length + 1);
  });

  it('a deprecated model offers the switch (export edit) and a what-if (project file)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'old.vf');
    copyFileSync(path.join(FIXTURES, 'era-b.vf'), file);
    writeFileSync(path.join(dir, '.agentcost.yaml'), '# our project\ntraffic:\n  conversationsPerMonth: 3000\n');
    const text = readFileSync(file, 'utf8');
    const d = await client.open(uriOf(file), text);
    const diag = d.diagnostics.find((x) => x.code === 'deprecated-model') as Diag;
    const actions = await actionsFor(uriOf(file), diag);
    const sw = actions.find((a) => a.title === 'Switch this step to gpt-4o-mini (edit the export)')!;
    assert.strictEqual(
      JSON.parse(apply(text, sw.edit!.changes![uriOf(file)])).diagrams['d-main'].nodes.g.data.model,
      'gpt-4o-mini',
    );
    const whatIf = actions.find((a) => a.title === 'Try gpt-4o-mini for this step (what-if in .agentcost.yaml)')!;
    const cfgUri = uriOf(path.join(dir, '.agentcost.yaml'));
    const newYaml = apply(readFileSync(path.join(dir, '.agentcost.yaml'), 'utf8'), whatIf.edit!.changes![cfgUri]);
    assert.match(newYaml, /^# our project/);
    assert.deepStrictEqual(parseYaml(newYaml), {
      traffic: { conversationsPerMonth: 3000 },
      whatIf: { models: { g: 'gpt-4o-mini' } },
    });
  });

  it('uses the project file the editor setting points to instead of the nearest one', async () => {
    const dir = tmp();
    const elsewhere = path.join(tmp(), 'shared.yaml');
    writeFileSync(elsewhere, 'rules:\n  llm-in-loop: off\n');
    writeFileSync(path.join(dir, '.agentcost.yaml'), 'rules:\n  llm-in-loop: error\n');
    const file = path.join(dir, 'loop.vf');
    copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
    const other = new LspClient({ 'project.configPath': elsewhere });
    await other.initialize();
    try {
      const d = await other.open(uriOf(file), readFileSync(file, 'utf8'));
      assert.ok(!d.diagnostics.some((x) => x.code === 'llm-in-loop'));
    } finally {
      await other.close();
    }
    const d = await client.open(uriOf(file), readFileSync(file, 'utf8'));
    assert.strictEqual(d.diagnostics.find((x) => x.code === 'llm-in-loop')!.severity, 1);
  });

  it("hovers price the cheaper model at the project's negotiated rate", async () => {
    const dir = tmp();
    const file = path.join(dir, 'old.vf');
    copyFileSync(path.join(FIXTURES, 'era-b.vf'), file); // gpt-3.5-turbo, cheaper: gpt-4o-mini
    writeFileSync(
      path.join(dir, '.agentcost.yaml'),
      'pricing:\n  models:\n    gpt-4o-mini: { inputPer1K: "0", outputPer1K: "0" }\n',
    );
    const text = readFileSync(file, 'utf8');
    await client.open(uriOf(file), text);
    const line = text.split('\n').findIndex((l) => l.includes('"nodeID": "g"'));
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uriOf(file) },
      position: { line, character: 6 },
    });
    assert.match(h.contents.value, /On `gpt-4o-mini`: ≈0 credits per run \(−100 %\)/);
  });

  it('hovers a model the rate card knows without a price as "price unknown", never 0', async () => {
    const file = path.join(tmp(), 'core.vf');
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'era-b.vf'), 'utf8'));
    const text = JSON.stringify(doc, null, 2).replace('"gpt-3.5-turbo"', '"voiceflow-core-4.1"');
    assert.ok(text.includes('voiceflow-core-4.1'));
    writeFileSync(file, text);
    const d = await client.open(uriOf(file), text);
    assert.match(d.diagnostics.find((x) => x.code === 'unknown-model-price')!.message, /its price is unknown/);
    const line = text.split('\n').findIndex((l) => l.includes('"nodeID": "g"'));
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uriOf(file) },
      position: { line, character: 6 },
    });
    assert.match(
      h.contents.value,
      /Rate: \*\*unknown\*\* — `voiceflow-core-4\.1` is in the rate card but its price is unknown/,
    );
    assert.doesNotMatch(h.contents.value, /null/);
  });

  it('compares a document with its version at a git ref', async () => {
    const { file } = committedRepo();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.diagrams['d-main'].nodes.g2.data.model = 'gpt-4o';
    await client.open(uriOf(file), JSON.stringify(doc, null, 2));
    const r = await client.request<{ ok: boolean; markdown: string; diff: { steps: { id: string }[] } }>(
      'agentCost/diff',
      { uri: uriOf(file), base: 'HEAD' },
    );
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.diff.steps.map((s) => s.id),
      ['g2'],
    );
    assert.match(r.markdown, /^## Agent cost diff/);
    const bad = await client.request<{ ok: boolean; error: string }>('agentCost/diff', {
      uri: uriOf(file),
      base: 'nope',
    });
    assert.strictEqual(bad.ok, false);
    assert.match(bad.error, /cannot read .* at nope/);
  });
});
