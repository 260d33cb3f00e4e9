/**
 * Hover on a step (or on a prompt/system/instructions string inside it): first the hovered
 * string's own tokens, then the step's cost — each call (an agent's arrival and reply calls
 * labelled), its token breakdown, the model's vendor and checked date, credits and USD, what the
 * step would cost on a cheaper model, and the assumptions (only for steps with LLM calls).
 *
 * Every string from the file is escaped. The Markdown is written to read well unrendered too
 * (Neovim shows it as text): ids and models go into code spans, where nothing needs escaping, and
 * names into prose escaped only where Markdown would act on them (`prose`).
 */
import { getLocation } from 'jsonc-parser';
import { locationAt } from '../core/json/spans';
import type { Hover, Position, Range } from 'vscode-languageserver';
import { repriceCall } from '../core/cost/callPricing';
import { Decimal } from '../core/pricing/money';
import type { Rates } from '../core/pricing/rates';
import { fmtCredits, fmtInt, fmtPercent, fmtRange, fmtUsd } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import { mdCode } from '../core/report/escape';
import type { DocumentAnalysis } from './analysisStore';
import { isUnreachable, turnName } from './lenses';
import { prose } from './prose';
import { stringHover } from './stringHover';

const VENDORS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  groq: 'Groq',
  deepseek: 'DeepSeek',
};
/** What a step's class means, in words. */
const CLASS: Record<string, string> = {
  free: 'free',
  credits: 'uses credits',
  waits: 'waits for the user',
  unknown: 'unknown cost',
};
const USED = [
  'expectedOutputTokens',
  'defaultMaxTokens',
  'variableTokens',
  'userMessageTokens',
  'memoryTokensPerTurn',
  'knowledgeBaseTokens',
  'messageOverheadTokens',
  'creditPriceUsd',
];

/** Text from the file in a code span (nothing inside is rendered), on one line. */
function code(s: string, max = 80): string {
  return mdCode(s, max, false);
}

/** The step whose JSON object holds `pos` (the innermost one). */
export function stepAt(r: JsonReport, pos: Position): JsonReport['steps'][number] | undefined {
  const inside = (s: JsonReport['steps'][number]) => {
    const rg = s.range;
    if (!rg) return false;
    const afterStart = pos.line > rg.start.line || (pos.line === rg.start.line && pos.character >= rg.start.character);
    const beforeEnd = pos.line < rg.end.line || (pos.line === rg.end.line && pos.character < rg.end.character);
    return afterStart && beforeEnd;
  };
  return r.steps.filter(inside).sort((a, b) => b.range!.start.line - a.range!.start.line)[0];
}

/** The word under the pointer (letters, digits, `_`, `-`, `.`), for the hover's anchor. */
function wordAt(doc: DocumentAnalysis, pos: Position): Range {
  const at = doc.lines.offset(pos);
  const isWord = (i: number) => /[\p{L}\p{N}_.-]/u.test(doc.text[i] ?? '');
  let s = at;
  let e = at;
  while (s > 0 && at - s < 200 && isWord(s - 1)) s--;
  while (e < doc.text.length && e - at < 200 && isWord(e)) e++;
  return e > s ? doc.lines.range(s, e) : { start: pos, end: pos };
}

const samePath = (a: (string | number)[], b: (string | number)[]) =>
  a.length === b.length && a.every((x, i) => String(x) === String(b[i]));

type Call = JsonReport['steps'][number]['calls'][number];
type EngineCall = Parameters<typeof repriceCall>[0];

/** One call of the step: its tokens by part, its rate and credits, and the same call on a cheaper model. */
function callLines(
  c: Call,
  when: string,
  heading: boolean,
  engineCall: EngineCall | undefined,
  rates: Rates,
  price: Decimal,
): string[] {
  // The call's own heading, unless it only repeats the step's name (a step with one call).
  const out = heading ? [`**${prose(c.label)}**${when}`, ''] : [];
  out.push(...tokenTable(c), ...rateLines(c, rates, price), ...cheaperLines(c, engineCall, rates));
  return out;
}

