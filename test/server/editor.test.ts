/**
 * Editor features over the real server (stdio): inlay hints, workspace/executeCommand, diagnostics
 * on the offending property, duplicate-free quick fixes, the project-file entry a fix writes.
 */
import * as assert from 'assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fmtCredits, fmtInt } from '../../src/core/report/display';
import type { AnalysisResult } from '../../src/protocol';
import { CORPUS, FIXTURES, itCorpus } from '../helpers';
import { LspClient, useServer } from './lspClient';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Hint {
  position: { line: number; character: number };
  label: string;
}
interface Diag {
  range: Range;
  code: string;
  message: string;
  data?: unknown;
}
interface Action {
  title: string;
  diagnostics?: Diag[];
  edit?: {
    changes?: Record<string, { range: Range; newText: string }[]>;
    documentChanges?: (
      { kind: string } | { textDocument: { uri: string }; edits: { range: Range; newText: string }[] }
    )[];
  };
  command?: { command: string; arguments: unknown[] };
}

const EDUCHAT = path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const uriOf = (f: string) => `file://${f}`;
const whole = (lines: string[]) => ({ start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } });
const slice = (text: string, r: Range) => {
  const d = TextDocument.create('x', 'json', 1, text);
  return text.slice(d.offsetAt(r.start), d.offsetAt(r.end));
};

/** branches.vf with a large old model and a high output cap on its generative step g1. */
function costlyBranches(): string {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
  doc.diagrams['d-main'].nodes.g1.data.model = 'gpt-4';
  doc.diagrams['d-main'].nodes.g1.data.maxTokens = 5000;
  return JSON.stringify(doc, null, 2);
}

