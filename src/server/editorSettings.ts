/**
 * Editor settings (agentCost.*) → assumption overrides, checked once on the server by the
 * settings table. Only values the user set explicitly arrive here, so the project file
 * (.agentcost.yaml) applies otherwise. A bad value is dropped (and named); the others apply.
 */
import { parseSetting, SettingsError } from '../core/settings';
import { EDITOR_KEYS, EDITOR_SECTION } from '../core/settings/editor';
import type { EditorSettings } from '../protocol';

export interface EditorOverrides {
  overrides: Record<string, unknown>;
  configPath?: string;
  showFreeLenses: boolean;
  /** Where figures appear in the export: code lenses, inlay hints, or both. */
  annotations: 'lenses' | 'hints' | 'both';
  error?: string;
}

/** A value the settings editor uses for "not set". */
const unset = (v: unknown) => v === undefined || v === null || v === '';

export function overridesFromEditor(raw: EditorSettings | undefined): EditorOverrides {
  const get = (key: string) => valueAt(raw ?? {}, key);
  const overrides: Record<string, unknown> = Object.create(null);
  const problems: string[] = [];
  const take = (key: string, value: unknown, where: string) => {
    try {
      overrides[key] = parseSetting(key, value);
    } catch (e) {
      if (!(e instanceof SettingsError)) throw e;
      problems.push(`${EDITOR_SECTION}.${where}: ${e.message}`);
    }
  };
  // The dedicated settings win over the same assumption in agentCost.assumptions.
  const assumptions = get('assumptions');
  if (typeof assumptions === 'object' && assumptions !== null && !Array.isArray(assumptions))
    for (const [key, value] of Object.entries(assumptions)) if (!unset(value)) take(key, value, 'assumptions');
  for (const [editorKey, key] of EDITOR_KEYS) {
    const value = get(editorKey);
    if (!unset(value)) take(key, value, editorKey);
  }
  const configPath = get('project.configPath');
  const ignored = problems.length === 1 ? 'This setting is ignored.' : 'These settings are ignored.';
  return {
    overrides,
    configPath: typeof configPath === 'string' && configPath !== '' ? configPath : undefined,
    // Free steps get no lens unless asked for (most steps are free).
    showFreeLenses: get('lens.showFree') === true,
    annotations: annotationsOf(get('editor.annotations')),
    error: problems.length ? `Agent Cost settings: ${problems.join('; ')}. ${ignored}` : undefined,
  };
}

function annotationsOf(v: unknown): EditorOverrides['annotations'] {
  return v === 'lenses' || v === 'hints' ? v : 'both';
}

/** The value of a dotted key, written flat ("a.b": v) or nested (a: {b: v}); own properties only. */
function valueAt(settings: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(settings, key)) return settings[key];
  let v: unknown = settings;
  for (const part of key.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