/**
 * The call's tokens by part (system, prompt, variables, …; parts with none left out), input and
 * output, as a two-column Markdown table (narrow enough for a hover, readable unrendered).
 */
function tokenTable(c: Call): string[] {
  const b = c.tokens.breakdown;
  const approx = c.tokens.exact ? '' : '≈';
  const parts: [string, number][] = [
    ['system', b.system],
    ['prompt', b.prompt],
    ['variables', b.variables],
    ['memory', b.memory],
    ['knowledge base', b.knowledgeBase],
    ['tools', b.tools],
    ['overhead', b.overhead],
  ];
  return [
    '| tokens | |',
    '|:---|---:|',
    ...parts.filter(([, n]) => n > 0).map(([what, n]) => `| ${what} | ${approx}${fmtInt(n)} |`),
    `| **input** | **${approx}${fmtInt(c.tokens.input)}** |`,
    `| output (expected / max) | ${fmtInt(c.tokens.output)} / ${fmtInt(c.tokens.outputMax)} |`,
    '',
  ];
}

/** The model's rate (vendor, checked date) and the call's credits and USD, or why they are unknown. */
function rateLines(c: Call, rates: Rates, price: Decimal): string[] {
  if (c.rate && (c.rate.inputPer1K === null || c.rate.outputPer1K === null))
    return [
      `Rate: **unknown** — ${code(c.model, 40)} is in the rate card but its price is unknown ` +
        `(checked ${c.rate.checked}), so this call's cost is unknown (not 0).`,
    ];
  if (!c.rate)
    return [`Rate: **unknown**: ${code(c.model, 60)} is not in the rate card, so this call's cost is unknown (not 0).`];
  const row = rates.llmById(c.rate.id);
  const vendor = row ? (VENDORS[row.vendor] ?? row.vendor) : '';
  const usd = fmtUsd(c.credits === null ? null : new Decimal(c.credits).mul(price).toString());
  const growth = c.memoryTokensPerTurn ? `; +${fmtCredits(c.growthPerTurn)} per extra turn of memory` : '';
  return [
    `Rate: ${code(c.rate.id, 40)}${vendor ? ` (${vendor})` : ''}: ${fmtCredits(c.rate.inputPer1K)} / ` +
      `${fmtCredits(c.rate.outputPer1K)} credits per 1K input / output tokens, checked ${c.rate.checked}`,
    '',
    `Credits: ≈${fmtCredits(c.credits)} per run (${usd}), at most ${fmtCredits(c.creditsMax)}${growth}`,
  ];
}

/** The same call on the rate card's cheaper model (gpt-4o-mini for an unknown one), with the change. */
function cheaperLines(c: Call, engineCall: EngineCall | undefined, rates: Rates): string[] {
  const cheaper = c.rate ? rates.llmById(c.rate.id)?.cheaper : 'gpt-4o-mini';
  const alt = engineCall && cheaper ? repriceCall(engineCall, cheaper, rates) : undefined;
  if (!alt) return [];
  if (c.credits === null)
    return ['', `On ${code(alt.model, 40)}: ≈${fmtCredits(alt.credits.toString())} credits per run.`];
  const pct = new Decimal(c.credits).isZero()
    ? ''
    : ` (${fmtPercent(alt.credits.minus(c.credits).div(c.credits).mul(100))})`;
  return [
    '',
    `On ${code(alt.model, 40)}: ≈${fmtCredits(alt.credits.toString())} credits per run${pct}, same token counts.`,
  ];
}

type Step = JsonReport['steps'][number];

