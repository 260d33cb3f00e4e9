/**
 * Human renderings of a JsonReport: a terminal table, Markdown, CSV. All text that comes from the
 * export (names, messages) is escaped for its format: control characters are stripped from the
 * table, Markdown special characters and HTML are escaped, CSV fields are quoted.
 */
import { fmtCredits, fmtInt, fmtRange, fmtUsd, ROUNDING_NOTE } from './display';
import { groupFindings, groupLabel } from './group';
import type { JsonReport } from './json';

type Step = JsonReport['steps'][number];

/** Steps a conversation can run that cost something per run, or whose cost is unknown (null). */
const costly = (r: JsonReport): Step[] => r.steps.filter((s) => s.credits !== '0' && s.reachable);
/** Steps no conversation runs: left out of every total. */
const unreachable = (r: JsonReport): Step[] => r.steps.filter((s) => !s.reachable);

/** Removes terminal control sequences and newlines from file text. */
export function plain(s: string, max = 60): string {
  const t = s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Escapes file text for Markdown (and the HTML it may be rendered as). */
export function md(s: string, max = 80): string {
  return plain(s, max).replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
  );
}

function pad(rows: string[][]): string {
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
    `${plain(r.file.projectName)} — ${r.file.channel} agent (${plain(r.file.channelReason)}), export era ${r.file.era}${r.file.schemaVersion !== null ? ` (v${r.file.schemaVersion})` : ''}`,
  );
  out.push('');
  const steps = costly(r);
  const never = unreachable(r).length;
  out.push(
    `Steps that cost (${steps.length} of ${r.steps.length}; the rest are free${never ? `; ${never} can never run` : ''}):`,
  );
  if (steps.length) {
    out.push(
      pad([
        ['step', 'type', 'model', 'tokens in/out', 'credits/run', 'max/run'],
        ...steps.map((s) => [
          plain(s.name, 32),
          s.type,
          s.model ?? '-',
          `${s.tokens.exact ? '' : '≈'}${fmtInt(s.tokens.input)}/${fmtInt(s.tokens.output)}`,
          fmtCredits(s.credits),
          fmtCredits(s.creditsMax),
        ]),
      ]),
    );
  }
  out.push('');
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
  out.push('');
  const c = r.conversation;
  const lb = c.complete ? '' : '≥';
  out.push(
    `Conversation (launch + ${c.turns} turns): ${lb}${fmtCredits(c.credits.expected)} credits expected (${fmtRange(c.credits.min, c.credits.max, c.unbounded)}), ${lb}${fmtUsd(c.usd.expected)}`,
  );
  const m = r.month;
  out.push(
    `Month (${fmtInt(m.conversations)} conversations): ${lb}${fmtCredits(m.credits.expected)} credits, ${lb}${fmtUsd(m.usd.expected)} (range ${fmtRange(m.credits.min, m.credits.max, c.unbounded)})`,
  );
  out.push(
    `Plan that fits: ${m.plan ? `${m.plan.name} (${fmtInt(m.plan.credits ?? 0)} credits/month)` : 'none of the listed plans (Enterprise)'}`,
  );
  if (m.budget)
    out.push(
      `Alerts against ${fmtInt(m.budget.credits)} credits (${m.budget.source}): ${m.alerts.map((a) => `${a.percent}% ${a.day === null ? 'not reached' : `day ${a.day}`}`).join(', ')}`,
    );
  if (r.voice)
    out.push(
      `Voice rates: TTS ${r.voice.tts}, STT ${r.voice.stt}, ${fmtCredits(r.voice.creditsPerChar)} credits per spoken character (TTS + call + STT time)`,
    );
  out.push('');
  if (r.diagnostics.length) {
    out.push(`Diagnostics (${r.diagnostics.length}):`);
    for (const g of groupFindings(r.diagnostics)) {
      const d = g.first;
      const where = d.range ? ` (line ${lines(g.all)})` : '';
      out.push(`  ${d.severity.padEnd(11)} ${groupLabel(g)}${where}: ${plain(d.message, 200)}`);
    }
    out.push('');
  }
  out.push(`Assumptions: ${r.assumptions.map((a) => `${a.key}=${JSON.stringify(a.value)}`).join(', ')}`);
  out.push(`Rate card: ${r.rateCard.name}, checked ${r.rateCard.checked}. ${ROUNDING_NOTE}`);
  return out.join('\n') + '\n';
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
    `| Conversation (launch + ${c.turns} turns) | ${lb}${fmtCredits(c.credits.expected)} | ${fmtRange(c.credits.min, c.credits.max, c.unbounded)} | ${lb}${fmtUsd(c.usd.expected)} |`,
  );
  out.push(
    `| Month (${fmtInt(m.conversations)} conversations) | ${lb}${fmtCredits(m.credits.expected)} | ${fmtRange(m.credits.min, m.credits.max, c.unbounded)} | ${lb}${fmtUsd(m.usd.expected)} |`,
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
      `| ${md(s.name, 40)} | ${md(s.type)} | ${md(s.model ?? '-')} | ${s.tokens.exact ? '' : '≈'}${fmtInt(s.tokens.input)} / ${fmtInt(s.tokens.output)} | ${fmtCredits(s.credits)} | ${fmtCredits(s.creditsMax)} |`,
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
      `| ${md(t.name, 40)} | ${t.reachable ? t.kind : `${t.kind} (never)`} | ${fmtVisits(t.visits)} | ${fmtCredits(t.credits.min)} | ${fmtCredits(t.credits.expected)} | ${fmtCredits(t.credits.max, t.unbounded)} | ${fmtCredits(t.growthPerTurn.expected)} |`,
    );
  if (r.diagnostics.length) {
    out.push('', '## Diagnostics', '');
    for (const g of groupFindings(r.diagnostics)) {
      out.push(`- **${g.first.severity}** \`${md(groupLabel(g), 60)}\`: ${md(g.first.message, 300)}`);
    }
  }
  out.push('', '## Assumptions', '');
  for (const a of r.assumptions) out.push(`- ${a.doc}: \`${md(JSON.stringify(a.value), 60)}\``);
  out.push('', `_${ROUNDING_NOTE}_`, '');
  return out.join('\n');
}

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas from file text.
  const safe = /^[=+\-@\t\r]/.test(s) && isNaN(Number(s)) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

export function renderCsv(r: JsonReport): string {
  const rows: unknown[][] = [
    [
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
    ],
  ];
  for (const s of r.steps)
    rows.push([
      'step',
      s.id,
      s.name,
      s.type,
      s.class,
      s.model,
      s.tokens.input,
      s.tokens.output,
      s.tokens.exact,
      s.credits,
      s.creditsMax,
      '',
      s.growthPerTurn,
      s.reachable,
      s.visits,
    ]);
  for (const t of r.turns)
    rows.push([
      'turn',
      t.id,
      t.name,
      t.kind,
      t.unbounded ? 'unbounded' : '',
      '',
      '',
      '',
      t.complete,
      t.credits.expected,
      t.credits.max,
      t.credits.min,
      t.growthPerTurn.expected,
      t.reachable,
      t.visits,
    ]);
  const c = r.conversation;
  rows.push([
    'conversation',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    c.complete,
    c.credits.expected,
    c.credits.max,
    c.credits.min,
    '',
  ]);
  rows.push([
    'month',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    c.complete,
    r.month.credits.expected,
    r.month.credits.max,
    r.month.credits.min,
    '',
  ]);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
