/**
 * VS Code configuration (agentCost.*) → the EditorSettings the server normalises. Only values the
 * user set (user, workspace or folder) are sent, so a project's .agentcost.yaml applies otherwise.
 * The keys are the settings the extension contributes (package.json, generated from the
 * settings table), so this file never lists them.
 */
import * as vscode from 'vscode';
import type { EditorSettings } from '../protocol';
import { SETTINGS_SECTION } from '../protocol';

/** The contributed `agentCost.*` setting keys, without the prefix. */
export function contributedKeys(packageJSON: {
  contributes?: { configuration?: { properties?: Record<string, unknown> } };
}): string[] {
  const prefix = `${SETTINGS_SECTION}.`;
  return Object.keys(packageJSON.contributes?.configuration?.properties ?? {})
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

function explicit(c: vscode.WorkspaceConfiguration, key: string): unknown {
  const i = c.inspect(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}

/** The values the user set, by contributed key ("traffic.turnsPerConversation": 7). */
export function readSettings(keys: readonly string[]): EditorSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = explicit(c, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
