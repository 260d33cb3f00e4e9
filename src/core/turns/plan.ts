/**
 * Incremental walks: which values of the last walk over a plan (walk.ts `WalkPlan`) still hold
 * after the prices changed. A state's value reads its own step's arrival price, the values of the
 * branches it took and the loops it closes; when none of those changed, the last value is reused
 * as it is. An edit inside one prompt thus re-evaluates that step's state and the states before it
 * on the way to it (the turns that hold it), not the whole graph.
 */
import type { Amount } from '../cost/stepCost';
import type { Decimal } from '../pricing/money';
import { splitState, type PlanDeps, type WalkPlan, type WalkResult, type WalkValue } from './walk';

/** The step of a plan entry's state. */
const stepOf = (plan: WalkPlan, key: string): string => (plan.split.get(key) ?? splitState(key)).step;

const same = (a: Decimal | null, b: Decimal | null): boolean => a === b || (a !== null && b !== null && a.eq(b));

/** Two prices are the same value (so every figure computed from them is the same). */
export function sameAmount(a: Amount | undefined, b: Amount | undefined): boolean {
  return (
    a === b ||
    (a !== undefined &&
      b !== undefined &&
      same(a.expected, b.expected) &&
      same(a.max, b.max) &&
      same(a.growth, b.growth))
  );
}

/** Steps whose arrival price differs between two analyses. */
function changedSteps(before: Map<string, Amount>, after: Map<string, Amount>): Set<string> {
  const out = new Set<string>();
  for (const [id, a] of after) if (!sameAmount(before.get(id), a)) out.add(id);
  for (const id of before.keys()) if (!after.has(id)) out.add(id);
  return out;
}

/** Who reads whom in a plan: each entry's readers (the states that took it as a branch, the loops' readers). */
function dependencies(plan: WalkPlan): PlanDeps {
  const index = new Map(plan.entries.map((e, i) => [e.key, i]));
  const parents: number[][] = plan.entries.map(() => []);
  const loopReaders: number[][] = plan.loops.map(() => []);
  const byStep = new Map<string, number[]>();
  plan.entries.forEach((e, i) => {
    if (!e.kids) return;
    const step = stepOf(plan, e.key);
    const list = byStep.get(step);
    if (list) list.push(i);
    else byStep.set(step, [i]);
    for (const c of e.kids) {
      if (e.cut?.has(c.key)) continue;
      const j = index.get(c.key);
      if (j !== undefined) parents[j].push(i);
    }
    // As Walker.withLoops finds them: the first loop from the cut target's step to this step.
    for (const target of e.cut ?? []) {
      const head = stepOf(plan, target);
      const l = plan.loops.findIndex((x) => x[0] === head && x[x.length - 1] === step);
      if (l >= 0) loopReaders[l].push(i);
    }
  });
  return { parents, loopReaders, byStep };
}

/**
 * The last walk's values that still hold at the new prices (undefined where a state must be
 * evaluated again), or undefined when there is no last walk over this plan to reuse.
 */
export function reusableValues(
  plan: WalkPlan,
  last: WalkResult | undefined,
  arrival: Map<string, Amount>,
): (WalkValue | undefined)[] | undefined {
  if (!last || last.values.length !== plan.entries.length) return undefined;
  const changed = changedSteps(last.arrival, arrival);
  if (changed.size === 0) return last.values;
  const deps = (plan.deps ??= dependencies(plan));
  const stale = new Uint8Array(plan.entries.length);
  const queue: number[] = [];
  const mark = (i: number) => {
    if (stale[i]) return;
    stale[i] = 1;
    queue.push(i);
  };
  for (const step of changed) for (const i of deps.byStep.get(step) ?? []) mark(i);
  plan.loops.forEach((steps, l) => {
    if (steps.some((s) => changed.has(s))) for (const i of deps.loopReaders[l]) mark(i);
  });
  while (queue.length > 0) for (const p of deps.parents[queue.pop()!]) mark(p);
  return last.values.map((v, i) => (stale[i] ? undefined : v));
}