export function hover(doc: DocumentAnalysis, pos: Position, rates: Rates): Hover | null {
  const r = doc.report;
  const a = doc.analysis;
  if (!r || !a) return null;
  const step = stepAt(r, pos);
  if (!step) return stringHover(doc, pos);
  const engineStep = a.steps.find((s) => s.id === step.id);
  const engineCalls = engineStep ? [...engineStep.calls, ...engineStep.replyCalls] : [];
  // 1. The hovered string on its own; 2. the step and its cost.
  const out = [...hoveredString(doc, pos, engineCalls), stepHeading(step), '', prose(step.reason, 200, true)];
  const price = new Decimal((r.assumptions.find((x) => x.key === 'creditPriceUsd')?.value as string) ?? '0.005');
  const calls = callsOf(step);
  const heading = calls.length > 1 || calls.some(({ c }) => c.label !== step.name);
  calls.forEach(({ c, when }, i) => out.push('', ...callLines(c, when, heading, engineCalls[i], rates, price)));
  if (calls.length === 0 && step.spokenChars > 0)
    out.push(
      '',
      `Spoken: ${fmtInt(step.spokenChars)} characters → ≈${fmtCredits(step.credits)} credits ` +
        '(text-to-speech + call and STT time).',
    );
  for (const turn of r.turns.filter((t) => t.start === step.id))
    out.push(
      '',
      `Turn “${prose(turnName(r, turn))}” starts here: ` +
        `${fmtRange(turn.credits.min, turn.credits.max, turn.unbounded)} credits ` +
        `(expected ${fmtCredits(turn.credits.expected)}).`,
    );
  if (calls.length > 0) out.push('', assumptionsLine(r));
  return { contents: { kind: 'markdown', value: out.join('\n') }, range: wordAt(doc, pos) };
}

/** The hovered prompt, system or instructions string's own tokens (and a blank line), if one is hovered. */
function hoveredString(doc: DocumentAnalysis, pos: Position, engineCalls: EngineCall[]): string[] {
  const offset = doc.lines.offset(pos);
  // Inside a node the path is found from the node's own text (the whole text otherwise).
  const loc = doc.doc ? locationAt(doc.doc, offset) : getLocation(doc.text, offset);
  const source = loc.isAtPropertyKey
    ? undefined
    : engineCalls
        .flatMap((c) => c.sources.map((s) => ({ s, exact: c.exact })))
        .find((x) => samePath(x.s.path, loc.path));
  if (!source || source.s.tokens === null) return [];
  return [`**This ${prose(source.s.what, 80)}: ${source.exact ? '' : '≈'}${fmtInt(source.s.tokens)} tokens**`, ''];
}

/** The step's name, type, class, model, and "unreachable" when no entry reaches it. */
function stepHeading(step: Step): string {
  const model = step.model ? ` · ${code(step.model, 40)}` : '';
  const unreachable = isUnreachable(step) ? ' · unreachable' : '';
  const kind = CLASS[step.class] ?? step.class;
  return `**${prose(step.name)}** · ${code(step.type, 40)} · ${kind}${model}${unreachable}`;
}

/** The step's calls, each with when it runs (arrival or reply) unless its label says so already. */
function callsOf(step: Step): { c: Call; when: string }[] {
  return [
    ...step.calls.map((c) => ({ c, when: step.replyCalls.length ? ' (when the step runs)' : '' })),
    ...step.replyCalls.map((c) => ({ c, when: ' (when the user replies)' })),
    // "Agent: X (each reply)" says when already.
  ].map(({ c, when }) => ({ c, when: /\)$/.test(c.label) ? '' : when }));
}

/** The assumptions the figures rest on, the rate card date, and that they are rounded. */
function assumptionsLine(r: JsonReport): string {
  const used = r.assumptions
    .filter((x) => USED.includes(x.key))
    .map((x) => code(`${x.key}=${typeof x.value === 'string' ? x.value : JSON.stringify(x.value)}`, 60));
  return `Assumptions: ${used.join(', ')}. Rate card checked ${r.rateCard.checked}. Rounded for display.`;
}
