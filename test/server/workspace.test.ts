/**
 * The server's view of the workspace: the project-file search stops at the workspace folder (a
 * file planted above it is not used), and a configPath outside the workspace needs trust.
 */
import * as assert from 'assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { AnalysisResult } from '../../src/protocol';
import { FIXTURES } from '../helpers';
import { LspClient } from './lspClient';

const uriOf = (f: string) => `file://${f}`;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-ws-'));

async function withClient<T>(client: LspClient, body: (c: LspClient) => Promise<T>): Promise<T> {
  await client.initialize();
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}

/** A loop export in `dir/sub`, for a workspace folder `dir`. */
function exportIn(dir: string): string {
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  const file = path.join(dir, 'sub', 'loop.vf');
  copyFileSync(path.join(FIXTURES, 'loop.vf'), file);
  return file;
}

const severityOfLoop = (d: { diagnostics: { code: string; severity: number }[] }) =>
  d.diagnostics.find((x) => x.code === 'llm-in-loop')?.severity;

describe('language server and the workspace', function () {
  this.timeout(30_000);

  it('the project-file search stops at the workspace folder', async () => {
    const outer = tmp();
    writeFileSync(path.join(outer, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: 9\n');
    const ws = path.join(outer, 'ws');
    const file = exportIn(ws);
    await withClient(new LspClient({}, {}, { workspaceFolders: [ws] }), async (c) => {
      await c.open(uriOf(file), readFileSync(file, 'utf8'));
      const a = await c.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
      assert.ok(a.ok && a.report.conversation.turns === 5, 'the file above the workspace was used');
      writeFileSync(path.join(ws, '.agentcost.yaml'), 'traffic:\n  turnsPerConversation: 3\n');
      const next = c.nextDiagnostics(uriOf(file));
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(path.join(ws, '.agentcost.yaml')), type: 1 }],
      });
      await next;
      const b = await c.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
      assert.ok(b.ok && b.report.conversation.turns === 3);
    });
  });

  it('a configPath outside an untrusted workspace is not read until the workspace is trusted', async () => {
    const ws = tmp();
    const file = exportIn(ws);
    writeFileSync(path.join(ws, 'sub', '.agentcost.yaml'), 'rules:\n  llm-in-loop: error\n');
    const elsewhere = path.join(tmp(), 'shared.yaml');
    writeFileSync(elsewhere, 'rules:\n  llm-in-loop: off\n');
    const client = new LspClient({ 'project.configPath': elsewhere }, undefined, {
      trusted: false,
      workspaceFolders: [ws],
    });
    await withClient(client, async (c) => {
      const d = await c.open(uriOf(file), readFileSync(file, 'utf8'));
      assert.strictEqual(severityOfLoop(d), 1, 'the outside file was read in an untrusted workspace');
      assert.ok(c.logs.some((m) => /configPath .* is outside this workspace, which is not trusted/.test(m)));
      const next = c.nextDiagnostics(uriOf(file));
      await c.conn.sendNotification('agentCost/trust', { trusted: true });
      assert.strictEqual(severityOfLoop(await next), undefined);
    });
  });

  it('a configPath inside an untrusted workspace is used; a relative one starts at the folder', async () => {
    const ws = tmp();
    const file = exportIn(ws);
    writeFileSync(path.join(ws, 'sub', '.agentcost.yaml'), 'rules:\n  llm-in-loop: error\n');
    writeFileSync(path.join(ws, 'team.yaml'), 'rules:\n  llm-in-loop: off\n');
    const client = new LspClient({ 'project.configPath': 'team.yaml' }, undefined, {
      trusted: false,
      workspaceFolders: [ws],
    });
    await withClient(client, async (c) => {
      assert.strictEqual(severityOfLoop(await c.open(uriOf(file), readFileSync(file, 'utf8'))), undefined);
    });
  });
});
