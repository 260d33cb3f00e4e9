/**
 * Human renderings of a JsonReport: a terminal table, Markdown, CSV. All text that comes from the
 * export or the project file (names, ids, types, models, messages, assumption values) is escaped for
 * its format (./escape): control characters are stripped from the table, Markdown special
 * characters and HTML are escaped, CSV fields are quoted.
 */
import { fmtCredits, fmtInt, fmtRange, fmtUsd, ROUNDING_NOTE } from './display';
import { md, mdCode, plain } from './escape';

export { md, plain };
import { groupFindings, groupLabel } from './group';
import type { JsonReport } from './json';

type Step = JsonReport['steps'][number];

/** Steps a conversation can run that cost something per run, or whose cost is unknown (null). */
const costly = (r: JsonReport): Step[] => r.steps.filter((s) => s.credits !== '0' && s.reachable);
/** Steps no conversation runs: left out of every total. */
const unreachable = (r: JsonReport): Step[] => r.steps.filter((s) => !s.reachable);

/** Aligns rows of cells into columns (widths in code points). */
export function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderTable(r: JsonReport): string {
  const out: string[] = [];
  out.push(
    `${plain(r.file.projectName)} — ${r.file.channel} agent (${plain(r.file.channelReason)}), export era ` +
      `${r.file.era}${r.file.schemaVersion !== null ? ` (v${r.file.schemaVersion})` : ''}`,
  );
  out.push('');
  out.push(...stepsSection(r), '', ...turnsSection(r), '', ...totalsSection(r), '', ...diagnosticsSection(r));
  out.push(
    `Assumptions: ${r.assumptions.map((a) => `${plain(a.key)}=${plain(JSON.stringify(a.value), 200)}`).join(', ')}`,
  );
  out.push(`Rate card: ${r.rateCard.name}, checked ${r.rateCard.checked}. ${ROUNDING_NOTE}`);
  return out.join('\n') + '\n';
}

/** The steps that cost, dearest first. */
function stepsSection(r: JsonReport): string[] {
  const out: string[] = [];
  const steps = costly(r);
  const never = unreachable(r).length;
  out.push(
    `Steps that cost (${steps.length} of ${r.steps.length}; the rest are ` +
      `free${never ? `; ${never} can never run` : ''}):`,
  );
  if (steps.length) {
    out.push(
      pad([
        ['step', 'type', 'model', 'tokens in/out', 'credits/run', 'max/run'],
        ...steps.map((s) => [
          plain(s.name, 32),
          plain(s.type, 24),
          plain(s.model ?? '-', 32),
          `${s.tokens.exact ? '' : '≈'}${fmtInt(s.tokens.input)}/${fmtInt(s.tokens.output)}`,
          fmtCredits(s.credits),
          fmtCredits(s.creditsMax),
        ]),
      ]),
    );
  }
  return out;
}

/** The turns (the first 40). */
function turnsSection(r: JsonReport): string[] {
  const out: string[] = [];
  out.push(`Turns (${r.turns.length}):`);
  out.push(
    pad([
      ['turn', 'kind', 'visits', 'credits min', 'expected', 'max', '+/turn'],
      ...r.turns
        .slice(0, 40)
        .map((t) => [
          plain(t.name, 36),
          t.reachable ? t.kind : `${t.kind} (never)`,
          fmtVisits(t.visits),
          fmtCredits(t.credits.min),
          fmtCredits(t.credits.expected),
          fmtCredits(t.credits.max, t.unbounded),
          fmtCredits(t.growthPerTurn.expected),
        ]),
    ]),
  );
  if (r.turns.length > 40) out.push(`… ${r.turns.length - 40} more (see --format json)`);
  return out;
}

/** Conversation, month, plan, budget alerts and voice rates. */
function totalsSection(r: JsonReport): string[] {
  const out: string[] = [];
  const c = r.conversation;
  const lb = c.complete ? '' : '≥';
  out.push(
    `Conversation (launch + ${c.turns} turns): ${lb}${fmtCredits(c.credits.expected)} credits expected ` +
      `(${fmtRange(c.credits.min, c.credits.max, c.unbounded)}), ${lb}${fmtUsd(c.usd.expected)}`,
  );
  const m = r.month;
  out.push(
    `Month (${fmtInt(m.conversations)} conversations): ${lb}${fmtCredits(m.credits.expected)} credits, ` +
      `${lb}${fmtUsd(m.usd.expected)} (range ${fmtRange(m.credits.min, m.credits.max, c.unbounded)})`,
  );
  out.push(
    `Plan that fits: ${
      m.plan ? `${m.plan.name} (${fmtInt(m.plan.credits ?? 0)} credits/month)` : 'none of the listed plans (Enterprise)'
    }`,
  );
  if (m.budget)
    out.push(
      `Alerts against ${fmtInt(m.budget.credits)} credits (${plain(m.budget.source)}): ` +
        `${m.alerts.map((a) => `${a.percent}% ${a.day === null ? 'not reached' : `day ${a.day}`}`).join(', ')}`,
    );
  if (r.voice)
    out.push(
      `Voice rates: TTS ${plain(r.voice.tts)}, STT ${plain(r.voice.stt)}, ${fmtCredits(r.voice.creditsPerChar)} ` +
        `credits per spoken character (TTS + call + STT time)`,
    );
  return out;
}

/** The findings, grouped (with a blank line after them). */
function diagnosticsSection(r: JsonReport): string[] {
  const out: string[] = [];
  if (r.diagnostics.length) {
    out.push(`Diagnostics (${r.diagnostics.length}):`);
    for (const g of groupFindings(r.diagnostics)) {
      const d = g.first;
      const where = d.range ? ` (line ${lines(g.all)})` : '';
      out.push(`  ${d.severity.padEnd(11)} ${plain(groupLabel(g))}${where}: ${plain(d.message, 200)}`);
    }
    out.push('');
  }
  return out;
}

