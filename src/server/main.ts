/**
 * The Agent Cost language server (stdio or node IPC): diagnostics, code lenses, hovers,
 * inlay hints, quick fixes, formatting for minified exports, commands, and the custom requests
 * of src/protocol.ts.
 * Started by the VS Code extension, or by `agent-cost lsp [--stdio]` for any LSP editor.
 *
 * This file wires the pieces: the workspace (folders, trust, settings), the analysis store and
 * its hooks (publisher.ts), the documents it follows, and the features and requests it serves.
 */
import {
  CodeLensRefreshRequest,
  Connection,
  createConnection,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { CONFIG_FILE } from '../core/config/projectConfig';
import { warmTokenizers } from '../core/tokens';
import {
  EditorSettings,
  SERVER_COMMANDS,
  FROM_DISK_NOTIFICATION,
  FromDiskParams,
  SETTINGS_SECTION,
  TRUST_NOTIFICATION,
  TrustParams,
} from '../protocol';
import { VERSION } from '../version';
import { AnalysisStore, debounceOf, looksLikeExport } from './analysisStore';
import { registerFeatures } from './features';
import { ClientSupport, storeHooks } from './publisher';
import { registerRequests } from './requests';
import { InitOptions, Workspace } from './workspace';

export interface ServerOptions {
  /** Speak LSP over this process's stdin/stdout (else the transport comes from argv, e.g. --node-ipc). */
  stdio?: boolean;
}

/** The pieces the handlers share; `client` and `more` are filled in by `initialize`. */
interface Server {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  store: AnalysisStore;
  client: ClientSupport;
  /** What else the client supports: inlay hint refreshes, workspace folder events. */
  more: { inlayHintRefresh: boolean; workspaceFolderEvents: boolean };
}

export function startServer(options: ServerOptions = {}): void {
  const connection = options.stdio
    ? createConnection(ProposedFeatures.all, process.stdin, process.stdout)
    : createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const client: ClientSupport = { workDoneProgress: false, codeLensRefresh: false };
  const log = (message: string) => connection.console.error(message);
  const store = new AnalysisStore(storeHooks(connection, client), {
    overrides: () => workspace.overrides(),
    configPath: () => workspace.configPath(),
    searchRoot: (file) => workspace.searchRoot(file),
  });
  const s: Server = {
    connection,
    documents,
    workspace,
    store,
    client,
    more: { inlayHintRefresh: false, workspaceFolderEvents: false },
  };
  connection.onInitialize((params) => initialize(s, params));
  followSettings(s);
  // A project file was created, changed or deleted: every open export may depend on it.
  connection.onDidChangeWatchedFiles(() => store.reanalyseAll());
  followDocuments(s);
  registerFeatures(connection, documents, store, () => workspace.editor, log);
  registerRequests(connection, documents, store, log);
  documents.listen(connection);
  connection.listen();
}

/** Reads the client's folders, options and capabilities; answers with the server's. */
function initialize(s: Server, params: InitializeParams): InitializeResult {
  s.workspace.initialize(params);
  s.store.debounceMs = debounceOf((params.initializationOptions as InitOptions | undefined)?.debounceMs);
  s.client.workDoneProgress = params.capabilities.window?.workDoneProgress === true;
  s.client.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  s.more.inlayHintRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
  s.more.workspaceFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
  // Load the tokenizer ranks now, off the first request's path.
  setTimeout(() => warmTokenizers(), 10);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeLensProvider: { resolveProvider: false },
      hoverProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      inlayHintProvider: { resolveProvider: false },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'agent-cost-lens', version: VERSION },
  };
}

/** Tells the user what is wrong with the settings, if anything (a client may not show it: no matter). */
function warnAboutSettings(s: Server): void {
  for (const problem of [s.workspace.editor.error, s.workspace.configPathProblem])
    // Sent as a request by some versions: a client that does not answer it is not an error.
    if (problem) Promise.resolve(s.connection.window.showWarningMessage(problem) as unknown).catch(() => undefined);
}

/** Settings, trust or folders changed: say what is wrong with them, and analyse again. */
function reconfigured(s: Server): void {
  warnAboutSettings(s);
  s.store.reanalyseAll();
}

/** Follows the editor's settings, the workspace trust and the workspace folders. */
function followSettings(s: Server): void {
  const { connection, workspace } = s;
  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as Record<string, EditorSettings> | undefined)?.[SETTINGS_SECTION];
    if (!settings) return;
    const shown = () => `${workspace.editor.annotations}/${workspace.editor.showFreeLenses}`;
    const before = shown();
    workspace.applySettings(settings);
    reconfigured(s);
    if (shown() !== before) {
      // Lenses and hints changed without a new analysis: ask the editor to fetch them again.
      if (s.client.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      if (s.more.inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
    }
  });
  connection.onNotification(TRUST_NOTIFICATION, (p: TrustParams) => {
    workspace.setTrusted(p.trusted);
    reconfigured(s);
  });
  connection.onInitialized(() => {
    warnAboutSettings(s);
    if (s.more.workspaceFolderEvents)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        workspace.changeFolders(e.added, e.removed);
        reconfigured(s);
      });
  });
}

/** Exports only: .vf files, and .json files that look like one. Project files are synced for quick fixes only. */
function wanted(d: TextDocument): boolean {
  return !d.uri.endsWith(`/${CONFIG_FILE}`) && (d.languageId !== 'json' || looksLikeExport(d.getText()));
}

/** Analyses exports as they open and change; forgets them (and their diagnostics) as they close. */
function followDocuments(s: Server): void {
  const { documents, store } = s;
  documents.onDidOpen(
    (e) => wanted(e.document) && store.update(e.document.uri, e.document.version, e.document.getText(), 0),
  );
  /** Versions said to be the file on disk before their change arrived. */
  const diskVersions = new Map<string, number>();
  documents.onDidChangeContent((e) => {
    const d = e.document;
    // Opening fires this too: the open already started the analysis of this version.
    if (wanted(d) && !store.hasVersion(d.uri, d.version)) store.update(d.uri, d.version, d.getText());
    if (diskVersions.get(d.uri) !== d.version) return;
    diskVersions.delete(d.uri);
    store.fromDisk(d.uri, d.version);
  });
  // A version that is the file on disk (reloaded or reverted by the editor), not a half-typed edit.
  s.connection.onNotification(FROM_DISK_NOTIFICATION, (p: FromDiskParams) => {
    if ((documents.get(p.uri)?.version ?? Infinity) < p.version) diskVersions.set(p.uri, p.version);
    else store.fromDisk(p.uri, p.version);
  });
  documents.onDidClose((e) => {
    diskVersions.delete(e.document.uri);
    if (!store.has(e.document.uri)) return;
    store.close(e.document.uri);
    s.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
  });
}

if (require.main === module) startServer();
