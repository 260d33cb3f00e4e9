/**
 * Hover on a step (or on a prompt/system/instruction string inside it): token breakdown, the
 * model's rate with its source and checked date, credits and USD, the assumptions used, and what
 * the step would cost on a cheaper model. Every string from the file is escaped for Markdown.
 */
import { getLocation } from 'jsonc-parser';
import type { Hover, Position } from 'vscode-languageserver';
import { repriceCall } from '../core/cost/callPricing';
import { Decimal } from '../core/pricing/money';
import type { Rates } from '../core/pricing/rates';
import { fmtCredits, fmtInt, fmtUsd } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import { md, mdCode } from '../core/report/escape';
import type { DocumentAnalysis } from './analysisStore';

const PROMPT_KEYS = new Set(['prompt', 'system', 'instruction', 'instructions', 'content', 'text']);
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

export function hover(doc: DocumentAnalysis, pos: Position, rates: Rates): Hover | null {
  const r = doc.report;
  const a = doc.analysis;
  if (!r || !a) return null;
  const step = stepAt(r, pos);
  if (!step) return null;
  const loc = getLocation(doc.text, doc.lines.offset(pos));
  const key = loc.path[loc.path.length - 1];
  const onPrompt = loc.isAtPropertyKey === false && typeof key === 'string' && PROMPT_KEYS.has(key);
  const price = new Decimal((r.assumptions.find((x) => x.key === 'creditPriceUsd')?.value as string) ?? '0.005');
  const out: string[] = [];
  out.push(`**${md(step.name)}** · ${md(step.type)} · ${step.class}${step.model ? ` · ${md(step.model)}` : ''}`);
  out.push('', md(step.reason, 200));
  const engineStep = a.steps.find((s) => s.id === step.id);
  const calls = [...step.calls, ...step.replyCalls];
  calls.forEach((c, i) => {
    const b = c.tokens.breakdown;
    const approx = c.tokens.exact ? '' : '≈';
    out.push('', `**${md(c.label)}**${onPrompt && i === 0 ? ` (hovering ${mdCode(String(key), 40, false)})` : ''}`, '');
    out.push(
      '| system | prompt | variables | memory | knowledge base | tools | overhead | **input** | output (expected / max) |',
    );
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    out.push(
      `| ${[b.system, b.prompt, b.variables, b.memory, b.knowledgeBase, b.tools, b.overhead].map(fmtInt).join(' | ')} | **${approx}${fmtInt(c.tokens.input)}** | ${fmtInt(c.tokens.output)} / ${fmtInt(c.tokens.outputMax)} |`,
    );
    out.push('');
    if (c.rate) {
      out.push(
        `Rate: ${md(c.rate.id)} — ${c.rate.inputPer1K} / ${c.rate.outputPer1K} credits per 1K input / output tokens (source: ${md(c.rate.source, 160)}; checked ${c.rate.checked})`,
      );
      out.push(
        '',
        `Credits: ≈${fmtCredits(c.credits)} per run (${fmtUsd(c.credits === null ? null : new Decimal(c.credits).mul(price).toString())}), at most ${fmtCredits(c.creditsMax)}${c.memoryTokensPerTurn ? `; +${fmtCredits(c.growthPerTurn)} per extra turn of memory` : ''}`,
      );
    } else {
      out.push(`Rate: **unknown** — "${md(c.model)}" is not in the rate card, so this call's cost is unknown (not 0).`);
    }
    const engineCall = engineStep ? [...engineStep.calls, ...engineStep.replyCalls][i] : undefined;
    const cheaper = c.rate ? rates.llmById(c.rate.id)?.cheaper : 'gpt-4o-mini';
    if (engineCall && cheaper) {
      const alt = repriceCall(engineCall, cheaper, rates);
      if (alt && c.credits !== null) {
        const pct = new Decimal(c.credits).isZero()
          ? ''
          : ` (${alt.credits.minus(c.credits).div(c.credits).mul(100).toFixed(0)} %)`;
        out.push(
          '',
          `On ${md(alt.model)}: ≈${fmtCredits(alt.credits.toString())} credits per run${pct}, same token counts.`,
        );
      } else if (alt) out.push('', `On ${md(alt.model)}: ≈${fmtCredits(alt.credits.toString())} credits per run.`);
    }
  });
  if (calls.length === 0 && step.spokenChars > 0)
    out.push(
      '',
      `Spoken: ${fmtInt(step.spokenChars)} characters → ≈${fmtCredits(step.credits)} credits (text-to-speech + call and STT time).`,
    );
  const turn = r.turns.find((t) => t.start === step.id);
  if (turn)
    out.push(
      '',
      `Turn starting here: ${fmtCredits(turn.credits.min)}–${fmtCredits(turn.credits.max, turn.unbounded)} credits (expected ${fmtCredits(turn.credits.expected)}).`,
    );
  out.push(
    '',
    `Assumptions: ${r.assumptions
      .filter((x) => USED.includes(x.key))
      .map((x) => `${md(x.key)}=${md(JSON.stringify(x.value), 40)}`)
      .join(', ')}. Rate card checked ${r.rateCard.checked}. Rounded for display.`,
  );
  const range = step.range!;
  return { contents: { kind: 'markdown', value: out.join('\n') }, range: { start: range.start, end: range.start } };
}
