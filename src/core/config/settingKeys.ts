/**
 * Project-file keys that set a setting or a budget, checked by the row's kind: each problem is a
 * diagnostic on the value at fault and the default applies (a bad map entry drops that entry).
 */
import { isMap, Node, Pair } from 'yaml';
import { Rates } from '../pricing/rates';
import { entryPath, Kind, KindError, ParseContext } from '../settings/kinds';
import { SETTINGS_TABLE, type SettingKey } from '../settings/table';
import { BudgetKey, BUDGETS_TABLE } from './budgets';
import type { ProjectConfig } from './projectConfig';
import { keyText, nodeOf, TooLargeError, YamlSource } from './yamlSource';

/** What a project-file path sets. */
export interface FileTarget {
  kind: Kind<unknown>;
  default?: unknown;
  setting?: SettingKey;
  budget?: BudgetKey;
}

/** Project-file path ("traffic.turnsPerConversation") → what it sets, from the two tables. */
export const FILE_TARGETS: ReadonlyMap<string, FileTarget> = (() => {
  const m = new Map<string, FileTarget>();
  for (const [key, row] of Object.entries(SETTINGS_TABLE))
    if ('file' in row && row.file)
      m.set(row.file, {
        kind: row.kind as Kind<unknown>,
        default: 'default' in row ? row.default : undefined,
        setting: key as SettingKey,
      });
  for (const [key, row] of Object.entries(BUDGETS_TABLE)) {
    const path = `budgets.${key}`;
    const shared = m.get(path);
    if (shared) shared.budget = key as BudgetKey;
    else
      m.set(path, {
        kind: row.kind as Kind<unknown>,
        default: 'default' in row ? row.default : undefined,
        budget: key as BudgetKey,
      });
  }
  return m;
})();

/** Descriptions of the sections made of settings and budgets, in the order docs list them. */
const SECTION_DOCS: Readonly<Record<string, string>> = {
  traffic: 'Traffic assumptions.',
  budgets: 'Limits enforced by the rules and `agent-cost check`.',
  pricing: 'Credit price and negotiated model rates.',
  variables: 'Token budgets of variables whose values are unknown at design time.',
  whatIf: 'What-if pricing.',
};

/** The sections the tables' `file` paths use (a new one needs no other edit), with their docs. */
export const SETTING_SECTIONS: readonly { name: string; doc?: string }[] = [
  ...new Set([...Object.keys(SECTION_DOCS), ...[...FILE_TARGETS.keys()].map((p) => p.split('.')[0])]),
].map((name) => ({ name, doc: SECTION_DOCS[name] }));

/** Sets settings and budgets from one section's pairs; remembers where each setting was set. */
export class SettingReader {
  private readonly setAt = new Map<string, string>();
  private readonly ctx: ParseContext;

  constructor(
    private readonly src: YamlSource,
    private readonly config: ProjectConfig,
    rates: Rates,
  ) {
    this.ctx = { rates, checkIds: true };
  }

  /** `path` is what the user wrote ("traffic.loopCap", "assumptions.loopCap"). */
  apply(path: string, target: FileTarget, pair: Pair): void {
    const node = nodeOf(pair);
    const value = target.kind.parseEntry ? this.mapValue(path, target, pair) : this.scalarValue(path, target, pair);
    if (value === undefined) return;
    if (target.setting) {
      const before = this.setAt.get(target.setting);
      if (before)
        this.src.report(
          `${path} sets ${target.setting} again (also set by ${before}); this value applies`,
          node,
          'warning',
        );
      this.setAt.set(target.setting, path);
      this.config.settings[target.setting] = value;
    }
    if (target.budget) (this.config.lint.budgets as Record<string, unknown>)[target.budget] = value;
  }

  private fallback(target: FileTarget): string {
    return target.default === undefined ? 'ignored' : `using the default (${target.kind.show(target.default)})`;
  }

  private scalarValue(path: string, target: FileTarget, pair: Pair): unknown {
    try {
      return target.kind.parse(this.src.plain(pair.value), this.ctx);
    } catch (e) {
      if (!(e instanceof KindError || e instanceof TooLargeError)) throw e;
      this.src.report(`${path} ${problem(e)}; ${this.fallback(target)}`, nodeOf(pair));
      return undefined;
    }
  }

  /** A map setting entry by entry: a bad entry is dropped with a diagnostic on it, the rest apply. */
  private mapValue(path: string, target: FileTarget, pair: Pair): unknown {
    const node = pair.value as Node | null;
    if (!isMap(node)) {
      this.src.report(`${path} must be ${target.kind.allowed}; ${this.fallback(target)}`, nodeOf(pair));
      return undefined;
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const entry of node.items) {
      const name = keyText(entry);
      try {
        out[name] = target.kind.parseEntry!(name, this.src.plain(entry.value), this.ctx);
      } catch (e) {
        if (!(e instanceof KindError || e instanceof TooLargeError)) throw e;
        this.src.report(`${entryPath(path, name)} ${problem(e)}; this entry is ignored`, nodeOf(entry));
      }
    }
    return out;
  }
}

/** The "must be …" of a rejected value. */
function problem(e: Error): string {
  return e instanceof KindError ? e.message : `is too large (${e.message})`;
}
