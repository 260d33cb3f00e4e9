/**
 * Findings of `agent-cost check` across files, rendered as text (file:line:col), Markdown (a
 * pull-request comment) or SARIF 2.1.0 (code scanning). File text in messages is escaped per format.
 */
import { fnv1a } from '../hash';
import { RULE_IDS, RULES, ruleDocsPath } from '../rules/index';
import type { Range, Severity } from '../types';
import { fmtCredits, fmtUsd } from './display';
import { md, mdCode, plain } from './escape';
import { groupFindings, groupLabel } from './group';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  stepId?: string | null;
  range?: Range | null;
}

export interface FileFindings {
  /** Path as shown and as the SARIF artifact URI (relative to the working directory). */
  file: string;
  findings: Finding[];
  /** Cost summary when the file was analysed (not for project files or unreadable exports). */
  cost?: { conversation: string; conversationUsd: string; month: string; monthUsd: string; complete: boolean };
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function renderFindingsText(files: FileFindings[]): string {
  const out: string[] = [];
  const count: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) {
    for (const d of f.findings) count[d.severity]++;
    for (const g of groupFindings(f.findings)) {
      const d = g.first;
      const pos = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '1:1';
      const more = g.all.length > 1 ? ` (and ${g.all.length - 1} more like it)` : '';
      out.push(`${plain(f.file, 400)}:${pos}: ${d.severity} ${plain(groupLabel(g))}: ${plain(d.message, 400)}${more}`);
    }
    if (f.cost)
      out.push(
        `${plain(f.file, 400)}: ${f.cost.complete ? '' : '≥'}${fmtCredits(f.cost.conversation)} credits per ` +
          `conversation, ${fmtCredits(f.cost.month)} per month (${fmtUsd(f.cost.monthUsd)})`,
      );
  }
  out.push(
    `${count.error} error(s), ${count.warning} warning(s), ${count.information + count.hint} info in ${files.length} ` +
      `file(s)`,
  );
  return out.join('\n') + '\n';
}

export function renderFindingsMarkdown(files: FileFindings[]): string {
  const out = ['## Agent cost check', ''];
  const analysed = files.filter((f) => f.cost);
  if (analysed.length) {
    out.push('| export | credits / conversation | credits / month | USD / month |', '|---|---:|---:|---:|');
    for (const f of analysed)
      out.push(
        `| ${mdCode(f.file, 100)} | ${f.cost!.complete ? '' : '≥'}${fmtCredits(f.cost!.conversation)} | ` +
          `${fmtCredits(f.cost!.month)} | ${fmtUsd(f.cost!.monthUsd)} |`,
      );
    out.push('');
  }
  if (files.every((f) => f.findings.length === 0)) out.push('No findings.');
  else {
    out.push('| | rule | where | finding |', '|---|---|---|---|');
    const icon: Record<Severity, string> = { error: '⛔', warning: '⚠️', information: 'ℹ️', hint: '💡' };
    for (const f of files) {
      const sorted = [...f.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
      for (const g of groupFindings(sorted)) {
        const d = g.first;
        const where = `${mdCode(f.file, 60)}${d.range ? ` line ${d.range.start.line + 1}` : ''}`;
        const count = g.all.length > 1 ? ` (${g.all.length} steps)` : '';
        out.push(`| ${icon[d.severity]} | ${ruleLink(d.rule)}${count} | ${where} | ${md(d.message, 300)} |`);
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A rule id as a link to its docs (engine rules only; any other id is shown as code). */
function ruleLink(rule: string): string {
  return RULE_IDS.has(rule) ? `[\`${rule}\`](${ruleDocsPath(rule)})` : mdCode(rule);
}

/** A relative path as a SARIF artifact URI: each segment percent-encoded, "/" between them. */
export function artifactUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** Stable across runs and edits elsewhere in the file: rule id + step id (+ message for file-level findings). */
export function fingerprint(rule: string, stepId: string | null | undefined, message: string): string {
  const key = `${rule}\u0000${stepId ?? `file:${message}`}`;
  return fnv1a(key) + fnv1a([...key].reverse().join(''));
}

export function renderSarif(files: FileFindings[], version: string): object {
  const used = [...new Set(files.flatMap((f) => f.findings.map((d) => d.rule)))].sort();
  const rules = used.map((id) => {
    const r = RULES.find((x) => x.id === id);
    return {
      id,
      shortDescription: { text: r?.summary ?? `Agent Cost engine finding: ${id}` },
      help: {
        text: r
          ? `${r.summary} See ${ruleDocsPath(id)}.`
          : 'Reported by the Agent Cost analyzer (parsing and structure).',
      },
      defaultConfiguration: { level: LEVEL[r?.defaultSeverity ?? 'warning'] },
    };
  });
  const results = files.flatMap((f) =>
    f.findings.map((d) => ({
      ruleId: d.rule,
      ruleIndex: used.indexOf(d.rule),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(f.file) },
            region: d.range
              ? {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                }
              : { startLine: 1, startColumn: 1 },
          },
        },
      ],
      partialFingerprints: { 'agentCost/v1': fingerprint(d.rule, d.stepId, d.message) },
      ...(d.stepId ? { properties: { stepId: d.stepId } } : {}),
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'agent-cost', version, semanticVersion: version, rules } }, results }],
  };
}
