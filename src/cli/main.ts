/**
 * `agent-cost`: the same engine as the editor, for terminals and CI.
 * Exit codes: 0 ok, 1 findings or a cost gate, 2 bad input or usage (message on stderr). No input
 * makes it print a stack trace: an unexpected error is one line on stderr and exit 2.
 */
import { readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { diffReports, renderDiffMarkdown, renderDiffTable } from '../core/diff';
import {
  FileFindings,
  renderFindingsMarkdown,
  renderFindingsText,
  renderSarif,
  SEVERITY_RANK,
} from '../core/report/findings';
import type { Severity } from '../core/types';
import { gitShow } from '../node/git';
import { debugging, describeUnexpected } from '../node/unexpected';
import { terminal } from '../core/report/escape';
import { analyzeWithFlow, analyzeWithProject, loadProject } from '../node/project';
import { expandInputs } from './inputs';
import { writeJson } from './jsonOut';
import { addMapCommand } from './map';
import { estimate, EstimateError, EstimateInput } from '../core/estimate';
import { ExportError } from '../core/json/document';
import { Decimal } from '../core/pricing/money';
import { Rates } from '../core/pricing/rates';
import { modelsReport, renderModelsTable } from '../core/report/models';
import { renderCsv, renderMarkdown, renderTable } from '../core/report/text';
import { renderEstimate } from './estimateTable';
import { DEFAULT_SETTINGS, SettingsError } from '../core/settings';
import { addSettingOptions, SettingUsageError, settingsFromOptions, withSettingFlags } from './settingOptions';
import { countTokens, describeTokenizer } from '../core/tokens';
import { VERSION } from '../version';

export class UsageError extends Error {}
/** Findings at or above --fail-on (exit 1). */
class FindingsError extends Error {}
/** A file could not be analysed; its error was already printed with the findings (exit 2). */
class InputError extends Error {}

/** Writes to stderr; text from files and arguments cannot carry terminal control sequences. */
function warn(s: string): void {
  process.stderr.write(terminal(s));
}

/** "file:line:col: message" (1-based), or "file: message" without a position. */
function located(file: string, d: { message: string; range?: { start: { line: number; character: number } } | null }) {
  return `${file}:${d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}: ` : ' '}${d.message}`;
}

/** The text of `file` at a git ref, or a usage error. */
function gitShowOrFail(ref: string, file: string): string {
  try {
    return gitShow(ref, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The --config file, which must exist: CI must not silently lose its budgets to a typo. */
function configOption(opts: Record<string, unknown>): string | undefined {
  const c = opts.config as string | undefined;
  if (c === undefined) return undefined;
  let file: boolean;
  try {
    file = statSync(c).isFile();
  } catch (e) {
    throw new UsageError(
      `--config ${c}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  if (!file) throw new UsageError(`--config ${c}: not a file`);
  return c;
}

/** Loads the project of an export: --config, or the nearest project file (flags win over both). */
function projectFor(file: string | undefined, opts: Record<string, unknown>) {
  return withSettingFlags(opts, () => loadProject(file, configOption(opts), settingsFromOptions(opts)));
}

/** Analyses one export with its project file; the JSON report and the project's problems. */
function reportFor(file: string, opts: Record<string, unknown>, text = readInput(file)) {
  const project = projectFor(file === '-' ? undefined : file, opts);
  return { project, report: analyzeWithProject(text, project, file).report };
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

type Out = (s: string) => void;

export function buildProgram(out: Out): Command {
  const program = new Command('agent-cost')
    .description('Credits per step, per turn and per month for Voiceflow agent exports.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: warn });

  addReportCommand(program, out);
  addCheckCommand(program, out);
  addDiffCommand(program, out);
  addMap(program, out);
  addEstimateCommand(program, out);
  addTokensCommand(program, out);
  addModelsCommand(program, out);
  addLspCommand(program);
  return program;
}

/** `report <file>`: the per-step, per-turn, per-conversation and per-month estimate. */
function addReportCommand(program: Command, out: Out): void {
  const report = program
    .command('report <file>')
    .description('per-step, per-turn, per-conversation and per-month estimate of an export (.vf)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']).default('table'),
    )
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above the export)');
  addSettingOptions(report).action((file: string, opts: Record<string, unknown>) => {
    const { project, report: r } = reportFor(file, opts);
    for (const d of project.configDiagnostics)
      warn(`agent-cost: ${located(project.configFile ?? '.agentcost.yaml', d)}\n`);
    const f = opts.format as string;
    // JSON in pieces: a 50 MB export's report is ~80 MB of JSON.
    if (f === 'json') writeJson(r, out);
    else out(f === 'markdown' ? renderMarkdown(r) : f === 'csv' ? renderCsv(r) : renderTable(r));
  });
}