/** Expected visits per conversation, for people ("2.4", "0"). */
function fmtVisits(v: string): string {
  return fmtCredits(v);
}

/** "12" or "12, 40, 77…" for a group of findings. */
function lines(all: { range?: { start: { line: number } } | null }[]): string {
  const ls = all.filter((d) => d.range).map((d) => d.range!.start.line + 1);
  return ls.length > 3 ? `${ls.slice(0, 3).join(', ')}…` : ls.join(', ');
}

export function renderMarkdown(r: JsonReport): string {
  const out: string[] = [];
  const c = r.conversation;
  const m = r.month;
  const lb = c.complete ? '' : '≥';
  out.push(`# Agent cost: ${md(r.file.projectName)}`, '');
  out.push(`${r.file.channel} agent · export era ${r.file.era} · rate card checked ${r.rateCard.checked}`, '');
  out.push('| | credits (expected) | range | USD |', '|---|---:|---:|---:|');
  out.push(
    `| Conversation (launch + ${c.turns} turns) | ${lb}${fmtCredits(c.credits.expected)} | ` +
      `${fmtRange(c.credits.min, c.credits.max, c.unbounded)} | ${lb}${fmtUsd(c.usd.expected)} |`,
  );
  out.push(
    `| Month (${fmtInt(m.conversations)} conversations) | ${lb}${fmtCredits(m.credits.expected)} | ` +
      `${fmtRange(m.credits.min, m.credits.max, c.unbounded)} | ${lb}${fmtUsd(m.usd.expected)} |`,
    '',
  );
  out.push(`Plan that fits: **${m.plan ? md(m.plan.name) : 'Enterprise'}**.`, '');
  out.push(
    '## Steps that cost',
    '',
    '| step | type | model | tokens in / out | credits per run | max |',
    '|---|---|---|---:|---:|---:|',
  );
  for (const s of costly(r))
    out.push(
      `| ${md(s.name, 40)} | ${md(s.type)} | ${md(s.model ?? '-')} | ` +
        `${s.tokens.exact ? '' : '≈'}${fmtInt(s.tokens.input)} / ${fmtInt(s.tokens.output)} | ` +
        `${fmtCredits(s.credits)} | ${fmtCredits(s.creditsMax)} |`,
    );
  out.push(
    '',
    '## Turns',
    '',
    '| turn | kind | visits | min | expected | max | growth per turn |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  for (const t of r.turns)
    out.push(
      `| ${md(t.name, 40)} | ${t.reachable ? t.kind : `${t.kind} (never)`} | ${fmtVisits(t.visits)} | ` +
        `${fmtCredits(t.credits.min)} | ${fmtCredits(t.credits.expected)} | ` +
        `${fmtCredits(t.credits.max, t.unbounded)} | ${fmtCredits(t.growthPerTurn.expected)} |`,
    );
  if (r.diagnostics.length) {
    out.push('', '## Diagnostics', '');
    for (const g of groupFindings(r.diagnostics)) {
      out.push(`- **${g.first.severity}** ${mdCode(groupLabel(g), 60, false)}: ${md(g.first.message, 300)}`);
    }
  }
  out.push('', '## Assumptions', '');
  for (const a of r.assumptions) out.push(`- ${a.doc}: ${mdCode(JSON.stringify(a.value), 60, false)}`);
  out.push('', `_${ROUNDING_NOTE}_`, '');
  return out.join('\n');
}

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas from file text.
  const safe = /^[=+\-@\t\r]/.test(s) && isNaN(Number(s)) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

const CSV_COLUMNS = [
  'section',
  'id',
  'name',
  'type',
  'class',
  'model',
  'tokens_in',
  'tokens_out',
  'exact',
  'credits',
  'credits_max',
  'credits_min',
  'growth_per_turn',
  'reachable',
  'visits',
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], unknown>>;

/** One row per step and per turn, then the conversation and the month; every row has every column. */
export function renderCsv(r: JsonReport): string {
  const c = r.conversation;
  const total = (section: string, x: { min: string; expected: string; max: string }): CsvRow => ({
    section,
    exact: c.complete,
    credits: x.expected,
    credits_max: x.max,
    credits_min: x.min,
  });
  const rows: CsvRow[] = [
    ...r.steps.map((s) => ({
      section: 'step',
      id: s.id,
      name: s.name,
      type: s.type,
      class: s.class,
      model: s.model,
      tokens_in: s.tokens.input,
      tokens_out: s.tokens.output,
      exact: s.tokens.exact,
      credits: s.credits,
      credits_max: s.creditsMax,
      growth_per_turn: s.growthPerTurn,
      reachable: s.reachable,
      visits: s.visits,
    })),
    ...r.turns.map((t) => ({
      section: 'turn',
      id: t.id,
      name: t.name,
      type: t.kind,
      class: t.unbounded ? 'unbounded' : '',
      exact: t.complete,
      credits: t.credits.expected,
      credits_max: t.credits.max,
      credits_min: t.credits.min,
      growth_per_turn: t.growthPerTurn.expected,
      reachable: t.reachable,
      visits: t.visits,
    })),
    total('conversation', c.credits),
    total('month', r.month.credits),
  ];
  const lines = [CSV_COLUMNS as readonly unknown[], ...rows.map((row) => CSV_COLUMNS.map((k) => row[k] ?? ''))];
  return lines.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
