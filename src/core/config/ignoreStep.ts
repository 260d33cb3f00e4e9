/**
 * The `stepId` of an ignore entry in `.agentcost.yaml`: `*` ignores the rule for every step, any
 * other value names one step. A step whose id really is `*` (ids come from the export, so they
 * can be anything) is written with a leading backslash, `\*`; so is an id that starts with a
 * backslash. A quick fix on such a step can then never ignore every step by accident.
 */

/** The stepId that matches every step. */
export const EVERY_STEP = '*';

/** The stepId to write for one step (escaped when it would read as the wildcard or as escaped). */
export function quoteStepId(id: string): string {
  return id === EVERY_STEP || id.startsWith('\\') ? `\\${id}` : id;
}

/** True when an ignore's stepId applies to the finding's step (or to every step). */
export function ignoreMatches(pattern: string, stepId: string | null | undefined): boolean {
  if (pattern === EVERY_STEP) return true;
  const id = pattern.startsWith('\\') ? pattern.slice(1) : pattern;
  return stepId !== null && stepId !== undefined && id === stepId;
}
