/**
 * The VS Code extension: starts the language server (all arithmetic happens there, in the core)
 * and wires the side panel, status bar and commands. Everything is disposed via subscriptions.
 */
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../protocol';
import { BreakdownView } from './breakdownView';
import { CostMapPanels } from './costMapPanel';
import { registerCommands } from './commands';
import { CostTreeProvider } from './costTree';
import { ReportPanels } from './reportPanel';
import { readSettings } from './settings';
import { ActiveAnalysis } from './state';
import { statusBar } from './statusBar';

export interface AgentCostApi {
  client: LanguageClient;
  state: ActiveAnalysis;
  breakdown: BreakdownView;
  tree: CostTreeProvider;
  maps: CostMapPanels;
}

export async function activate(context: vscode.ExtensionContext): Promise<AgentCostApi> {
  const serverModule = context.asAbsolutePath('out/src/server/main.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const projectFiles = vscode.workspace.createFileSystemWatcher('**/.agentcost.yaml');
  context.subscriptions.push(projectFiles);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'voiceflow' }, { language: 'json', scheme: 'file' }],
    initializationOptions: { settings: readSettings() },
    // The server re-analyses open exports when a project file appears, changes or goes away.
    synchronize: { fileEvents: projectFiles },
  };
  const client = new LanguageClient('agentCost', 'Agent Cost', serverOptions, clientOptions);
  await client.start();

  const state = new ActiveAnalysis(client);
  const tree = new CostTreeProvider(state);
  const breakdown = new BreakdownView(state);
  const panels = new ReportPanels(client);
  const maps = new CostMapPanels(client, context.extensionPath);
  context.subscriptions.push(
    client,
    state,
    tree,
    breakdown,
    panels,
    maps,
    vscode.window.createTreeView('agentCost.tree', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerWebviewViewProvider(BreakdownView.id, breakdown),
    statusBar(state),
    ...registerCommands(client, state, panels, context, maps),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION))
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SETTINGS_SECTION]: readSettings() },
        });
    }),
  );
  // Saves and creations made in the editor reach the server even where no watcher looks
  // (a project file outside the workspace, or a platform whose file watcher is unavailable).
  const projectFileChanged = (uri: vscode.Uri) => {
    if (uri.path.endsWith('/.agentcost.yaml'))
      void client.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uri.toString(), type: FileChangeType.Changed }],
      });
  };
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((d) => projectFileChanged(d.uri)),
    vscode.workspace.onDidCreateFiles((e) => e.files.forEach(projectFileChanged)),
  );
  void state.refresh();
  return { client, state, breakdown, tree, maps };
}

export function deactivate(): void {
  // The client is disposed through context.subscriptions.
}
