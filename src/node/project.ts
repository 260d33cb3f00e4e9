/**
 * File-system side of the project file (the core never touches the disk): find
 * `.agentcost.yaml` by walking up from an export, read it, and turn it into the engine's inputs.
 * Used by the CLI and the language server, so both read the same project the same way.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Analysis, analyzeFlow, placeDiagnostics, readOptions } from '../core/analyze';
import { CONFIG_FILE, emptyConfig, parseProjectConfig, ProjectConfig } from '../core/config/projectConfig';
import { readExport } from '../core/formats/index';
import type { LineIndex } from '../core/json/positions';
import { JsonReport, toJsonReport } from '../core/report/json';
import { Rates } from '../core/pricing/rates';
import { RULE_IDS } from '../core/rules/index';
import { normaliseSettings, Settings } from '../core/settings';
import type { Diagnostic } from '../core/types';

export interface Project {
  /** The project file used, if any. */
  configFile?: string;
  config: ProjectConfig;
  /** Problems in the project file (positions are in that file). */
  configDiagnostics: Diagnostic[];
  settings: Settings;
  rates: Rates;
}

/** The nearest `.agentcost.yaml` at or above `dir` (stops at the file-system root). */
export function findConfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, CONFIG_FILE);
    if (existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Loads the project for an export: `configPath` if given, else the nearest project file.
 * `overrides` (CLI flags, editor settings) win over the file. Bad settings in the file were
 * already dropped with diagnostics, so normalising cannot fail on them; an override naming an
 * id that neither the rate card nor the project's negotiated rates know throws `SettingsError`.
 */
export function loadProject(
  exportFile: string | undefined,
  configPath?: string,
  overrides: Record<string, unknown> = {},
): Project {
  const configFile = configPath
    ? path.resolve(configPath)
    : exportFile
      ? findConfig(path.dirname(path.resolve(exportFile)))
      : undefined;
  let config = emptyConfig();
  let configDiagnostics: Diagnostic[] = [];
  if (configFile) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (e) {
      text = '';
      configDiagnostics = [
        {
          rule: 'config',
          severity: 'error',
          message: `${CONFIG_FILE}: cannot read ${configFile} (${(e as NodeJS.ErrnoException).code}); defaults apply`,
        },
      ];
    }
    if (text) ({ config, diagnostics: configDiagnostics } = parseProjectConfig(text, RULE_IDS));
  }
  const rates = new Rates(undefined, config.pricing);
  const settings = normaliseSettings({ ...config.settings, ...overrides }, { rates });
  return { configFile, config, configDiagnostics, settings, rates };
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Analyses export text with a project's settings, rates and rules: the one way every surface
 * (CLI, server, diff) analyses, so they agree. Throws ExportError like `analyze`.
 */
export function analyzeWithProject(
  text: string,
  project: Project,
  fileName?: string,
): { analysis: Analysis; report: JsonReport; lines: LineIndex } {
  const { flow, doc } = readExport(text, readOptions(project.settings));
  // The core has no clock: date-based rules (stale-rate-card) get today's date from here.
  const analysis = placeDiagnostics(
    analyzeFlow(flow, project.settings, project.rates, { ...project.config.lint, today: todayIso() }),
    doc,
  );
  return { analysis, report: toJsonReport(analysis, project.rates, fileName), lines: doc.lines };
}
