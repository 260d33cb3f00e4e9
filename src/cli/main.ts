/**
 * `agent-cost`: the same engine as the editor, for terminals and CI.
 * Exit codes: 0 ok, 2 bad input or usage (message on stderr).
 */
import { readFileSync } from 'fs';
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
import { analyzeWithProject, loadProject } from '../node/project';
import { expandInputs } from './inputs';
import { addMapCommand } from './map';
import { estimate, EstimateError, EstimateInput } from '../core/estimate';
import { ExportError } from '../core/json/document';
import { Rates } from '../core/pricing/rates';
import { renderCsv, renderMarkdown, renderTable } from '../core/report/text';
import { renderEstimate } from './estimateTable';
import { normaliseSettings, SettingsError } from '../core/settings';
import { countTokens } from '../core/tokens';

export class UsageError extends Error {}
/** Findings at or above --fail-on (exit 1). */
class FindingsError extends Error {}
/** A file could not be analysed; its error was already printed with the findings (exit 2). */
class InputError extends Error {}

/** The text of `file` at a git ref, or a usage error. */
function gitShowOrFail(ref: string, file: string): string {
  try {
    return gitShow(ref, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** CLI flags → settings keys (each flag also documented in --help). */
const SETTING_FLAGS: [flag: string, key: string, help: string][] = [
  ['--turns <n>', 'turnsPerConversation', 'user turns per conversation (default 5)'],
  ['--conversations <n>', 'conversationsPerMonth', 'conversations per month (default 1000)'],
  ['--credit-price <usd>', 'creditPriceUsd', 'USD per credit (default 0.005)'],
  ['--variable-tokens <n>', 'variableTokens', 'tokens per unknown variable value (default 20)'],
  ['--memory-tokens <n>', 'memoryTokensPerTurn', 'memory tokens per turn (default 80)'],
  ['--memory-turns <n>', 'memoryMaxTurns', 'turns kept in memory (default 10)'],
  ['--output-tokens <n>', 'expectedOutputTokens', 'expected output tokens per call (default 150)'],
  ['--no-match-rate <r>', 'noMatchRate', 'share of messages hitting no-match (default 0.1)'],
  ['--loop-cap <n>', 'loopCap', 'passes assumed for an unbounded loop (default 3)'],
  ['--launch-credits <n>', 'launchCredits', 'credits for the launch request (default 0)'],
  ['--speech-rate <chars>', 'speechCharsPerMinute', 'voice: characters spoken per minute (default 700)'],
  ['--plan <id>', 'plan', 'plan whose allotment is the budget (pro, business…)'],
  ['--budget <credits>', 'monthlyBudget', 'monthly credit budget'],
];

/** Raw setting values from CLI flags (they win over the project file). */
function settingsFrom(opts: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [flag, key] of SETTING_FLAGS) {
    const name = flag
      .replace(/^--/, '')
      .split(' ')[0]
      .replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (opts[name] !== undefined) raw[key] = opts[name];
  }
  if (opts.channel !== undefined) raw.channel = opts.channel;
  for (const kv of (opts.set as string[] | undefined) ?? []) {
    const i = kv.indexOf('=');
    if (i < 1) throw new UsageError(`--set expects key=value, got "${kv}"`);
    const value = kv.slice(i + 1);
    raw[kv.slice(0, i)] = /^[{[]/.test(value) ? JSON.parse(value) : value;
  }
  normaliseSettings(raw); // reject bad flags before any file is read
  return raw;
}

/** Analyses one export with its project file; the JSON report and the project's problems. */
function reportFor(file: string, opts: Record<string, unknown>, text = readInput(file)) {
  const project = loadProject(file === '-' ? undefined : file, opts.config as string | undefined, settingsFrom(opts));
  return { project, report: analyzeWithProject(text, project, file).report };
}

const VERSION = '0.1.0';

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function buildProgram(out: (s: string) => void): Command {
  const program = new Command('agent-cost')
    .description('Credits per step, per turn and per month for Voiceflow agent exports.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) });

  const report = program
    .command('report <file>')
    .description('per-step, per-turn, per-conversation and per-month estimate of an export (.vf)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']).default('table'),
    )
    .addOption(new Option('--channel <channel>', 'force chat or voice').choices(['chat', 'voice']))
    .option('--set <key=value...>', 'set any assumption (see the README)')
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above the export)');
  for (const [flag, , help] of SETTING_FLAGS) report.option(flag, help);
  report.action((file: string, opts: Record<string, unknown>) => {
    const { project, report: r } = reportFor(file, opts);
    for (const d of project.configDiagnostics)
      process.stderr.write(
        `agent-cost: ${project.configFile ?? '.agentcost.yaml'}:${d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}: ` : ' '}${d.message}\n`,
      );
    const f = opts.format as string;
    out(
      f === 'json'
        ? JSON.stringify(r, null, 2) + '\n'
        : f === 'markdown'
          ? renderMarkdown(r)
          : f === 'csv'
            ? renderCsv(r)
            : renderTable(r),
    );
  });

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
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above each export)')
    .option('--set <key=value...>', 'set any assumption');
  for (const [flag, , help] of SETTING_FLAGS) check.option(flag, help);
  check.action((inputs: string[], opts: Record<string, unknown>) => {
    let files: string[];
    try {
      files = expandInputs(inputs);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
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
            results.push({
              file: path.relative(process.cwd(), project.configFile),
              findings: project.configDiagnostics,
            });
        }
        const c = r.conversation;
        results.push({
          file: rel,
          findings: r.diagnostics,
          cost: {
            conversation: c.credits.expected,
            conversationUsd: c.usd.expected,
            month: r.month.credits.expected,
            monthUsd: r.month.usd.expected,
            complete: c.complete,
          },
        });
      } catch (e) {
        if (!(e instanceof ExportError)) throw e;
        inputError = true;
        results.push({ file: rel, findings: e.diagnostics });
      }
    }
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

  program
    .command('diff [files...]')
    .description('cost difference between two versions of an export: diff <old> <new>, or diff --base <git-ref> <file>')
    .option('--base <ref>', 'compare <file> with its version at this git ref')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--fail-on-increase <credits>', 'exit 1 when credits per conversation grow by more than this')
    .option(
      '--fail-on-increase-percent <percent>',
      'exit 1 when credits per conversation grow by more than this percent',
    )
    .option('--config <file>', 'project file (default: the nearest .agentcost.yaml above the new export)')
    .action((files: string[], opts: Record<string, unknown>) => {
      const gate = (flag: string, v: unknown) => {
        if (v === undefined) return undefined;
        if (!/^-?\d+(\.\d+)?$/.test(String(v))) throw new UsageError(`${flag} must be a number, got "${v}"`);
        return Number(v);
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
      const project = loadProject(newFile, opts.config as string | undefined, settingsFrom(opts));
      const before = analyzeWithProject(oldText, project, newFile).report;
      const after = analyzeWithProject(readInput(newFile), project, newFile).report;
      const d = diffReports(before, after);
      const f = opts.format as string;
      out(
        f === 'json'
          ? JSON.stringify(d, null, 2) + '\n'
          : f === 'markdown'
            ? renderDiffMarkdown(d)
            : renderDiffTable(d),
      );
      const inc = d.conversation.delta === null ? null : Number(d.conversation.delta);
      const pct = d.conversation.percent === null ? null : Number(d.conversation.percent);
      if (
        (limit !== undefined && (inc === null || inc > limit)) ||
        (limitPct !== undefined && (pct === null ? inc !== 0 : pct > limitPct))
      )
        throw new FindingsError();
    });

  addMapCommand(program, SETTING_FLAGS, {
    out,
    analyse: (file, opts) => {
      const project = loadProject(
        file === '-' ? undefined : file,
        opts.config as string | undefined,
        settingsFrom(opts),
      );
      return analyzeWithProject(readInput(file), project, file);
    },
    usage: (message) => new UsageError(message),
  });

  program
    .command('estimate')
    .description("Voiceflow's credit calculator, without a file")
    .addOption(new Option('--channel <channel>', 'chat or voice').choices(['chat', 'voice']).makeOptionMandatory())
    .option('--user-messages <n>', 'chat: user messages', '0')
    .option('--static-messages <n>', 'chat: static agent messages (free)', '0')
    .option('--api-calls <n>', 'chat: API calls (free)', '0')
    .option('--llm-credits <x>', 'LLM usage in credits', '0')
    .option('--minutes <m>', 'voice: call minutes')
    .option('--tts <vendor>', 'voice: TTS rate id or vendor', 'elevenlabs-flash')
    .option('--tts-chars <c>', 'voice: characters spoken', '0')
    .option('--stt <vendor>', 'voice: STT rate id or vendor', 'deepgram-nova-3')
    .option('--stt-minutes <m>', 'voice: STT minutes (default: call minutes)')
    .option('--tts-credits <x>', 'voice: TTS line given in credits')
    .option('--stt-credits <x>', 'voice: STT line given in credits')
    .option('--call-credits <x>', 'voice: call-time line given in credits')
    .option('--credit-price <usd>', 'USD per credit', '0.005')
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
      const how =
        row.tokenizer.kind === 'tiktoken'
          ? row.tokenizer.encoding
          : `≈ ${row.tokenizer.encoding} × ${row.tokenizer.factor} (not the vendor's tokenizer)`;
      out(`${c.exact ? '' : '≈'}${c.tokens} tokens (${row.id}, ${how})\n`);
    });
  program
    .command('lsp')
    .description('start the language server (for Neovim, Zed, JetBrains… : see the README)')
    .option('--stdio', 'speak LSP over standard input/output (the default)')
    .action(() => {
      // Lazy: the report commands never load the LSP libraries.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../server/main').startServer();
    });
  return program;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  try {
    buildProgram(out).parse(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof FindingsError) return 1;
    if (e instanceof InputError) return 2;
    if (e instanceof ExportError) {
      for (const d of e.diagnostics) {
        const pos = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}: ` : '';
        process.stderr.write(`agent-cost: ${pos}${d.message}\n`);
      }
      return 2;
    }
    if (
      e instanceof UsageError ||
      e instanceof SettingsError ||
      e instanceof EstimateError ||
      e instanceof SyntaxError
    ) {
      process.stderr.write(`agent-cost: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