/** `check <inputs...>`: findings of the cost rules and budgets, for CI. */
function addCheckCommand(program: Command, out: Out): void {
  const check = program
    .command('check <inputs...>')
    .description('lint exports (files, folders, quoted globs) against the cost rules and the project budgets')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'markdown']).default('text'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 on findings at or above this severity')
        .choices(['error', 'warning', 'information', 'hint', 'never'])
        .default('warning'),
    )
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above each export)');
  addSettingOptions(check).action((inputs: string[], opts: Record<string, unknown>) => {
    let files: string[];
    try {
      files = expandInputs(inputs);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { results, inputError } = checkFiles(files, opts);
    const f = opts.format as string;
    out(
      f === 'json'
        ? JSON.stringify({ files: results }, null, 2) + '\n'
        : f === 'sarif'
          ? JSON.stringify(renderSarif(results, VERSION), null, 2) + '\n'
          : f === 'markdown'
            ? renderFindingsMarkdown(results)
            : renderFindingsText(results),
    );
    if (inputError) throw new InputError();
    const failOn = opts.failOn as Severity | 'never';
    if (
      failOn !== 'never' &&
      results.some((r) => r.findings.some((d) => SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]))
    )
      throw new FindingsError();
  });
}

/**
 * The findings of each export (and, once, of each project file they use). A file that cannot be
 * analysed (or that trips a bug) is one error finding; it does not stop the others.
 */
function checkFiles(files: string[], opts: Record<string, unknown>): { results: FileFindings[]; inputError: boolean } {
  const results: FileFindings[] = [];
  const configsSeen = new Set<string>();
  let inputError = false;
  for (const file of files) {
    const rel = path.relative(process.cwd(), path.resolve(file)) || file;
    try {
      const { project, report: r } = reportFor(file, opts);
      if (project.configFile && !configsSeen.has(project.configFile)) {
        configsSeen.add(project.configFile);
        if (project.configDiagnostics.length)
          results.push({ file: path.relative(process.cwd(), project.configFile), findings: project.configDiagnostics });
      }
      const c = r.conversation;
      const cost = {
        conversation: c.credits.expected,
        conversationUsd: c.usd.expected,
        month: r.month.credits.expected,
        monthUsd: r.month.usd.expected,
        complete: c.complete,
      };
      results.push({ file: rel, findings: r.diagnostics, cost });
    } catch (e) {
      if (isUsageError(e)) throw e;
      inputError = true;
      const findings =
        e instanceof ExportError
          ? e.diagnostics
          : [{ rule: 'internal-error', severity: 'error' as const, message: describeUnexpected(e).message }];
      results.push({ file: rel, findings });
    }
  }
  return { results, inputError };
}

