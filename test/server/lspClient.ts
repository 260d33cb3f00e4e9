/** A minimal LSP client for tests: spawns the real server process and speaks JSON-RPC over stdio. */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { REPO } from '../helpers';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number } };
    severity: number;
    code: string;
    message: string;
  }[];
}

export class LspClient {
  readonly conn: MessageConnection;
  private readonly proc: ChildProcess;
  private readonly diagnostics = new Map<string, PublishedDiagnostics>();
  private readonly waiters: { uri: string; resolve: (d: PublishedDiagnostics) => void }[] = [];
  readonly progress: string[] = [];
  /** window/showMessage texts, in order. */
  readonly messages: string[] = [];
  private messageWaiters: ((m: string) => void)[] = [];
  /** Messages the server logged (window/logMessage). */
  readonly logs: string[] = [];
  /** Awaited before answering the server's window/workDoneProgress/create (tests hold it to order events). */
  progressGate: Promise<void> = Promise.resolve();

  constructor(
    settings: Record<string, unknown> = {},
    private readonly initSettings = settings,
    private readonly init: { trusted?: boolean; workspaceFolders?: string[]; args?: string[] } = {},
  ) {
    this.proc = spawn(
      process.execPath,
      [path.join(REPO, 'bin', 'agent-cost.js'), 'lsp', ...(init.args ?? ['--stdio'])],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.filter((x) => x.uri === p.uri)) w.resolve(p);
      this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((x) => x.uri !== p.uri));
    });
    this.conn.onRequest('window/workDoneProgress/create', async () => {
      await this.progressGate;
      return null;
    });
    this.conn.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) => {
      this.progress.push(`${p.value.kind}:${p.value.message ?? ''}`);
    });
    const logged = (p: { message: string }) => {
      this.logs.push(p.message);
    };
    /** Shown to the user (a notification, or a request some server versions send). */
    const shown = (p: { message: string }) => {
      logged(p);
      this.messages.push(p.message);
      for (const w of this.messageWaiters.splice(0)) w(p.message);
    };
    this.conn.onNotification('window/logMessage', logged);
    this.conn.onNotification('window/showMessage', shown);
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
      shown(p);
      return null;
    });
    this.conn.onNotification('agentCost/analyzed', () => undefined);
    this.conn.listen();
  }

  async initialize(): Promise<void> {
    const folders = this.init.workspaceFolders?.map((f) => ({ uri: `file://${f}`, name: path.basename(f) }));
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders ?? null,
      capabilities: { window: { workDoneProgress: true }, workspace: { workspaceFolders: true } },
      initializationOptions: {
        settings: this.initSettings,
        ...(this.init.trusted === undefined ? {} : { trusted: this.init.trusted }),
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(uri: string, text: string, languageId = 'voiceflow'): Promise<PublishedDiagnostics> {
    const wait = this.nextDiagnostics(uri);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return wait;
  }

  /** Replaces a document's whole text (as version `version`); resolves with its next diagnostics. */
  change(uri: string, version: number, text: string): Promise<PublishedDiagnostics> {
    const wait = this.nextDiagnostics(uri);
    return this.conn
      .sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] })
      .then(() => wait);
  }

  nextDiagnostics(uri: string): Promise<PublishedDiagnostics> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  /** The next window/showMessage text. */
  nextMessage(): Promise<string> {
    return new Promise((resolve) => this.messageWaiters.push(resolve));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async close(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Starts a server before the suite's tests and stops it after; returns a getter for the client. */
export function useServer(settings: Record<string, unknown> = {}): () => LspClient {
  let client: LspClient;
  before(async () => {
    client = new LspClient(settings);
    await client.initialize();
  });
  after(async () => client.close());
  return () => client;
}