describe('language server: editor features', function () {
  this.timeout(30_000);
  const server = useServer();
  let client: LspClient;
  beforeEach(() => (client = server()));

  itCorpus('gives inlay hints at the end of the model, maxTokens, prompt and turn-start lines', async () => {
    const text = readFileSync(EDUCHAT, 'utf8');
    await client.open(uriOf(EDUCHAT), text);
    const lines = text.split('\n');
    const hints = await client.request<Hint[]>('textDocument/inlayHint', {
      textDocument: { uri: uriOf(EDUCHAT) },
      range: whole(lines),
    });
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(EDUCHAT) });
    assert.ok(a.ok);
    const onLine = (re: RegExp) => hints.filter((h) => re.test(lines[h.position.line]));
    const model = onLine(/^\s*"model":/);
    assert.ok(model.length > 0);
    assert.ok(
      model.every((h) => /^(≈[\d.,–]+|unknown) cr\/run$/.test(h.label)),
      model.map((h) => h.label).join(),
    );
    // At the end of the line (after the comma), not inside the value.
    for (const h of model) assert.strictEqual(h.position.character, lines[h.position.line].length);
    const gen = a.report.steps.find((s) => s.type === 'generative' && s.calls.length === 1)!;
    let modelLine = gen.range!.start.line;
    while (!/^\s*"model":/.test(lines[modelLine])) modelLine++;
    assert.strictEqual(hints.find((h) => h.position.line === modelLine)!.label, `≈${fmtCredits(gen.credits)} cr/run`);
    assert.ok(onLine(/^\s*"maxTokens":/).every((h) => /^max [\d.,–]+ cr$/.test(h.label)));
    const prompts = onLine(/^\s*"(prompt|system)":/);
    assert.ok(prompts.length > 0);
    assert.ok(prompts.every((h) => /^≈?[\d,]+ tok$/.test(h.label)));
    assert.ok(hints.some((h) => / cr\/turn$/.test(h.label)));
    // A range asks only for the visible lines.
    const some = await client.request<Hint[]>('textDocument/inlayHint', {
      textDocument: { uri: uriOf(EDUCHAT) },
      range: { start: { line: modelLine, character: 0 }, end: { line: modelLine, character: 0 } },
    });
    assert.deepStrictEqual(
      some.map((h) => h.position.line),
      [modelLine],
    );
  });

  it('counts a prompt string on its own', async () => {
    const uri = 'file:///tmp/hint-prompt.vf';
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    doc.diagrams['d-main'].nodes.g1.data.prompt = 'one two three four five six seven eight nine ten';
    const text = JSON.stringify(doc, null, 2);
    await client.open(uri, text);
    const lines = text.split('\n');
    const hints = await client.request<Hint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: whole(lines),
    });
    const line = lines.findIndex((l) => l.includes('"prompt": "one two'));
    assert.strictEqual(hints.find((h) => h.position.line === line)?.label, `${fmtInt(10)} tok`);
  });

  it('puts model and maxTokens findings on the property, and offers each fix once', async () => {
    const uri = uriOf(path.join(mkdtempSync(path.join(tmpdir(), 'acl-ed-')), 'costly.vf'));
    const text = costlyBranches();
    writeFileSync(new URL(uri), text);
    const d = await client.open(uri, text);
    const cap = d.diagnostics.find((x) => x.code === 'high-output-cap') as unknown as Diag;
    const dep = d.diagnostics.find((x) => x.code === 'deprecated-model') as unknown as Diag;
    assert.strictEqual(slice(text, cap.range), '"maxTokens": 5000');
    assert.strictEqual(slice(text, dep.range), '"model": "gpt-4"');
    // Both findings at once (as an editor asks for a line with two problems): no duplicate titles.
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: dep.range,
      context: { diagnostics: d.diagnostics.filter((x) => x.code !== 'invalid-json') },
    });
    const titles = actions.map((x) => x.title);
    assert.deepStrictEqual(titles, [...new Set(titles)], titles.join(' | '));
    assert.ok(titles.includes('Lower maxTokens to 1000'));
  });

  it('two rules suggesting the same model switch give one action for both findings', async () => {
    const uri = uriOf(path.join(mkdtempSync(path.join(tmpdir(), 'acl-ed-')), 'set.vf'));
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    const g1 = doc.diagrams['d-main'].nodes.g1;
    g1.type = 'ai_set';
    g1.data = { model: 'gpt-4', maxTokens: 100, sets: [{ prompt: 'summarise', variable: 'v1' }] };
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(new URL(uri), text);
    const d = await client.open(uri, text);
    const model = d.diagnostics.filter((x) => ['deprecated-model', 'expensive-model-for-task'].includes(x.code));
    assert.strictEqual(model.length, 2, d.diagnostics.map((x) => x.code).join());
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: model[0].range,
      context: { diagnostics: model },
    });
    const sw = actions.filter((a) => a.title.startsWith('Switch this step to'));
    assert.strictEqual(sw.length, 1, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(sw[0].diagnostics!.length, 2);
  });

  it('an ignore entry names its step in a comment and the fix opens it with the reason selected', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'acl-ed-'));
    const file = path.join(dir, 'loop.vf');
    const text = readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8');
    writeFileSync(file, text);
    const d = await client.open(uriOf(file), text);
    const loop = d.diagnostics.find((x) => x.code === 'llm-in-loop') as unknown as Diag;
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range: loop.range,
      context: { diagnostics: [loop] },
    });
    const ignore = actions.find((a) => a.title.startsWith('Ignore llm-in-loop'))!;
    const dc = ignore.edit!.documentChanges!.find((c) => 'edits' in c) as { edits: { newText: string }[] };
    const yaml = dc.edits[0].newText;
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
    assert.ok(a.ok);
    const stepId = (loop.data as { stepId: string }).stepId;
    const name = a.report.steps.find((s) => s.id === stepId)!.name;
    assert.match(yaml, new RegExp(`# ${name}\\n\\s*- rule: llm-in-loop`));
    assert.strictEqual(ignore.command!.command, 'agentCost.server.showDocument');
    const [target, range] = ignore.command!.arguments as [string, Range];
    assert.strictEqual(target, uriOf(path.join(dir, '.agentcost.yaml')));
    assert.strictEqual(slice(yaml, range), '"TODO: why this cost is acceptable"');
  });
});

