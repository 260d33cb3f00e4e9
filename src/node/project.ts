/**
 * File-system side of the project file (the core never touches the disk): find
 * `.agentcost.yaml` by walking up from an export, read it, and turn it into the engine's inputs.
 * Used by the CLI and the language server, so both read the same project the same way.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { betweenStages } from './memory';
import { Analysis, analyzeFlow, placeDiagnostics, readOptions, readText } from '../core/analyze';
import { CONFIG_FILE, emptyConfig, parseProjectConfig, ProjectConfig } from '../core/config/projectConfig';
import type { Flow } from '../core/flow/types';
import { readDocument } from '../core/formats/index';
import type { JsonDocument } from '../core/json/document';
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

/**
 * The nearest `.agentcost.yaml` at or above `dir`, looking no higher than `stopAt` (a workspace
 * folder or repository root). A `dir` outside `stopAt` is searched alone: a project file in
 * some parent folder, up to `/`, is never picked up by accident (or planted there).
 */
export function findConfig(dir: string, stopAt: string = dir): string | undefined {
  const root = path.resolve(stopAt);
  const start = path.resolve(dir);
  const inside = isInside(start, root);
  for (let d = start; ; d = path.dirname(d)) {
    const f = path.join(d, CONFIG_FILE);
    if (existsSync(f)) return f;
    if (!inside || d === root || path.dirname(d) === d) return undefined;
  }
}

/** True when `file` is `dir` or below it. */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The root of the git work tree holding `dir` (the folder with `.git`), if any. */
export function gitRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Where the CLI's project-file search stops for an export: its git repository's root, else the
 * working directory when the export is below it, else the export's own folder.
 */
export function cliSearchRoot(exportFile: string, cwd = process.cwd()): string {
  const dir = path.dirname(path.resolve(exportFile));
  return gitRoot(dir) ?? (isInside(dir, cwd) ? path.resolve(cwd) : dir);
}

/**
 * Loads the project for an export: `configPath` if given, else the nearest project file up to
 * `searchRoot` (default: the CLI's, see cliSearchRoot). `overrides` (CLI flags, editor settings)
 * win over the file. Bad settings in the file were already dropped with diagnostics, so
 * normalising cannot fail on them; an override naming an id that neither the rate card nor the
 * project's negotiated rates know throws `SettingsError`.
 */
export function loadProject(
  exportFile: string | undefined,
  configPath?: string,
  overrides: Record<string, unknown> = {},
  searchRoot: string | undefined = exportFile === undefined ? undefined : cliSearchRoot(exportFile),
): Project {
  const configFile = configPath
    ? path.resolve(configPath)
    : exportFile
      ? findConfig(path.dirname(path.resolve(exportFile)), searchRoot)
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

/** The project with no project file: defaults and the bundled rate card. */
export function emptyProject(): Project {
  return {
    config: emptyConfig(),
    configDiagnostics: [],
    settings: normaliseSettings({}),
    rates: new Rates(),
  };
}

/**
 * Analyses export text with a project's settings, rates and rules: the one way every surface
 * (CLI, server, diff) analyses, so they agree. Throws ExportError like `analyze`. `parsed`: the
 * text already parsed (the language server keeps it, and patches it after an edit). The flow is
 * not kept for the report (a 50 MB export's flow is ~100 MB): `analyzeWithFlow` returns it.
 */
export function analyzeWithProject(
  text: string,
  project: Project,
  fileName?: string,
  parsed?: JsonDocument,
): { analysis: Analysis; report: JsonReport; lines: LineIndex } {
  const { analysis, lines } = analyzeWithFlow(text, project, parsed);
  if (!parsed) betweenStages(text); // the flow is garbage now (the server collects where it parses)
  return { analysis, report: toJsonReport(analysis, project.rates, fileName), lines };
}

/** The analysis and the flow it read (the cost map draws the flow's blocks). */
export function analyzeWithFlow(
  text: string,
  project: Project,
  parsed?: JsonDocument,
): { analysis: Analysis; flow: Flow; lines: LineIndex } {
  const options = readOptions(project.settings);
  const { flow, where } = parsed ? { flow: readDocument(parsed, options), where: parsed } : readText(text, options);
  if (!parsed) betweenStages(text); // the JSON tree is garbage now
  // The core has no clock: date-based rules (stale-rate-card) get today's date from here.
  const analysis = placeDiagnostics(
    analyzeFlow(flow, project.settings, project.rates, { ...project.config.lint, today: todayIso() }),
    where,
  );
  return { analysis, flow, lines: where.lines };
}
