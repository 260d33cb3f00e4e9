/** VS Code configuration (agentCost.*) → the EditorSettings the server normalises. */
import * as vscode from 'vscode';
import type { EditorSettings } from '../protocol';

/** Every contributed setting key, read here; a test keeps this list and package.json in sync. */
export const SETTING_KEYS = [
  'traffic.turnsPerConversation', 'traffic.conversationsPerMonth', 'pricing.creditPrice', 'budget.plan', 'lens.showFree', 'assumptions',
] as const;

export function readSettings(): EditorSettings {
  const c = vscode.workspace.getConfiguration('agentCost');
  return {
    turnsPerConversation: c.get<number>('traffic.turnsPerConversation'),
    conversationsPerMonth: c.get<number>('traffic.conversationsPerMonth'),
    creditPrice: c.get<string>('pricing.creditPrice'),
    plan: c.get<string>('budget.plan') || undefined,
    showFreeLenses: c.get<boolean>('lens.showFree'),
    assumptions: c.get<Record<string, unknown>>('assumptions'),
  };
}
