/**
 * The VS Code extension: starts the language server (all arithmetic happens there, in the core)
 * and wires the side panel, status bar and commands. Everything is disposed via subscriptions.
 */
import * as vscode from 'vscode';
import {
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { SERVER_SHOW_REPORT_COMMAND, SETTINGS_SECTION, TRUST_NOTIFICATION, TrustParams } from '../protocol';
import { DiffPanels } from './diffPanel';
import { LargeFileHints } from './largeFile';
import { LensWindow } from './lensWindow';
import { BreakdownView } from './breakdownView';
import { CostMapPanels } from './costMapPanel';
import { registerCommands } from './commands';
import { CostTreeProvider } from './costTree';
import { ReportPanels } from './reportPanel';
import { contributedKeys, readSettings } from './settings';
import { ActiveAnalysis } from './state';
import { statusBar } from './statusBar';

export interface AgentCostApi {
  client: LanguageClient;
  state: ActiveAnalysis;
  breakdown: BreakdownView;
  tree: CostTreeProvider;
  panels: ReportPanels;
  diffs: DiffPanels;
  maps: CostMapPanels;
  largeFiles: LargeFileHints;
}

export async function activate(context: vscode.ExtensionContext): Promise<AgentCostApi> {
  const projectFiles = vscode.workspace.createFileSystemWatcher('**/.agentcost.yaml');
  context.subscriptions.push(projectFiles);
  const settingKeys = contributedKeys(context.extension.packageJSON);
  // Lenses near the visible lines only, for exports with many (asked for again on scrolling).
  const lensWindow = new LensWindow((doc) =>
    client.getFeature(CodeLensRequest.method).getProvider(doc)?.onDidChangeCodeLensEmitter.fire(),
  );
  context.subscriptions.push(lensWindow);
  const client = new LanguageClient(
    'agentCost',
    'Agent Cost',
    serverOptions(context),
    clientOptions(settingKeys, projectFiles, lensWindow),
  );
  await client.start();

  const state = new ActiveAnalysis(client);
  const tree = new CostTreeProvider(state);
  const breakdown = new BreakdownView(state);
  const panels = new ReportPanels(client, state);
  const diffs = new DiffPanels(client, state);
  const maps = new CostMapPanels(client, state, context.extensionPath);
  const largeFiles = new LargeFileHints(state);
  context.subscriptions.push(
    largeFiles,
    client,
    state,
    tree,
    breakdown,
    panels,
    diffs,
    maps,
    vscode.window.createTreeView('agentCost.tree', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerWebviewViewProvider(BreakdownView.id, breakdown),
    statusBar(state),
    ...registerCommands(client, state, panels, diffs, context, maps),
    ...forwardToServer(client, settingKeys),
  );
  void state.refresh();
  return { client, state, breakdown, tree, panels, diffs, maps, largeFiles };
}

/** The bundled server (dist/server.js) over IPC; in debug it listens for an inspector on 6011. */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const serverModule = context.asAbsolutePath('dist/server.js');
  return {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
}

/** The documents the server sees, its first settings and trust, and the lens middleware. */
function clientOptions(
  settingKeys: string[],
  projectFiles: vscode.FileSystemWatcher,
  lensWindow: LensWindow,
): LanguageClientOptions {
  return {
    // Project files are synced too, so quick fixes edit their open (maybe unsaved) buffer.
    documentSelector: [
      { language: 'voiceflow' },
      { language: 'json', scheme: 'file' },
      { scheme: 'file', pattern: '**/.agentcost.yaml' },
    ],
    initializationOptions: { settings: readSettings(settingKeys), trusted: vscode.workspace.isTrusted },
    // The server re-analyses open exports when a project file appears, changes or goes away.
    synchronize: { fileEvents: projectFiles },
    middleware: {
      // The server's lenses run its own commands (any LSP client can); in VS Code the totals lens
      // opens the report panel instead of a message.
      provideCodeLenses: async (doc, token, next) => {
        const lenses = await next(doc, token);
        for (const l of lenses ?? [])
          if (l.command?.command === SERVER_SHOW_REPORT_COMMAND) l.command.command = 'agentCost.showReport';
        return lensWindow.filter(doc, lenses);
      },
    },
  };
}

/** Tells the server when the workspace is trusted, the settings change or a project file is saved. */
function forwardToServer(client: LanguageClient, settingKeys: string[]): vscode.Disposable[] {
  // Saves and creations made in the editor reach the server even where no watcher looks
  // (a project file outside the workspace, or a platform whose file watcher is unavailable).
  const projectFileChanged = (uri: vscode.Uri) => {
    if (uri.path.endsWith('/.agentcost.yaml'))
      void client.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uri.toString(), type: FileChangeType.Changed }],
      });
  };
  return [
    // A configPath outside the workspace is used once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => void client.sendNotification(TRUST_NOTIFICATION, { trusted: true } satisfies TrustParams),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION))
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SETTINGS_SECTION]: readSettings(settingKeys) },
        });
    }),
    vscode.workspace.onDidSaveTextDocument((d) => projectFileChanged(d.uri)),
    vscode.workspace.onDidCreateFiles((e) => e.files.forEach(projectFileChanged)),
  ];
}

export function deactivate(): void {
  // The client is disposed through context.subscriptions.
}
