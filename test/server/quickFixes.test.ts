/**
 * Quick fixes on files that are legal but tricky: duplicate keys (JSON.parse keeps the last), a
 * node whose nodeID differs from its key, a project file open with unsaved changes, a step id "*".
 */
import * as assert from 'assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { FIXTURES } from '../helpers';
import { LspClient, PublishedDiagnostics, useServer } from './lspClient';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface TextEditJson {
  range: Range;
  newText: string;
}
interface Action {
  title: string;
  edit?: {
    changes?: Record<string, TextEditJson[]>;
    documentChanges?: (
      { kind: string; uri: string } | { textDocument: { uri: string; version: number | null }; edits: TextEditJson[] }
    )[];
  };
}
type Diag = PublishedDiagnostics['diagnostics'][number];

const uriOf = (f: string) => `file://${f}`;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-fix-'));
const apply = (text: string, edits: TextEditJson[]) =>
  TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), edits);

/** branches.vf without maxTokens on its LLM steps (so missing-output-cap offers "Set maxTokens"), indented. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function uncapped(): { doc: Record<string, any>; text: () => string } {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
  delete doc.diagrams['d-main'].nodes.g1.data.maxTokens;
  delete doc.diagrams['d-main'].nodes.g2.data.maxTokens;
  return { doc, text: () => JSON.stringify(doc, null, 2) };
}

describe('quick fixes on tricky exports', function () {
  this.timeout(30_000);
  const server = useServer();
  let client: LspClient;
  beforeEach(() => (client = server()));

  const fixes = async (uri: string, text: string, rule: string, stepId: string) => {
    const d = await client.open(uri, text);
    const diag = d.diagnostics.find(
      (x) => x.code === rule && (x as { data?: { stepId?: string } }).data?.stepId === stepId,
    );
    assert.ok(diag, `no ${rule} on ${stepId}: ${d.diagnostics.map((x) => x.message).join(' | ')}`);
    return client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: (diag as Diag).range,
      context: { diagnostics: [diag] },
    });
  };

  it('with a duplicate node key, "Set maxTokens" edits the copy JSON.parse keeps', async () => {
    const dir = tmp();
    const file = path.join(dir, 'dup.vf');
    const stale =
      '"g1": { "nodeID": "g1", "type": "generative", "data": { "name": "stale", "maxTokens": 5 } },\n        ';
    const text = uncapped().text().replace('"g1": {', `${stale}"g1": {`);
    assert.strictEqual(JSON.parse(text).diagrams['d-main'].nodes.g1.data.name, 'g1');
    writeFileSync(file, text);
    const fix = (await fixes(uriOf(file), text, 'missing-output-cap', 'g1')).find((a) =>
      /^Set maxTokens/.test(a.title),
    )!;
    assert.ok(fix, 'no maxTokens fix offered');
    const after = apply(text, fix.edit!.changes![uriOf(file)]);
    assert.strictEqual(JSON.parse(after).diagrams['d-main'].nodes.g1.data.maxTokens, 300);
    assert.ok(after.includes(stale), 'the discarded copy was edited');
  });

  it('with a duplicate "data" key in the step, the kept "data" gets the edit', async () => {
    const dir = tmp();
    const file = path.join(dir, 'dupdata.vf');
    const text = uncapped().text().replace('"nodeID": "g1",', '"nodeID": "g1",\n          "data": { "maxTokens": 5 },');
    writeFileSync(file, text);
    const fix = (await fixes(uriOf(file), text, 'missing-output-cap', 'g1')).find((a) =>
      /^Set maxTokens/.test(a.title),
    )!;
    const after = apply(text, fix.edit!.changes![uriOf(file)]);
    assert.strictEqual(JSON.parse(after).diagrams['d-main'].nodes.g1.data.maxTokens, 300);
    assert.ok(after.includes('"data": { "maxTokens": 5 },'));
  });

  it('when a nodeID differs from its key, the fix edits that node (no new node appears)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'renamed.vf');
    const { doc } = uncapped();
    const nodes = doc.diagrams['d-main'].nodes;
    nodes['node-17'] = nodes.g1;
    delete nodes.g1;
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(file, text);
    const actions = await fixes(uriOf(file), text, 'missing-output-cap', 'g1');
    const after = apply(text, actions.find((a) => /^Set maxTokens/.test(a.title))!.edit!.changes![uriOf(file)]);
    const kept = JSON.parse(after).diagrams['d-main'].nodes;
    assert.strictEqual(kept['node-17'].data.maxTokens, 300);
    assert.ok(!('g1' in kept));
  });

  it('edits the open project file buffer, unsaved changes included, guarded by its version', async () => {
    const dir = tmp();
    const file = path.join(dir, 'loop.vf');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8'));
    const cfg = path.join(dir, '.agentcost.yaml');
    writeFileSync(cfg, 'traffic:\n  conversationsPerMonth: 3000\n');
    const unsaved = '# typed, not saved\ntraffic:\n  conversationsPerMonth: 4000\n';
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(cfg), languageId: 'yaml', version: 7, text: unsaved },
    });
    const actions = await fixes(uriOf(file), readFileSync(file, 'utf8'), 'llm-in-loop', 'g1');
    const ignore = actions.find((a) => a.title === 'Ignore llm-in-loop for this step (.agentcost.yaml)')!;
    const [change] = ignore.edit!.documentChanges! as {
      textDocument: { uri: string; version: number };
      edits: TextEditJson[];
    }[];
    assert.deepStrictEqual(change.textDocument, { uri: uriOf(cfg), version: 7 });
    const result = apply(unsaved, change.edits);
    assert.match(result, /^# typed, not saved\n/);
    assert.deepStrictEqual(parseYaml(result), {
      traffic: { conversationsPerMonth: 4000 },
      ignore: [{ rule: 'llm-in-loop', stepId: 'g1', reason: 'TODO: why this cost is acceptable' }],
    });
    // The YAML buffer is not an export: no lenses, no formatting as JSON.
    assert.strictEqual(await client.request('textDocument/codeLens', { textDocument: { uri: uriOf(cfg) } }), null);
    const formatting = await client.request('textDocument/formatting', {
      textDocument: { uri: uriOf(cfg) },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.strictEqual(formatting, null);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(cfg) } });
  });

  it('ignoring a step whose id is "*" ignores that step only', async () => {
    const dir = tmp();
    const file = path.join(dir, 'star.vf');
    const { doc } = uncapped();
    const nodes = doc.diagrams['d-main'].nodes;
    nodes['*'] = { ...nodes.g1, nodeID: '*' };
    delete nodes.g1;
    doc.diagrams['d-main'].nodes.blk1.data.steps = doc.diagrams['d-main'].nodes.blk1.data.steps.map((s: string) =>
      s === 'g1' ? '*' : s,
    );
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(file, text);
    const actions = await fixes(uriOf(file), text, 'missing-output-cap', '*');
    const ignore = actions.find((a) => a.title === 'Ignore missing-output-cap for this step (.agentcost.yaml)')!;
    const [create, edit] = ignore.edit!.documentChanges! as unknown as [{ uri: string }, { edits: TextEditJson[] }];
    const yamlText = apply('', edit.edits);
    assert.deepStrictEqual(parseYaml(yamlText).ignore[0].stepId, '\\*');
    writeFileSync(path.join(dir, '.agentcost.yaml'), yamlText);
    const next = client.nextDiagnostics(uriOf(file));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 1 }] });
    const left = (await next).diagnostics
      .filter((x) => x.code === 'missing-output-cap')
      .map((x) => (x as { data?: { stepId?: string } }).data?.stepId);
    assert.deepStrictEqual(left, ['g2']);
  });
});
