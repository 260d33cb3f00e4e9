/**
 * Every assumption the engine uses, in one typed object derived from the settings table
 * (`table.ts`: kinds, defaults, bounds, docs). Reports list the assumptions behind each figure
 * (see `describeAssumptions`).
 */
import { Rates } from './pricing/rates';
import { entryPath, got, Kind, KindError } from './settings/kinds';
import { Row, SETTINGS_TABLE, SettingKey, SettingsTable } from './settings/table';

export { REASONING_EFFORTS, SETTINGS_TABLE } from './settings/table';
export type { ReasoningEffort } from './settings/table';
export type { Row, SettingKey } from './settings/table';

type ValueOf<R> = R extends { kind: Kind<infer T> } ? T : never;
type OptionalKey = { [K in SettingKey]: SettingsTable[K] extends { optional: true } ? K : never }[SettingKey];
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The engine's assumptions: one field per row of `SETTINGS_TABLE` (rows without a default are optional). */
export type Settings = Flat<
  { [K in Exclude<SettingKey, OptionalKey>]: ValueOf<SettingsTable[K]> } & {
    [K in OptionalKey]?: ValueOf<SettingsTable[K]>;
  }
>;

/** Every setting key, in table order. */
export const SETTING_KEYS = Object.keys(SETTINGS_TABLE) as SettingKey[];

/** The row of a key, or undefined: safe for any string ("constructor", "__proto__" are not settings). */
export function settingRow(key: string): Row<unknown> | undefined {
  return Object.hasOwn(SETTINGS_TABLE, key) ? (SETTINGS_TABLE[key as SettingKey] as Row<unknown>) : undefined;
}

/** Defaults, each documented in `SETTINGS_TABLE` (maps are frozen null-prototype copies). */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(
    SETTING_KEYS.flatMap((k) => {
      const row = SETTINGS_TABLE[k] as Row<unknown>;
      if (!('default' in row)) return [];
      const value =
        row.kind.type === 'map' ? Object.freeze(Object.assign(Object.create(null), row.default)) : row.default;
      return [[k, value]];
    }),
  ),
) as Settings;

/** One line of documentation per assumption: shown by reports and `--help`. */
export const ASSUMPTION_DOCS = Object.freeze(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS_TABLE[k].doc])),
) as Readonly<Record<SettingKey, string>>;

/** Thrown by `normaliseSettings` with the offending key (and map entry, e.g. "p1" of branchWeights). */
export class SettingsError extends Error {
  constructor(
    readonly key: string,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

let defaultRates: Rates | undefined;

export interface NormaliseOptions {
  /** Ids (models, voices, plans) are checked against these rates; default: the bundled rate card. */
  rates?: Rates;
  /** False: check ids for shape only, when the project's negotiated models are not known yet. */
  checkIds?: boolean;
}

/**
 * One raw value (CLI string, YAML or JSON value) checked and converted by its row.
 * Throws `SettingsError` naming the key, the value and what is allowed.
 */
export function parseSetting(key: string, raw: unknown, options: NormaliseOptions = {}): unknown {
  const row = settingRow(key);
  if (!row) throw new SettingsError(key, unknownSettingMessage(key));
  const ctx = { rates: options.rates ?? (defaultRates ??= new Rates()), checkIds: options.checkIds ?? true };
  try {
    const value = row.kind.parse(raw, ctx);
    // A map with defaults (reasoning multipliers) keeps the defaults of the names it does not set.
    return row.kind.type === 'map' && row.default ? Object.assign(Object.create(null), row.default, value) : value;
  } catch (e) {
    if (!(e instanceof KindError)) throw e;
    throw new SettingsError(key, `${entryPath(key, e.entry)} ${e.message}`, e.entry);
  }
}

/** "unknown setting", with the closest key when it looks like a typo. */
export function unknownSettingMessage(key: string): string {
  const near = SETTING_KEYS.map((k) => ({ k, d: distance(k.toLowerCase(), key.toLowerCase()) })).sort(
    (a, b) => a.d - b.d,
  )[0];
  if (near && near.d <= Math.max(2, Math.floor(key.length / 4)))
    return `unknown setting ${got(key)}; did you mean "${near.k}"?`;
  return `unknown setting ${got(key)} (settings: ${SETTING_KEYS.join(', ')})`;
}

/** Edit distance (for "did you mean"); keys are short. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Merge raw values (CLI flags, project file, editor settings) over the defaults, checking each
 * one by its row. Unknown keys are rejected so a typo never silently falls back to a default.
 * `undefined` values are skipped.
 */
export function normaliseSettings(
  raw: Readonly<Record<string, unknown>> = {},
  options: NormaliseOptions = {},
): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[key] = parseSetting(key, value, options);
  }
  return out as Settings;
}

/** The assumptions a report used, as `{ key, value, doc }` rows (non-default values flagged). */
export function describeAssumptions(s: Settings): { key: string; value: unknown; doc: string; isDefault: boolean }[] {
  return SETTING_KEYS.filter((k) => s[k] !== undefined).map((k) => ({
    key: k,
    value: s[k],
    doc: ASSUMPTION_DOCS[k],
    isDefault: JSON.stringify(s[k]) === JSON.stringify(DEFAULT_SETTINGS[k]),
  }));
}