/** `diff`: the cost difference between two versions of an export (or one and a git ref). */
function addDiffCommand(program: Command, out: Out): void {
  const diff = program
    .command('diff [files...]')
    .description('cost difference between two versions of an export: diff <old> <new>, or diff --base <git-ref> <file>')
    .option('--base <ref>', 'compare <file> with its version at this git ref')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--fail-on-increase <credits>', 'exit 1 when credits per conversation grow by more than this')
    .option(
      '--fail-on-increase-percent <percent>',
      'exit 1 when credits per conversation grow by more than this percent',
    )
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above the new export)');
  addSettingOptions(diff).action((files: string[], opts: Record<string, unknown>) => {
    const gate = (flag: string, v: unknown) => {
      if (v === undefined) return undefined;
      if (!/^-?\d+(\.\d+)?$/.test(String(v))) throw new UsageError(`${flag} must be a number, got "${v}"`);
      return String(v);
    };
    const limit = gate('--fail-on-increase', opts.failOnIncrease);
    const limitPct = gate('--fail-on-increase-percent', opts.failOnIncreasePercent);
    let oldText: string;
    let newFile: string;
    if (opts.base) {
      if (files.length !== 1) throw new UsageError('diff --base <ref> takes exactly one file');
      newFile = files[0];
      oldText = gitShowOrFail(String(opts.base), newFile);
    } else {
      if (files.length !== 2) throw new UsageError('diff takes <old> <new>, or --base <ref> <file>');
      oldText = readInput(files[0]);
      newFile = files[1];
    }
    // One project (the new file's) prices both versions, so only the export differs.
    const project = projectFor(newFile, opts);
    const before = analyzeWithProject(oldText, project, newFile).report;
    const after = analyzeWithProject(readInput(newFile), project, newFile).report;
    const d = diffReports(before, after);
    const f = opts.format as string;
    out(
      f === 'json' ? JSON.stringify(d, null, 2) + '\n' : f === 'markdown' ? renderDiffMarkdown(d) : renderDiffTable(d),
    );
    // Exact comparisons: a gate at 0.1 credits must not trip on 0.1000000001 of float noise.
    const inc = d.conversation.delta === null ? null : new Decimal(d.conversation.delta);
    const pct = d.conversation.percent === null ? null : new Decimal(d.conversation.percent);
    if (
      (limit !== undefined && (inc === null || inc.gt(limit))) ||
      (limitPct !== undefined && (pct === null ? inc === null || !inc.isZero() : pct.gt(limitPct)))
    )
      throw new FindingsError();
  });
}

/** `map <file>`: the cost map (src/cli/map.ts). */
function addMap(program: Command, out: Out): void {
  addMapCommand(program, {
    out,
    analyse: (file, opts) => analyzeWithFlow(readInput(file), projectFor(file === '-' ? undefined : file, opts)),
    usage: (message) => new UsageError(message),
  });
}

/** `estimate`: Voiceflow's credit calculator, without a file. */
function addEstimateCommand(program: Command, out: Out): void {
  program
    .command('estimate')
    .description("Voiceflow's credit calculator, without a file")
    .addOption(new Option('--channel <channel>', 'chat or voice').choices(['chat', 'voice']).makeOptionMandatory())
    .option('--user-messages <n>', 'chat: user messages', '0')
    .option('--static-messages <n>', 'chat: static agent messages (free)', '0')
    .option('--api-calls <n>', 'chat: API calls (free)', '0')
    .option('--llm-credits <x>', 'LLM usage in credits', '0')
    .option('--minutes <m>', 'voice: call minutes')
    .option('--tts <vendor>', 'voice: TTS rate id or vendor', DEFAULT_SETTINGS.defaultTts)
    .option('--tts-chars <c>', 'voice: characters spoken', '0')
    .option('--stt <vendor>', 'voice: STT rate id or vendor', DEFAULT_SETTINGS.defaultStt)
    .option('--stt-minutes <m>', 'voice: STT minutes (default: call minutes)')
    .option('--tts-credits <x>', 'voice: TTS line given in credits')
    .option('--stt-credits <x>', 'voice: STT line given in credits')
    .option('--call-credits <x>', 'voice: call-time line given in credits')
    .option('--credit-price <usd>', 'USD per credit', DEFAULT_SETTINGS.creditPriceUsd)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((o: Record<string, string>) => {
      const num = (k: string) => {
        if (o[k] === undefined) return undefined;
        if (!/^\d+(\.\d+)?$/.test(o[k]))
          throw new UsageError(
            `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a non-negative number, got "${o[k]}"`,
          );
        return o[k];
      };
      const input: EstimateInput = {
        channel: o.channel as 'chat' | 'voice',
        userMessages: Number(num('userMessages')),
        staticMessages: Number(num('staticMessages')),
        apiCalls: Number(num('apiCalls')),
        llmCredits: num('llmCredits'),
        minutes: num('minutes'),
        tts: o.tts,
        ttsChars: Number(num('ttsChars')),
        stt: o.stt,
        sttMinutes: num('sttMinutes'),
        ttsCredits: num('ttsCredits'),
        sttCredits: num('sttCredits'),
        callCredits: num('callCredits'),
        creditPriceUsd: num('creditPrice'),
      };
      if (input.channel === 'voice' && input.minutes === undefined)
        throw new UsageError('--minutes is required for --channel voice');
      const e = estimate(input);
      out(
        o.format === 'json'
          ? JSON.stringify(
              e,
              (_k, v) => (v && typeof v === 'object' && v.constructor?.name === 'Decimal' ? v.toString() : v),
              2,
            ) + '\n'
          : renderEstimate(e),
      );
    });
}

