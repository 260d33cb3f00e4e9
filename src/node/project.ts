/**
 * File-system side of the project file (the core never touches the disk): find
 * `.agentcost.yaml` by walking up from an export, read it, and turn it into the engine's inputs.
 * Used by the CLI and the language server, so both read the same project the same way.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Analysis, analyzeFlow } from '../core/analyze';
import { CONFIG_FILE, EMPTY_CONFIG, parseProjectConfig, ProjectConfig } from '../core/config/projectConfig';
import type { Flow } from '../core/flow/types';
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
 * already dropped with diagnostics, so normalising cannot fail on them.
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
  let config = structuredClone(EMPTY_CONFIG);
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
  const settings = normaliseSettings({ ...config.settings, ...overrides });
  return { configFile, config, configDiagnostics, settings, rates: new Rates(undefined, config.pricing) };
}

/**
 * Analyses export text with a project's settings, rates and rules: the one way every surface
 * (CLI, server, diff) analyses, so they agree. Throws ExportError like `analyze`.
 */
export function analyzeWithProject(
  text: string,
  project: Project,
  fileName?: string,
): { analysis: Analysis; report: JsonReport; lines: LineIndex; flow: Flow } {
  const { flow, doc } = readExport(text, { channel: project.settings.channel });
  const analysis = analyzeFlow(flow, project.settings, project.rates, project.config.lint);
  return { analysis, report: toJsonReport(analysis, project.rates, fileName), lines: doc.lines, flow };
}
