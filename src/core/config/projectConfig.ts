/**
 * `.agentcost.yaml`: traffic, budgets, pricing overrides, variable budgets, rule severities and
 * ignores, per-step what-if models. Parsed with `yaml` keeping positions: every problem becomes a
 * diagnostic on the offending key or value, that value falls back to its default, the rest of
 * the file still applies. A file that is not YAML falls back to defaults entirely (and says so).
 */
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, YAMLMap } from 'yaml';
import { normaliseSettings, SettingsError } from '../settings';
import type { Diagnostic, Range, Severity } from '../types';

export const CONFIG_FILE = '.agentcost.yaml';

export interface Budgets {
  creditsPerTurn?: number;
  creditsPerConversation?: number;
  creditsPerMonth?: number;
  /** Input tokens of one LLM call (prompt-over-budget). Default 8,000. */
  promptTokens?: number;
  /** maxTokens above which high-output-cap fires. Default 1,000. */
  maxOutputTokens?: number;
  /** Characters of one static message in a voice project (voice-long-static-speech). Default 300. */
  spokenChars?: number;
}

export interface Ignore {
  rule: string;
  /** A step id, or "*" for every step. */
  stepId: string;
  reason: string;
}

export interface LintConfig {
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
  /** Raw settings for `normaliseSettings` (already checked key by key). */
  settings: Record<string, unknown>;
  lint: LintConfig;
  /** Negotiated rates: model id → credits per 1K input / output tokens. */
  pricing: Record<string, { inputPer1K: string; outputPer1K: string }>;
}

export const EMPTY_CONFIG: ProjectConfig = {
  settings: {},
  lint: { severities: {}, ignores: [], budgets: {} },
  pricing: {},
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);
const DECIMAL = /^\d+(\.\d+)?$/;

/** Section key → setting it maps to (or a handler below). */
const SETTING_OF: Record<string, Record<string, string>> = {
  traffic: {
    conversationsPerMonth: 'conversationsPerMonth',
    turnsPerConversation: 'turnsPerConversation',
    branchWeights: 'branchWeights',
    loopCap: 'loopCap',
    noMatchRate: 'noMatchRate',
  },
  budgets: { creditsPerMonth: 'monthlyBudget', plan: 'plan' },
  pricing: { creditPrice: 'creditPriceUsd' },
  variables: { default: 'variableTokens', budgets: 'variableTokenBudgets' },
};
const BUDGET_KEYS = new Set([
  'creditsPerTurn',
  'creditsPerConversation',
  'creditsPerMonth',
  'promptTokens',
  'maxOutputTokens',
  'spokenChars',
]);
const SECTIONS = new Set(['traffic', 'budgets', 'pricing', 'variables', 'assumptions', 'rules', 'ignore', 'whatIf']);