describe('language server: a half-typed edit keeps the last good figures', function () {
  this.timeout(30_000);
  const server = useServer();

  it('lenses, hints and analysis keep the last good figures, marked out of date, beside the parse error', async () => {
    const client = server();
    const uri = 'file:///tmp/half-typed.vf';
    const text = readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8');
    await client.open(uri, text);
    const good = await client.request<AnalysisResult>('agentCost/analysis', { uri });
    assert.ok(good.ok && !good.stale);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"model"'));
    lines[at] = lines[at] + ' "stray": ';
    const d = await client.change(uri, 2, lines.join('\n'));
    assert.strictEqual(d.diagnostics[0].code, 'invalid-json');
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri });
    assert.ok(a.ok, JSON.stringify(a).slice(0, 200));
    assert.strictEqual(a.version, 2);
    assert.match(a.stale!, /^JSON error at line \d+$/);
    assert.strictEqual(a.report.conversation.credits.expected, good.report.conversation.credits.expected);
    const lenses = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    assert.match(lenses[0].command.title, /^Out of date \(JSON error at line \d+\) · Agent cost: /);
    assert.ok(lenses.slice(1).every((l) => / · out of date$/.test(l.command.title)));
    const hints = await client.request<Hint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: whole(lines),
    });
    assert.ok(hints.some((h) => / cr\/run · out of date$/.test(h.label)));
    assert.ok(hints.every((h) => / · out of date$/.test(h.label)));
  });
});

describe('language server: workspace/executeCommand for any client', function () {
  this.timeout(30_000);

  it('advertises its commands, formats a minified export with applyEdit and shows the report', async () => {
    const client = new LspClient();
    const applied: unknown[] = [];
    const messages: string[] = [];
    client.conn.onRequest('workspace/applyEdit', (p: unknown) => {
      applied.push(p);
      return { applied: true };
    });
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void messages.push(p.message));
    const init = (await client.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { applyEdit: true } },
    })) as { capabilities: { executeCommandProvider: { commands: string[] }; inlayHintProvider: unknown } };
    await client.conn.sendNotification('initialized', {});
    try {
      assert.deepStrictEqual(init.capabilities.executeCommandProvider.commands.sort(), [
        'agentCost.server.formatExport',
        'agentCost.server.showDocument',
        'agentCost.server.showReport',
      ]);
      assert.ok(init.capabilities.inlayHintProvider);
      const uri = 'file:///tmp/exec-min.vf';
      const min = JSON.stringify(JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8')));
      await client.open(uri, min);
      const r = await client.request<{ ok: boolean }>('workspace/executeCommand', {
        command: 'agentCost.server.formatExport',
        arguments: [uri],
      });
      assert.ok(r.ok);
      const edit = applied[0] as { edit: { changes: Record<string, { range: Range; newText: string }[]> } };
      const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, min), edit.edit.changes[uri]);
      assert.match(formatted, /^\{\n {2}"/);
      assert.deepStrictEqual(JSON.parse(formatted), JSON.parse(min));
      const rep = await client.request<{ ok: boolean; markdown: string }>('workspace/executeCommand', {
        command: 'agentCost.server.showReport',
        arguments: [uri],
      });
      assert.match(rep.markdown, /^# Agent cost: /);
      assert.match(messages[0], /^Agent cost: [\d.,]+ credits\/conversation/);
      // A closed file is never reopened to be formatted.
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      const closed = await client.request<{ ok: boolean }>('workspace/executeCommand', {
        command: 'agentCost.server.formatExport',
        arguments: [uri],
      });
      assert.strictEqual(closed.ok, false);
      assert.strictEqual(applied.length, 1);
    } finally {
      await client.close();
    }
  });
});

