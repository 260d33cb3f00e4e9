/**
 * The server answers every request, whatever the editor does meanwhile: rapid edits, closing the
 * document, cancelling, or a file the engine cannot analyse.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { AnalysisResult } from '../../src/protocol';
import { CORPUS, FIXTURES, itCorpus } from '../helpers';
import { LspClient, useServer } from './lspClient';

const EDUCHAT = path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const REQUEST_CANCELLED = -32800;

interface Lens {
  command: { title: string };
}

describe('language server lifecycle: every request gets an answer', function () {
  this.timeout(60_000);
  const server = useServer();
  let client: LspClient;
  beforeEach(() => (client = server()));

  itCorpus('answers every lens and hover request made during 60 rapid edits, from the newest analysis', async () => {
    const uri = 'file:///tmp/typing.vf';
    const text = readFileSync(EDUCHAT, 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"type": "generative"'));
    await client.open(uri, text);
    const requests: { kind: string; version: number; answer: Promise<unknown> }[] = [];
    for (let v = 2; v <= 61; v++) {
      // Every 7th version is half-typed (invalid JSON); the others differ in trailing spaces.
      const next = v % 7 === 0 ? text.slice(0, text.length >> 1) : text + ' '.repeat(v % 5);
      void client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ text: next }],
      });
      const textDocument = { uri };
      requests.push({ kind: 'lens', version: v, answer: client.request('textDocument/codeLens', { textDocument }) });
      requests.push({
        kind: 'hover',
        version: v,
        answer: client.request('textDocument/hover', { textDocument, position: { line, character: 8 } }),
      });
      if (v % 10 === 0)
        requests.push({ kind: 'analysis', version: v, answer: client.request('agentCost/analysis', { uri }) });
    }
    const settled = await Promise.allSettled(requests.map((r) => r.answer));
    const failed = settled.filter((s) => s.status === 'rejected');
    assert.deepStrictEqual(failed, [], `${failed.length} of ${requests.length} requests failed`);
    requests.forEach((r, i) => {
      const value = (settled[i] as PromiseFulfilledResult<unknown>).value;
      if (r.kind === 'lens') {
        assert.ok(Array.isArray(value), `lens request after version ${r.version}: ${JSON.stringify(value)}`);
        // A half-typed version has no lenses; a complete one has its totals lens first.
        if (r.version % 7 !== 0) assert.match((value as Lens[])[0].command.title, /^Agent cost: /);
      } else if (r.kind === 'analysis') {
        // Answered from an analysis at least as new as the edit sent before the request.
        assert.ok(
          (value as AnalysisResult).version >= r.version,
          `${(value as AnalysisResult).version} < ${r.version}`,
        );
      }
    });
    const last = await client.request<AnalysisResult>('agentCost/analysis', { uri });
    assert.strictEqual(last.version, 61);
    assert.ok(last.ok);
  });

  it('answers a request the client cancels with RequestCancelled', async () => {
    const progress = new LspClient();
    await progress.initialize();
    try {
      const base = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
      const big = JSON.stringify({ ...base, padding: 'x'.repeat(1_200_000) });
      // Hold the progress the large file asks for, so its analysis is still under way when the lens is cancelled.
      let release!: () => void;
      progress.progressGate = new Promise((r) => (release = r));
      const uri = 'file:///tmp/cancelled.vf';
      const diagnostics = progress.nextDiagnostics(uri);
      await progress.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'voiceflow', version: 1, text: big },
      });
      const source = new CancellationTokenSource();
      const lens = progress.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }, source.token).then(
        (answer) => ({ answer }),
        (error: { code?: number }) => ({ error }),
      );
      source.cancel();
      // A round trip after the cancel: the server has read it before the analysis may go on.
      await progress.request('agentCost/models', {});
      release();
      const answered = await lens;
      assert.strictEqual('error' in answered && answered.error.code, REQUEST_CANCELLED, JSON.stringify(answered));
      await diagnostics;
      // The analysis itself was not lost: the next request gets it.
      const again = await progress.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.match(again[0].command.title, /^Agent cost: /);
    } finally {
      await progress.close();
    }
  });

  it('answers null for a document that is closed, and for one that was never opened', async () => {
    const uri = 'file:///tmp/closed.vf';
    await client.open(uri, readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8'));
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.strictEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), null);
    assert.strictEqual(await client.request('agentCost/analysis', { uri: 'file:///tmp/never.vf' }), null);
  });

  it('text nested 20,000 levels deep gets a positioned diagnostic, no lenses, and answers', async () => {
    const uri = 'file:///tmp/deep.vf';
    const d = await client.open(uri, '['.repeat(20_000));
    assert.deepStrictEqual(
      d.diagnostics.map((x) => [x.code, x.message]),
      [['invalid-json', 'Invalid JSON at line 1, column 20001: close bracket expected']],
    );
    assert.deepStrictEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 5 },
    });
    assert.strictEqual(hover, null);
  });

  it('a file the engine fails on gets one error diagnostic, no stale lenses, and every request answered', async () => {
    const uri = 'file:///tmp/failing.vf';
    const good = readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8');
    await client.open(uri, good);
    assert.ok((await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } })).length > 1);
    // `"version": null` made the engine throw (until the reader rewrite rejects it as not an export).
    const next = client.nextDiagnostics(uri);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: JSON.stringify({ ...JSON.parse(good), version: null }) }],
    });
    const d = await next;
    assert.strictEqual(d.diagnostics.length, 1);
    assert.strictEqual(d.diagnostics[0].severity, 1);
    assert.deepStrictEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri });
    assert.strictEqual(a.ok, false);
    assert.strictEqual(a.version, 2);
  });
});

describe('agent-cost lsp without --stdio', function () {
  this.timeout(30_000);
  it('speaks LSP over stdio, as its help says', async () => {
    const client = new LspClient({}, {}, { args: [] });
    try {
      await client.initialize();
      const d = await client.open('file:///tmp/plain-lsp.vf', readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8'));
      assert.ok(d.diagnostics.some((x) => x.code === 'llm-in-loop'));
    } finally {
      await client.close();
    }
  });
});
