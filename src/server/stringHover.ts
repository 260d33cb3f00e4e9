/**
 * Hover on a prompt-like string that lives outside any step: agent and playbook instructions
 * (`agents[]`, `programResources.agents`), the global prompt's persona and guidelines, Prompt CMS
 * prompts and messages, the knowledge base's answer prompts, evaluation prompts, the
 * intent-classification prompt, the generative no-match and no-reply prompts. It says what the
 * string is, its tokens, and what each call that sends it costs: per run, and per conversation
 * (expected runs × cost) for calls of a step, per message for the calls every message may make.
 *
 * The figures are the engine's: the calls and their sources come from the analysis, the visits
 * from the report. A prompt-like string no priced call sends says so, with its tokens.
 */
import { getLocation } from 'jsonc-parser';
import { valueAtPath } from '../core/json/safe';
import { locationAt } from '../core/json/spans';
import type { Hover, Position } from 'vscode-languageserver';
import type { JsonPath } from '../core/flow/types';
import { Decimal } from '../core/pricing/money';
import type { Rates } from '../core/pricing/rates';
import { fmtCredits, fmtInt } from '../core/report/display';
import { md, mdCode } from '../core/report/escape';
import { countTokens } from '../core/tokens';
import type { LlmCall, PricedSource } from '../core/types';
import type { DocumentAnalysis } from './analysisStore';

/** One call that sends the hovered string. */
interface Use {
  source: PricedSource;
  call: LlmCall;
  /** Where the call runs, for people: a step's name, or when a per-message call fires. */
  where: string;
  /** Expected runs per conversation, when the engine gives them (calls of steps). */
  runs?: Decimal;
}

/** Per-message calls that belong to no step, and when each fires. */
const HIDDEN: [key: 'intentClassification' | 'noMatch' | 'noReply', when: string][] = [
  ['intentClassification', 'each free-text message while intents are in scope'],
  ['noMatch', 'each message nothing matches'],
  ['noReply', 'each time the user does not reply'],
];

/** Paths of prompt-like strings, for a hover that says no priced call sends one. */
const PROMPT_LIKE: [pattern: RegExp, what: string][] = [
  [/(^|\/)instructions$/, 'instructions'],
  [/(^|\/)globalPrompts\/(persona|guidelines)$/, 'global prompt'],
  [/(^|\/)summarization\/(system|prompt)$/, 'knowledge-base answer prompt'],
  [/^transcriptEvaluations\/\d+\/prompt$/, 'evaluation prompt'],
  [/(^|\/)promptWrapper\/content$/, 'intent-classification prompt'],
  [/^version\/settings\/globalNo(Match|Reply)\/settings\/system$/, 'generative no-match / no-reply prompt'],
  [/^(version\/programResources\/prompts\/[^/]+|promptMessages\/\d+)(\/|$)/, 'prompt'],
];

const code = (s: string, max = 60) => mdCode(s, max, false);

/** Counts on an OpenAI model's own encoding are exact; the others are estimates (≈). */
const exactFor = (rates: Rates, call: LlmCall) =>
  call.rateId !== null && rates.llmById(call.rateId)?.tokenizer.kind === 'tiktoken';

const isPrefix = (prefix: JsonPath, path: JsonPath) =>
  prefix.length <= path.length && prefix.every((x, i) => String(x) === String(path[i]));

/** Every call whose sources hold `path` (a source's path is the string's, or an object around it). */
function usesOf(doc: DocumentAnalysis, path: JsonPath): Use[] {
  const a = doc.analysis!;
  const r = doc.report!;
  const out: Use[] = [];
  const add = (call: LlmCall, where: string, runs?: Decimal) => {
    for (const source of call.sources) if (isPrefix(source.path, path)) out.push({ source, call, where, runs });
  };
  a.steps.forEach((s, i) => {
    const name = r.steps[i]?.name ?? s.id;
    for (const c of s.calls) add(c, name, s.visits);
    for (const c of s.replyCalls) add(c, `${name} (each reply)`, s.replies);
  });
  for (const [key, when] of HIDDEN) {
    const c = a.hidden[key];
    if (c) add(c, when);
  }
  // The innermost source wins (a message of a prompt over the whole prompt).
  const longest = Math.max(0, ...out.map((u) => u.source.path.length));
  return out.filter((u) => u.source.path.length === longest);
}

