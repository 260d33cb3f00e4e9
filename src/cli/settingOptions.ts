/**
 * CLI options of the settings table: one per row with a flag (help from the row's doc, allowed
 * values, unit and default) plus `--set key=value` for every row, checked by the same kinds.
 */
import { Command, Option } from 'commander';
import { got } from '../core/settings/kinds';
import { normaliseSettings, Row, SETTING_KEYS, SETTINGS_TABLE, SettingsError } from '../core/settings';

/** A bad flag or `--set` (exit 2). */
export class SettingUsageError extends Error {}

/** `--help` text of a row: "doc (allowed, in unit; default x)". */
export function helpOf(row: Row<unknown>): string {
  // Choices are listed by commander itself.
  const what = [row.kind.choices ? '' : row.kind.allowed, row.unit ? `in ${row.unit}` : ''].filter(Boolean).join(', ');
  const def = row.default === undefined ? '' : `default ${row.kind.show(row.default)}`;
  const notes = [what, def].filter(Boolean).join('; ');
  return notes ? `${row.doc} (${notes})` : row.doc;
}

/** Every row with a flag: [option, setting key]. */
function flagOptions(): [Option, string][] {
  return SETTING_KEYS.flatMap((key) => {
    const row = SETTINGS_TABLE[key] as Row<unknown>;
    if (!row.flag) return [];
    const option = new Option(`${row.flag} ${row.kind.placeholder}`, helpOf(row));
    // "--no-match-rate" takes a value; it is not the negation of a "--match-rate".
    option.negate = false;
    if (row.kind.choices) option.choices(row.kind.choices);
    return [[option, key] as [Option, string]];
  });
}

/** Adds the setting flags and `--set` to a command. */
export function addSettingOptions(command: Command): Command {
  for (const [option] of flagOptions()) command.addOption(option);
  return command.option(
    '--set <key=value...>',
    'set any assumption by name, e.g. --set defaultModel=gpt-4o; maps as JSON (the README lists them all)',
  );
}

/**
 * Raw setting values from the flags and `--set` (`--set` last, so it wins), checked for type and
 * range before any file is read. Ids (models, plans) are checked once the project's negotiated
 * rates are known (`loadProject`).
 */
export function settingsFromOptions(opts: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = Object.create(null);
  for (const [option, key] of flagOptions()) {
    const value = opts[option.attributeName()];
    if (value === undefined) continue;
    check(option.long!, key, value);
    raw[key] = value;
  }
  for (const kv of (opts.set as string[] | undefined) ?? []) {
    const i = kv.indexOf('=');
    if (i < 1) throw new SettingUsageError(`--set expects key=value, got ${got(kv)}`);
    const key = kv.slice(0, i).trim();
    check('--set', key, kv.slice(i + 1));
    raw[key] = kv.slice(i + 1);
  }
  return raw;
}

function check(flag: string, key: string, value: unknown): void {
  try {
    normaliseSettings({ [key]: value }, { checkIds: false });
  } catch (e) {
    if (e instanceof SettingsError) throw new SettingUsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

/**
 * Runs `load` (which checks ids against the project's rates); a bad id names the flag it came
 * from: "--plan: plan must be one of the plans …".
 */
export function withSettingFlags<T>(opts: Record<string, unknown>, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    const viaSet = ((opts.set as string[] | undefined) ?? []).some(
      (kv) => kv.slice(0, kv.indexOf('=')).trim() === e.key,
    );
    const flag = viaSet ? '--set' : flagOptions().find(([, key]) => key === e.key)?.[0].long;
    throw new SettingUsageError(flag ? `${flag}: ${e.message}` : e.message);
  }
}
