/** Editor settings (agentCost.*) → engine Settings, normalised once on the server. */
import { normaliseSettings, Settings } from '../core/settings';
import type { EditorSettings } from '../protocol';

export function settingsFromEditor(raw: EditorSettings | undefined): { settings: Settings; error?: string } {
  const r = raw ?? {};
  const flat: Record<string, unknown> = { ...(r.assumptions ?? {}) };
  if (r.turnsPerConversation !== undefined) flat.turnsPerConversation = r.turnsPerConversation;
  if (r.conversationsPerMonth !== undefined) flat.conversationsPerMonth = r.conversationsPerMonth;
  if (r.creditPrice !== undefined && r.creditPrice !== '') flat.creditPriceUsd = r.creditPrice;
  if (r.plan) flat.plan = r.plan;
  try {
    return { settings: normaliseSettings(flat) };
  } catch (e) {
    return { settings: normaliseSettings({}), error: `Agent Cost settings: ${(e as Error).message}; using defaults` };
  }
}