export function parseProjectConfig(
  text: string,
  knownRules: ReadonlySet<string> = new Set(),
): { config: ProjectConfig; diagnostics: Diagnostic[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const rangeOf = (n: Node | null | undefined): Range | undefined => {
    if (!n?.range) return undefined;
    const s = lc.linePos(n.range[0]);
    const e = lc.linePos(n.range[1]);
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const report = (message: string, node: Node | null | undefined, severity: Severity = 'error') =>
    diagnostics.push({ rule: 'config', severity, message: `${CONFIG_FILE}: ${message}`, range: rangeOf(node) });

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const p = lc.linePos(e.pos[0]);
      diagnostics.push({
        rule: 'config',
        severity: 'error',
        message: `${CONFIG_FILE}: ${e.message.split('\n')[0]} — the whole file is ignored, defaults apply`,
        range: { start: { line: p.line - 1, character: p.col - 1 }, end: { line: p.line - 1, character: p.col } },
      });
    }
    return { config: structuredClone(EMPTY_CONFIG), diagnostics };
  }
  const config: ProjectConfig = structuredClone(EMPTY_CONFIG);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, diagnostics };
  if (!isMap(root)) {
    report('the file must be a mapping of sections (traffic, budgets, pricing, …); defaults apply', root);
    return { config, diagnostics };
  }

  /** Checks one setting value with the engine's own normaliser; drops it with a diagnostic if bad. */
  const setting = (key: string, value: unknown, node: Node | null | undefined) => {
    try {
      normaliseSettings({ [key]: value });
      config.settings[key] = value;
    } catch (e) {
      report(`${e instanceof SettingsError ? e.message : String(e)}; using the default`, node);
    }
  };

  for (const pair of root.items) {
    const sectionKey = pair.key as Scalar;
    const section = String(sectionKey?.value);
    const value = pair.value as Node | null;
    if (!SECTIONS.has(section)) {
      report(`unknown section "${section}" (known: ${[...SECTIONS].join(', ')})`, sectionKey, 'warning');
      continue;
    }
    if (section === 'ignore') {
      parseIgnores(value, config, report, knownRules);
      continue;
    }
    if (!isMap(value)) {
      report(`"${section}" must be a mapping`, value ?? sectionKey);
      continue;
    }
    for (const item of (value as YAMLMap).items) {
      const k = String((item.key as Scalar)?.value);
      const vNode = item.value as Node | null;
      const v = vNode ? (vNode as Node & { toJSON(): unknown }).toJSON() : null;
      const mapped = SETTING_OF[section]?.[k];
      if (section === 'assumptions') setting(k, v, vNode ?? (item.key as Node));
      else if (section === 'rules') {
        if (knownRules.size > 0 && !knownRules.has(k)) report(`unknown rule "${k}"`, item.key as Node, 'warning');
        else if (typeof v !== 'string' || !SEVERITIES.has(v))
          report(`rule "${k}": severity must be error, warning, information, hint or off`, vNode);
        else config.lint.severities[k] = v as Severity | 'off';
      } else if (section === 'pricing' && k === 'models') parseModelRates(vNode, config, report);
      else if (section === 'whatIf' && k === 'models') {
        if (!isMap(vNode) || Object.values(v as object).some((m) => typeof m !== 'string'))
          report('whatIf.models must map step ids to model ids', vNode);
        else setting('stepModels', v, vNode);
      } else if (section === 'budgets' && BUDGET_KEYS.has(k)) {
        if (typeof v !== 'number' || !(v >= 0)) report(`budgets.${k} must be a non-negative number; ignored`, vNode);
        else {
          config.lint.budgets[k as keyof Budgets] = v;
          if (mapped) setting(mapped, v, vNode);
        }
      } else if (mapped) setting(mapped, v, vNode);
      else report(`unknown key "${section}.${k}"`, item.key as Node, 'warning');
    }
  }
  return { config, diagnostics };
}

type Report = (message: string, node: Node | null | undefined, severity?: Severity) => void;

function parseIgnores(
  value: Node | null,
  config: ProjectConfig,
  report: Report,
  knownRules: ReadonlySet<string>,
): void {
  if (!isSeq(value)) {
    report('"ignore" must be a list of { rule, stepId, reason }', value);
    return;
  }
  for (const item of value.items as Node[]) {
    const v = (item as Node & { toJSON(): unknown }).toJSON() as Record<string, unknown> | null;
    if (!isMap(item) || typeof v?.rule !== 'string' || typeof v?.stepId !== 'string') {
      report('each ignore needs a rule and a stepId ("*" for every step)', item);
      continue;
    }
    if (typeof v.reason !== 'string' || v.reason.trim() === '')
      report(`ignore of ${v.rule}: give a reason (exports are JSON and cannot hold comments)`, item, 'warning');
    if (knownRules.size > 0 && !knownRules.has(v.rule)) report(`ignore: unknown rule "${v.rule}"`, item, 'warning');
    config.lint.ignores.push({ rule: v.rule, stepId: v.stepId, reason: String(v.reason ?? '') });
  }
}

function parseModelRates(node: Node | null, config: ProjectConfig, report: Report): void {
  if (!isMap(node)) {
    report('pricing.models must map model ids to { inputPer1K, outputPer1K } credits', node);
    return;
  }
  for (const item of node.items) {
    const model = String((item.key as Scalar)?.value);
    const v = (item.value as (Node & { toJSON(): unknown }) | null)?.toJSON() as Record<string, unknown> | null;
    const inp = v?.inputPer1K === undefined ? undefined : String(v.inputPer1K);
    const out = v?.outputPer1K === undefined ? undefined : String(v.outputPer1K);
    if (!inp || !out || !DECIMAL.test(inp) || !DECIMAL.test(out))
      report(
        `pricing.models.${model}: inputPer1K and outputPer1K must be decimal credits per 1K tokens; the rate card applies`,
        item.value as Node,
      );
    else config.pricing[model] = { inputPer1K: inp, outputPer1K: out };
  }
}
