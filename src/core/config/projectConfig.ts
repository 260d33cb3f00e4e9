/**
 * `.agentcost.yaml`: traffic, budgets, pricing overrides, variable budgets, rule severities and
 * ignores, per-step what-if models. Parsed with `yaml` keeping positions: every problem becomes a
 * diagnostic on the offending key or value, that value falls back to its default, the rest of
 * the file still applies. A file that is not YAML falls back to defaults entirely (and says so).
 * Which key sets which setting comes from the settings and budgets tables (`file` paths).
 */
import { isMap, Node, Pair, YAMLMap } from 'yaml';
import { Rates } from '../pricing/rates';
import { got } from '../settings/kinds';
import { settingRow, unknownSettingMessage, type SettingKey } from '../settings';
import type { Diagnostic, Severity } from '../types';
import type { Budgets } from './budgets';
import { FILE_TARGETS, SETTING_SECTIONS, SettingReader } from './settingKeys';
import { parseIgnores, parseModelRates, parseRules } from './sections';
import { keyText, nodeOf, readYaml } from './yamlSource';

export { CONFIG_FILE } from './yamlSource';
export type { Budgets } from './budgets';

export interface Ignore {
  rule: string;
  /** A step id, or "*" for every step. */
  stepId: string;
  reason: string;
}

export interface LintConfig {
  /** Rule id → severity (a null-prototype map). */
  severities: Record<string, Severity | 'off'>;
  ignores: Ignore[];
  budgets: Budgets;
  /**
   * Today's date (YYYY-MM-DD), given by the caller: the core has no clock. Rules that compare dates
   * (`stale-rate-card`) stay quiet without it.
   */
  today?: string;
}

export interface ProjectConfig {
  /** Checked setting values by key, for `normaliseSettings` (a null-prototype map). */
  settings: Record<string, unknown>;
  lint: LintConfig;
  /** Negotiated rates: model id → credits per 1K input / output tokens (a null-prototype map). */
  pricing: Record<string, { inputPer1K: string; outputPer1K: string }>;
}

/** A config with nothing set; its maps have no prototype, so any key from a file is data. */
export function emptyConfig(): ProjectConfig {
  return {
    settings: Object.create(null),
    lint: { severities: Object.create(null), ignores: [], budgets: Object.create(null) },
    pricing: Object.create(null),
  };
}

/** Nothing set (frozen: use `emptyConfig()` for one to fill). */
export const EMPTY_CONFIG: Readonly<ProjectConfig> = (() => {
  const c = emptyConfig();
  for (const o of [c.settings, c.pricing, c.lint.severities, c.lint.budgets, c.lint.ignores, c.lint]) Object.freeze(o);
  return Object.freeze(c);
})();

/** Sections of settings and budgets, then the sections handled on their own. */
const SECTIONS = [...SETTING_SECTIONS.map((s) => s.name), 'assumptions', 'rules', 'ignore'];

export function parseProjectConfig(
  text: string,
  knownRules: ReadonlySet<string> = new Set(),
): { config: ProjectConfig; diagnostics: Diagnostic[] } {
  const src = readYaml(text);
  const config = emptyConfig();
  const { root, report, diagnostics } = src;
  if (root === undefined || root === null) return { config, diagnostics };
  if (!isMap(root)) {
    report('the file must be a mapping of sections (traffic, budgets, pricing, …); defaults apply', root);
    return { config, diagnostics };
  }
  const sections: { name: string; pair: Pair }[] = [];
  for (const pair of root.items) {
    const name = keyText(pair);
    if (!SECTIONS.includes(name))
      report(`unknown section ${got(name)} (known: ${SECTIONS.join(', ')})`, pair.key as Node, 'warning');
    else if (name !== 'ignore' && !isMap(pair.value)) report(`"${name}" must be a mapping`, nodeOf(pair));
    else sections.push({ name, pair });
  }
  // Negotiated rates first: model ids elsewhere in the file are checked against them too.
  const pricing = sections.find((s) => s.name === 'pricing')?.pair.value as YAMLMap | undefined;
  const models = pricing?.items.find((p) => keyText(p) === 'models');
  if (models) parseModelRates(src, models, config);
  const reader = new SettingReader(src, config, new Rates(undefined, config.pricing));

  for (const { name, pair } of sections) {
    if (name === 'ignore') parseIgnores(src, pair.value as Node | null, config, knownRules);
    else if (name === 'rules') parseRules(src, (pair.value as YAMLMap).items, config, knownRules);
    else
      for (const item of (pair.value as YAMLMap).items) {
        const key = keyText(item);
        const path = `${name}.${key}`;
        const row = name === 'assumptions' ? settingRow(key) : undefined;
        const target = row
          ? { kind: row.kind, default: row.default, setting: key as SettingKey }
          : FILE_TARGETS.get(path);
        if (path === 'pricing.models') continue;
        if (target) reader.apply(path, target, item);
        else if (name === 'assumptions')
          report(`assumptions: ${unknownSettingMessage(key)}`, item.key as Node, 'warning');
        else report(`unknown key ${got(path)} (known: ${keysOf(name).join(', ')})`, item.key as Node, 'warning');
      }
  }
  return { config, diagnostics };
}

/** The keys a settings section knows. */
function keysOf(section: string): string[] {
  const known = [...FILE_TARGETS.keys()]
    .filter((p) => p.startsWith(`${section}.`))
    .map((p) => p.slice(section.length + 1));
  return section === 'pricing' ? [...known, 'models'] : known;
}
