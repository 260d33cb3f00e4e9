/**
 * What the server knows of the editor's workspace: its folders (where the project-file search
 * stops), whether the user trusts it, and the editor settings. A `configPath` outside the
 * workspace folders is read only in a trusted workspace: an untrusted folder's settings must not
 * point the server at any file on the machine.
 */
import * as path from 'path';
import type { InitializeParams, WorkspaceFolder } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { gitRoot, isInside } from '../node/project';
import type { EditorSettings } from '../protocol';
import { EditorOverrides, overridesFromEditor } from './editorSettings';

/** Initialization options the VS Code client sends (other editors may send only `settings`). */
export interface InitOptions {
  settings?: EditorSettings;
  /** `vscode.workspace.isTrusted`; editors without workspace trust leave it out (trusted). */
  trusted?: boolean;
  /** Milliseconds an edit waits before it is analysed (default DEBOUNCE_MS; 0: at once). */
  debounceMs?: number;
}

export class Workspace {
  private folders: string[] = [];
  trusted = true;
  editor: EditorOverrides = overridesFromEditor(undefined);
  /** Why the configured project file is not used, if it is not (shown once per change). */
  configPathProblem?: string;

  /** Reads the folders, trust and settings of the initialize request. */
  initialize(params: InitializeParams): void {
    const opts = (params.initializationOptions ?? {}) as InitOptions;
    this.trusted = opts.trusted !== false;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    this.setFolders(folders);
    this.applySettings(opts.settings);
  }

  setFolders(folders: readonly WorkspaceFolder[]): void {
    this.folders = folders
      .map((f) => URI.parse(f.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath);
    this.checkConfigPath();
  }

  changeFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => URI.parse(f.uri).fsPath));
    const kept = this.folders.filter((f) => !gone.has(f)).map((f) => ({ uri: URI.file(f).toString(), name: '' }));
    this.setFolders([...kept, ...added]);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.checkConfigPath();
  }

  applySettings(raw: EditorSettings | undefined): void {
    this.editor = overridesFromEditor(raw);
    this.checkConfigPath();
  }

  /** Assumption overrides from the editor settings (they win over the project file). */
  overrides(): Record<string, unknown> {
    return this.editor.overrides;
  }

  /** The project file the settings name, resolved against the first folder; undefined when not allowed. */
  configPath(): string | undefined {
    const p = this.resolvedConfigPath();
    return p && this.configPathAllowed(p) ? p : undefined;
  }

  /** Where the project-file search above `file` stops: its workspace folder, else its git root, else its folder. */
  searchRoot(file: string): string {
    const folder = this.folders.filter((f) => isInside(file, f)).sort((a, b) => b.length - a.length)[0];
    return folder ?? gitRoot(path.dirname(file)) ?? path.dirname(file);
  }

  private resolvedConfigPath(): string | undefined {
    const p = this.editor.configPath;
    if (!p) return undefined;
    return path.isAbsolute(p) ? path.normalize(p) : path.resolve(this.folders[0] ?? process.cwd(), p);
  }

  private configPathAllowed(p: string): boolean {
    return this.trusted || this.folders.some((f) => isInside(p, f));
  }

  private checkConfigPath(): void {
    const p = this.resolvedConfigPath();
    this.configPathProblem =
      p && !this.configPathAllowed(p)
        ? `Agent Cost: agentCost.project.configPath (${p}) is outside this workspace, which is not trusted; ` +
          'the nearest .agentcost.yaml is used until you trust the workspace'
        : undefined;
  }
}
