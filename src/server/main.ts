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
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { CONFIG_FILE } from '../core/config/projectConfig';
import { warmTokenizers } from '../core/tokens';
import { EditorSettings, SERVER_COMMANDS, SETTINGS_SECTION, TRUST_NOTIFICATION, TrustParams } from '../protocol';
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

export function startServer(options: ServerOptions = {}): void {
  const connection = options.stdio
    ? createConnection(ProposedFeatures.all, process.stdin, process.stdout)
    : createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const client: ClientSupport = { workDoneProgress: false, codeLensRefresh: false };
  const log = (message: string) => connection.console.error(message);
  let workspaceFolderEvents = false;
  let inlayHintRefresh = false;
  const store = new AnalysisStore(storeHooks(connection, client), {
    overrides: () => workspace.overrides(),
    configPath: () => workspace.configPath(),
    searchRoot: (file) => workspace.searchRoot(file),
  });

  /** Tells the user what is wrong with the settings, if anything (a client may not show it: no matter). */
  const warnAboutSettings = () => {
    for (const problem of [workspace.editor.error, workspace.configPathProblem])
      // Sent as a request by some versions: a client that does not answer it is not an error.
      if (problem) Promise.resolve(connection.window.showWarningMessage(problem) as unknown).catch(() => undefined);
  };
  /** Settings, trust or folders changed: say what is wrong with them, and analyse again. */
  const reconfigured = () => {
    warnAboutSettings();
    store.reanalyseAll();
  };

  connection.onInitialize((params) => {
    workspace.initialize(params);
    store.debounceMs = debounceOf((params.initializationOptions as InitOptions | undefined)?.debounceMs);
    client.workDoneProgress = params.capabilities.window?.workDoneProgress === true;
    client.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    inlayHintRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    workspaceFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
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
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as Record<string, EditorSettings> | undefined)?.[SETTINGS_SECTION];
    if (!s) return;
    const shown = () => `${workspace.editor.annotations}/${workspace.editor.showFreeLenses}`;
    const before = shown();
    workspace.applySettings(s);
    reconfigured();
    if (shown() !== before) {
      // Lenses and hints changed without a new analysis: ask the editor to fetch them again.
      if (client.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      if (inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
    }
  });
  connection.onNotification(TRUST_NOTIFICATION, (p: TrustParams) => {
    workspace.setTrusted(p.trusted);
    reconfigured();
  });
  connection.onInitialized(() => {
    warnAboutSettings();
    if (workspaceFolderEvents)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        workspace.changeFolders(e.added, e.removed);
        reconfigured();
      });
  });

  // A project file was created, changed or deleted: every open export may depend on it.
  connection.onDidChangeWatchedFiles(() => store.reanalyseAll());

  /** Exports only: .vf files, and .json files that look like one. Project files are synced for quick fixes only. */
  const wanted = (d: TextDocument) =>
    !d.uri.endsWith(`/${CONFIG_FILE}`) && (d.languageId !== 'json' || looksLikeExport(d.getText()));
  documents.onDidOpen(
    (e) => wanted(e.document) && store.update(e.document.uri, e.document.version, e.document.getText(), 0),
  );
  documents.onDidChangeContent((e) => {
    const d = e.document;
    // Opening fires this too: the open already started the analysis of this version.
    if (wanted(d) && !store.hasVersion(d.uri, d.version)) store.update(d.uri, d.version, d.getText());
  });
  documents.onDidClose((e) => {
    if (!store.has(e.document.uri)) return;
    store.close(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
  });

  registerFeatures(connection, documents, store, () => workspace.editor, log);
  registerRequests(connection, documents, store, log);
  documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
