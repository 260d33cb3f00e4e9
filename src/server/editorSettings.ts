/**
 * Editor settings (agentCost.*) → assumption overrides, checked once on the server. Only values
 * the user set explicitly arrive here, so the project file (.agentcost.yaml) applies otherwise.
 */
import { normaliseSettings } from '../core/settings';
import type { EditorSettings } from '../protocol';

export interface EditorOverrides {
  overrides: Record<string, unknown>;
  configPath?: string;
  showFreeLenses: boolean;
  annotations: 'lenses' | 'hints' | 'both';
  error?: string;
}

export function overridesFromEditor(raw: EditorSettings | undefined): EditorOverrides {
  const r = raw ?? {};
  const flat: Record<string, unknown> = { ...(r.assumptions ?? {}) };
  if (r.turnsPerConversation !== undefined) flat.turnsPerConversation = r.turnsPerConversation;
  if (r.conversationsPerMonth !== undefined) flat.conversationsPerMonth = r.conversationsPerMonth;
  if (r.creditPrice !== undefined && r.creditPrice !== '') flat.creditPriceUsd = r.creditPrice;
  if (r.plan) flat.plan = r.plan;
  const base = {
    configPath: r.configPath || undefined,
    showFreeLenses: r.showFreeLenses === true,
    annotations: r.annotations === 'lenses' || r.annotations === 'hints' ? r.annotations : ('both' as const),
  };
  try {
    normaliseSettings(flat);
    return { overrides: flat, ...base };
  } catch (e) {
    return {
      overrides: {},
      ...base,
      error: `Agent Cost settings: ${(e as Error).message}; using the project file and defaults`,
    };
  }
}
