/**
 * VS Code configuration (agentCost.*) → the EditorSettings the server normalises. Only values the
 * user set (user, workspace or folder) are sent, so a project's .agentcost.yaml applies otherwise.
 */
import * as vscode from 'vscode';
import type { EditorSettings } from '../protocol';

/** Every contributed setting key, read here; a test keeps this list and package.json in sync. */
export const SETTING_KEYS = [
  'traffic.turnsPerConversation',
  'traffic.conversationsPerMonth',
  'pricing.creditPrice',
  'budget.plan',
  'lens.showFree',
  'editor.annotations',
  'assumptions',
  'project.configPath',
] as const;

function explicit<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = c.inspect<T>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}

export function readSettings(): EditorSettings {
  const c = vscode.workspace.getConfiguration('agentCost');
  return {
    turnsPerConversation: explicit<number>(c, 'traffic.turnsPerConversation'),
    conversationsPerMonth: explicit<number>(c, 'traffic.conversationsPerMonth'),
    creditPrice: explicit<string>(c, 'pricing.creditPrice'),
    plan: explicit<string>(c, 'budget.plan') || undefined,
    showFreeLenses: c.get<boolean>('lens.showFree'),
    annotations: c.get<EditorSettings['annotations']>('editor.annotations'),
    assumptions: explicit<Record<string, unknown>>(c, 'assumptions'),
    configPath: explicit<string>(c, 'project.configPath') || undefined,
  };
}