/** `tokens`: the tokens of a text for a model. */
function addTokensCommand(program: Command, out: Out): void {
  program
    .command('tokens')
    .description('count the tokens of standard input for a model')
    .requiredOption('--model <id>', 'Voiceflow or vendor model id (e.g. gpt-4o-mini, claude-3-haiku)')
    .option('--file <path>', 'read this file instead of standard input')
    .action((o: { model: string; file?: string }) => {
      const rates = new Rates();
      const row = rates.findLlmRow(o.model);
      if (!row)
        throw new UsageError(
          `unknown model "${o.model}" (known: ${rates.card.llm.flatMap((r) => r.aliases).join(', ')})`,
        );
      const c = countTokens(readInput(o.file ?? '-'), row.tokenizer);
      out(`${c.exact ? '' : '≈'}${c.tokens} tokens (${row.id}, ${describeTokenizer(row.tokenizer)})\n`);
    });
}

/** `models`: the rate card. */
function addModelsCommand(program: Command, out: Out): void {
  program
    .command('models')
    .description('list the rate card: model ids, aliases, vendor, prices, credits, tokenizer, status, source')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((o: { format: string }) => {
      const r = modelsReport(new Rates());
      out(o.format === 'json' ? JSON.stringify(r, null, 2) + '\n' : renderModelsTable(r));
    });
}

/** `lsp`: the language server over stdio. */
function addLspCommand(program: Command): void {
  program
    .command('lsp')
    .description('start the language server (for Neovim, Zed, JetBrains… : see the README)')
    .option('--stdio', 'speak LSP over standard input/output (the default)')
    .action(() => {
      serverGuards();
      // Lazy: the report commands never load the LSP libraries.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('../server/main') as typeof import('../server/main')).startServer({ stdio: true });
    });
}

/** Runs the CLI; returns the exit code. Never throws: an unexpected error is one line and exit 2. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  try {
    buildProgram(out).parse(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return exitCodeOf(e);
  }
}

/** A mistake in the command line or the settings it names: exit 2 before any file is analysed. */
function isUsageError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof SettingUsageError || e instanceof SettingsError;
}

/** Prints what went wrong (if not printed yet) and returns the exit code for it. */
function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof FindingsError) return 1;
  if (e instanceof InputError) return 2;
  if (e instanceof ExportError) {
    for (const d of e.diagnostics) {
      const pos = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}: ` : '';
      warn(`agent-cost: ${pos}${d.message}\n`);
    }
    return 2;
  }
  if (isUsageError(e) || e instanceof EstimateError || e instanceof SyntaxError) {
    warn(`agent-cost: ${e.message}\n`);
    return 2;
  }
  const u = describeUnexpected(e);
  warn(`agent-cost: ${u.message}\n`);
  if (debugging()) warn(`${u.detail}\n`);
  else if (!u.inputProblem)
    warn('agent-cost: this is a bug; please report it with the line above (AGENT_COST_DEBUG=1 shows the stack)\n');
  return 2;
}

/** What an error outside `main` does: one line and exit 2 (the CLI), or one log line (the server). */
let onUncaught: (e: unknown) => void = (e) => process.exit(exitCodeOf(e));

/**
 * Process-level guards for the `agent-cost` binary: a closed stdout (`agent-cost … | head`) ends
 * quietly, and an error outside `main` (a late callback) is one line on stderr, never a stack.
 */
export function installProcessGuards(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    onUncaught(e);
  });
  process.on('uncaughtException', (e) => onUncaught(e));
  process.on('unhandledRejection', (e) => onUncaught(e));
}

/**
 * The language server runs until its client stops it: an error outside a request (which the
 * server answers and logs itself) is logged to stderr, which editors show as the server's log.
 */
function serverGuards(): void {
  onUncaught = (e) => {
    const u = describeUnexpected(e);
    warn(`agent-cost lsp: ${u.message}\n${debugging() ? `${u.detail}\n` : ''}`);
  };
}