export function stringHover(doc: DocumentAnalysis, pos: Position): Hover | null {
  if (!doc.analysis || !doc.report) return null;
  const offset = doc.lines.offset(pos);
  const loc = hovered(doc, offset);
  if (loc.path.length === 0) return null;
  const uses = usesOf(doc, loc.path);
  const value = uses.length ? undefined : unusedPrompt(doc, loc);
  if (!uses.length && !value) return null;
  const out = uses.length ? describeUses(uses, doc.project.rates) : value!;
  out.push('', 'Rounded for display.');
  return { contents: { kind: 'markdown', value: out.join('\n') } };
}

function describeUses(uses: Use[], rates: Rates): string[] {
  const what = uses[0].source.what;
  // One count per tokenizer: the same text is longer or shorter on another vendor's model.
  const byCount = new Map<string, Set<string>>();
  for (const u of uses) {
    const n = u.source.tokens === null ? 'unknown' : `${exactFor(rates, u.call) ? '' : '≈'}${fmtInt(u.source.tokens)}`;
    byCount.set(n, (byCount.get(n) ?? new Set()).add(u.call.model));
  }
  const counts =
    byCount.size === 1
      ? `${[...byCount.keys()][0]} tokens`
      : [...byCount]
          .map(([n, models]) => `${n} tokens on ${[...models].map((m) => code(m, 40)).join(', ')}`)
          .join('; ');
  const out = [`**${md(what, 100)}**: ${counts}`, ''];
  out.push(`Sent by ${uses.length === 1 ? 'one call' : `${fmtInt(uses.length)} calls`}:`, '');
  out.push('| where | call | model | credits per run | per conversation |', '|---|---|---|---:|---:|');
  let total: Decimal | null = new Decimal(0);
  let perMessage = false;
  for (const u of uses) {
    const c = u.call.credits;
    const conv = c === null || u.runs === undefined ? null : c.mul(u.runs);
    if (u.runs === undefined) perMessage = true;
    else total = total === null || conv === null ? null : total.plus(conv);
    const convText = u.runs === undefined ? 'per message' : conv === null ? 'unknown' : fmtCredits(conv.toString());
    out.push(
      `| ${md(u.where, 60)} | ${md(u.call.label, 90)} | ${code(u.call.model, 40)} | ` +
        `${c === null ? 'unknown' : fmtCredits(c.toString())} | ${convText} |`,
    );
  }
  const steps = uses.filter((u) => u.runs !== undefined);
  if (steps.length > 1 || (steps.length === 1 && perMessage))
    out.push(
      '',
      `In all: ${total === null ? 'unknown (a model has no price)' : fmtCredits(total.toString())} credits per ` +
        `conversation${perMessage ? ', plus the per-message calls' : ''}.`,
    );
  return out;
}

interface Hovered {
  path: JsonPath;
  isAtPropertyKey: boolean;
  /** The string under the pointer (undefined: not a string). */
  text?: string;
}

/**
 * The path and string under the pointer: from the kept parse when there is one (only the enclosing
 * node's text is scanned, json/spans.ts), else by jsonc-parser's scan from the start.
 */
function hovered(doc: DocumentAnalysis, offset: number): Hovered {
  if (doc.doc) {
    const loc = locationAt(doc.doc, offset);
    const value = valueAtPath(doc.doc.root, loc.path);
    return { ...loc, text: typeof value === 'string' ? value : undefined };
  }
  const loc = getLocation(doc.text, offset);
  const text = loc.previousNode?.type === 'string' ? (loc.previousNode.value as string) : undefined;
  return { path: loc.path, isAtPropertyKey: loc.isAtPropertyKey, text };
}

/** A prompt-like string no priced call sends: what it is and its tokens on the default model. */
function unusedPrompt(doc: DocumentAnalysis, loc: Hovered): string[] | undefined {
  const key = loc.path.map(String).join('/');
  const kind = PROMPT_LIKE.find(([p]) => p.test(key))?.[1];
  const text = loc.text;
  if (!kind || text === undefined || loc.isAtPropertyKey) return undefined;
  const row = doc.project.rates.findLlmRow(doc.analysis!.settings.defaultModel);
  const n = row ? countTokens(text, row.tokenizer) : undefined;
  const tokens = n ? `${n.exact ? '' : '≈'}${fmtInt(n.tokens)} tokens on ${code(row!.id, 40)}` : 'tokens unknown';
  return [
    `**${md(kind, 60)}**: ${tokens}`,
    '',
    'No call the engine prices sends this text, so it costs nothing here (where a compiled copy exists under ' +
      '`version.programResources`, the runtime sends that one).',
  ];
}
