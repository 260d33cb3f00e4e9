/**
 * Which steps a turn runs, and how often on average: probability mass flows from the turn's start
 * along the branches (weights normalised per decision point, as in the walk) and stops at waits.
 * Loops are counted once per pass through their entry (the walk's loop passes are not repeated
 * here). Used for `steps[].turns`, reachability and `steps[].visits`.
 */
import type { FlowStep } from '../flow/types';
import type { Decimal } from '../pricing/money';
import { add, ONE, probabilities, times } from './decimals';
import type { Turn } from './turns';
import { HELD, splitState, stateKey, Walker } from './walk';

type Kid = ReturnType<Walker['branches']>[number];

/** Expected arrivals at each step during one visit of `t` (the start of a reply turn excluded). */
export function turnRuns(walker: Walker, steps: Map<string, FlowStep>, t: Turn): Map<string, Decimal> {
  const starts = turnStarts(walker, t);
  return flowMass(walker, starts, reachOrder(walker, steps, starts));
}

/** The states a turn begins in, each with its branch weight. */
function turnStarts(walker: Walker, t: Turn): Kid[] {
  if (t.kind === 'launch' || t.kind === 'restart') return [{ key: stateKey(t.start, ''), weight: ONE }];
  if (t.kind === 'entry') return walker.branches(t.start, '');
  const at = splitState(t.id);
  return walker.branches(at.step, at.ctx);
}

/** The states a turn reaches, in depth-first post-order, with the branches of each. */
interface Reach {
  kids: Map<string, Kid[]>;
  order: string[];
}

/** Depth-first order of the states the turn can reach (without crossing a wait), back edges cut. */
function reachOrder(walker: Walker, steps: Map<string, FlowStep>, starts: Kid[]): Reach {
  const kids = new Map<string, Kid[]>();
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const stack: { key: string; i: number }[] = starts.map((k) => ({ key: k.key, i: -1 }));
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i === -1) {
      if (state.has(top.key) || top.key.startsWith(HELD)) {
        stack.pop();
        continue;
      }
      state.set(top.key, 1);
      const { step, ctx } = walker.stateOf(top.key);
      kids.set(top.key, steps.get(step)?.waits ? [] : walker.branches(step, ctx));
      top.i = 0;
    }
    const list = kids.get(top.key)!;
    if (top.i < list.length) {
      const next = list[top.i++].key;
      if (!state.has(next)) stack.push({ key: next, i: -1 });
      continue;
    }
    state.set(top.key, 2);
    order.push(top.key);
    stack.pop();
  }
  return { kids, order };
}

/** Flows probability mass from the starts down the reached states; the sum that arrives at each step. */
function flowMass(walker: Walker, starts: Kid[], { kids, order }: Reach): Map<string, Decimal> {
  // Reverse post-order is a topological order once back edges are dropped.
  const position = new Map(order.map((k, i) => [k, order.length - 1 - i]));
  const mass = new Map<string, Decimal>();
  const share = (list: Kid[]): Decimal[] => probabilities(list.map((k) => k.weight));
  const addMass = (key: string, m: Decimal) => {
    const had = mass.get(key);
    mass.set(key, had === undefined ? m : add(had, m));
  };
  share(starts).forEach((p, i) => addMass(starts[i].key, p));
  const runs = new Map<string, Decimal>();
  for (let i = order.length - 1; i >= 0; i--) {
    const key = order[i];
    const m = mass.get(key);
    if (!m || m.isZero()) continue;
    const { step } = walker.stateOf(key);
    const had = runs.get(step);
    runs.set(step, had === undefined ? m : add(had, m));
    // Back edges (to a state earlier in the order) are left out: the loop's exits share the mass.
    const list = (kids.get(key) ?? []).filter((k) => (position.get(k.key) ?? Infinity) > position.get(key)!);
    share(list).forEach((p, j) => {
      const k = list[j].key;
      if (!k.startsWith(HELD)) addMass(k, times(m, p));
    });
  }
  return runs;
}