describe('language server: a file reopened after it broke on disk shows no figures', function () {
  this.timeout(30_000);
  const server = useServer();
  const text = readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8');
  // A closing brace deleted (the line stays, so the line count is the same): the JSON does not parse.
  const lastBrace = text.lastIndexOf('}');
  const broken = text.slice(0, lastBrace) + text.slice(lastBrace + 1);
  const lensesOf = (uri: string) =>
    server().request<{ command: { title: string } }[] | null>('textDocument/codeLens', { textDocument: { uri } });
  const hintsOf = (uri: string) =>
    server().request<Hint[] | null>('textDocument/inlayHint', {
      textDocument: { uri },
      range: whole(text.split('\n')),
    });

  /** The analysis is an error with no out-of-date figures, and there are no lenses. */
  async function noFigures(uri: string) {
    const a = await server().request<AnalysisResult>('agentCost/analysis', { uri });
    assert.ok(!a.ok && !('stale' in a), JSON.stringify(a).slice(0, 200));
    assert.deepStrictEqual(await lensesOf(uri), []);
  }

  /** Opened valid (lenses shown), closed, opened again broken: nothing of the first open is shown. */
  async function reopenBroken(uri: string, between: () => Promise<void>) {
    const client = server();
    await client.open(uri, text);
    assert.match((await lensesOf(uri))![0].command.title, /^Agent cost: /);
    const cleared = client.nextDiagnostics(uri);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepStrictEqual((await cleared).diagnostics, []);
    await between();
    const d = await client.open(uri, broken);
    assert.strictEqual(d.diagnostics[0].code, 'invalid-json');
    await noFigures(uri);
    assert.deepStrictEqual(await hintsOf(uri), []);
  }

  it('after a plain close (version 1 again)', () => reopenBroken('file:///tmp/reopened.vf', async () => undefined));

  it('when lenses were asked for between the close and the reopen', () =>
    reopenBroken('file:///tmp/reopened-asked.vf', async () => {
      assert.strictEqual(await lensesOf('file:///tmp/reopened-asked.vf'), null);
    }));

  it('when the editor kept the document after its last tab closed and reloaded it from disk', async () => {
    const client = server();
    const uri = 'file:///tmp/kept-open.vf';
    await client.open(uri, text);
    assert.match((await lensesOf(uri))![0].command.title, /^Agent cost: /);
    // No didClose: VS Code keeps a document a while after its tab closed, and reloads it when the file changes.
    const next = client.change(uri, 2, broken);
    await client.conn.sendNotification('agentCost/fromDisk', { uri, version: 2 });
    assert.strictEqual((await next).diagnostics[0].code, 'invalid-json');
    await noFigures(uri);
    assert.deepStrictEqual(await hintsOf(uri), []);
    // Fixed, then broken by a typed edit: that keeps the new figures, out of date.
    await client.change(uri, 3, text);
    await client.change(uri, 4, broken);
    assert.match((await lensesOf(uri))![0].command.title, /^Out of date /);
  });

  it('when the editor said the broken text is the file on disk after it was analysed', async () => {
    const client = server();
    const uri = 'file:///tmp/kept-stale.vf';
    await client.open(uri, text);
    await client.change(uri, 2, broken);
    assert.match((await lensesOf(uri))![0].command.title, /^Out of date /);
    const again = client.nextDiagnostics(uri);
    await client.conn.sendNotification('agentCost/fromDisk', { uri, version: 2 });
    assert.strictEqual((await again).diagnostics[0].code, 'invalid-json');
    await noFigures(uri);
  });

  it('when the editor said the text is the file on disk before the change arrived', async () => {
    const client = server();
    const uri = 'file:///tmp/told-first.vf';
    await client.open(uri, text);
    await client.conn.sendNotification('agentCost/fromDisk', { uri, version: 2 });
    const next = client.change(uri, 2, broken);
    assert.strictEqual((await next).diagnostics[0].code, 'invalid-json');
    await noFigures(uri);
  });

  it('when the file was half-typed (out-of-date lenses) before it was closed', async () => {
    const uri = 'file:///tmp/reopened-stale.vf';
    await reopenBroken(uri, async () => undefined);
    // Once more, now that the last lenses of the earlier open were out of date.
    const client = server();
    await client.change(uri, 2, text);
    await client.change(uri, 3, broken);
    assert.match((await lensesOf(uri))![0].command.title, /^Out of date /);
    const cleared = client.nextDiagnostics(uri);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
    const d = await client.open(uri, broken);
    assert.strictEqual(d.diagnostics[0].code, 'invalid-json');
    assert.deepStrictEqual(await lensesOf(uri), []);
  });
});
