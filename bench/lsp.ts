/** A small LSP client for the bench: starts a checkout's language server over stdio and times requests. */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

export interface Position {
  line: number;
  character: number;
}

export class BenchServer {
  private readonly proc: ChildProcess;
  private readonly conn: MessageConnection;
  private readonly rssFile = path.join(os.tmpdir(), `agent-cost-bench-server-rss-${process.pid}-${Date.now()}`);
  private waiters: { uri: string; version: number; resolve: () => void }[] = [];
  /** window/logMessage texts (the server's own timings). */
  readonly logs: string[] = [];

  /** Starts `<root>/bin/agent-cost.js lsp --stdio`. */
  constructor(root: string) {
    this.proc = spawn(
      process.execPath,
      [
        // Extra node flags for the server (e.g. BENCH_SERVER_NODE_ARGS=--cpu-prof to profile it).
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '-r',
        path.join(__dirname, 'rssPreload.js'),
        path.join(root, 'bin', 'agent-cost.js'),
        'lsp',
        '--stdio',
      ],
      { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_RSS_FILE: this.rssFile } },
    );
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
      const done = this.waiters.filter((w) => w.uri === p.uri && (p.version ?? 0) >= w.version);
      this.waiters = this.waiters.filter((w) => !done.includes(w));
      for (const w of done) w.resolve();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onNotification('window/showMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('agentCost/analyzed', () => undefined);
    this.conn.listen();
  }

  async initialize(initializationOptions: Record<string, unknown>): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { codeLens: { refreshSupport: true } } },
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** Resolves when diagnostics for `version` (or later) of `uri` arrive. */
  diagnostics(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async open(uri: string, text: string): Promise<void> {
    const published = this.diagnostics(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'voiceflow', version: 1, text },
    });
    await published;
  }

  /** Inserts `text` at `at` (an incremental change, as VS Code sends a keystroke). */
  change(uri: string, version: number, at: Position, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text }],
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  /** Shuts the server down; its peak RSS in MB. */
  async close(): Promise<number> {
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    await exited;
    this.conn.dispose();
    const kb = Number(readFileSync(this.rssFile, 'utf8'));
    rmSync(this.rssFile, { force: true });
    return kb / 1024;
  }
}

/** Milliseconds an async call takes. */
export async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
