/**
 * Groups repeated findings for people: the same rule with the same message but for the step (its
 * figures may differ) is one line, "history-growth on 11 steps: …". JSON, SARIF and the editor keep
 * every finding.
 */
import type { Range, Severity } from '../types';

export interface GroupableFinding {
  rule: string;
  severity: Severity;
  message: string;
  group?: string | null;
  stepId?: string | null;
  range?: Range | null;
}

export interface FindingGroup<T extends GroupableFinding> {
  /** The first finding of the group (its message and position stand for the group). */
  first: T;
  /** Every finding of the group, in report order. */
  all: T[];
}

/** The message with figures masked: findings that differ only in their numbers are "the same". */
const shape = (message: string): string => message.replace(/[≈≥]?-?\d[\d,.]*/g, '#');

export function groupFindings<T extends GroupableFinding>(findings: T[]): FindingGroup<T>[] {
  const groups = new Map<string, FindingGroup<T>>();
  for (const f of findings) {
    // Findings without a step (file-wide) are never grouped.
    const key = f.stepId ? `${f.rule}\u0000${f.severity}\u0000${f.group ?? shape(f.message)}` : `\u0001${groups.size}`;
    const g = groups.get(key);
    if (g) g.all.push(f);
    else groups.set(key, { first: f, all: [f] });
  }
  return [...groups.values()];
}

/** "history-growth on 11 steps" or just the rule id for a single finding. */
export function groupLabel(g: FindingGroup<GroupableFinding>): string {
  return g.all.length > 1 ? `${g.first.rule} on ${g.all.length} steps` : g.first.rule;
}
