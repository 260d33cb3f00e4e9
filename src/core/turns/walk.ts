/**
 * Cost of running the graph from a step until the agent next waits for the user.
 *
 * A state is (step, call stack): component calls push the caller, a dead end inside a component
 * returns to the caller's successors. Values are memoised per state, so every state is evaluated
 * once for all turns (O(states + edges)); the DFS is iterative so long chains cannot overflow the
 * stack. A back edge (a state already on the DFS path) is a loop: it is cut for min/expected
 * (the loop is left) and recorded with the cost of one pass through its body, which makes the max
 * unbounded when that cost is not zero.
 */
import { Decimal } from '../pricing/money';
import type { Classification } from '../classify/classify';
import type { Amount } from '../cost/stepCost';
import type { Graph } from '../graph/graph';
import type { Settings } from '../settings';

export const END = '';
const ZERO = new Decimal(0);
const MAX_CALL_DEPTH = 6;
const MAX_UNKNOWN_IDS = 20;

export interface WalkValue {
  min: Decimal;
  expected: Decimal;
  max: Decimal;
  growthMin: Decimal;
  growthExpected: Decimal;
  growthMax: Decimal;
  /** Largest per-pass cost of a loop reachable before the next wait (0 = none with cost). */
  loopMax: Decimal;
  /** A loop is reachable (costly or not). */
  hasLoop: boolean;
  /** Steps with an unknown price on some path (the figures are then lower bounds). */
  unknown: string[];
  /** Where the turn ends: wait state key → probability; END = the conversation ends. */
  ends: Map<string, number>;
}

export interface Loop {
  /** Steps of the loop body, in order. */
  steps: string[];
  /** Max credits of one pass (null when a step in it has an unknown price). */
  passCost: Decimal | null;
}

export interface WalkInput {
  graph: Graph;
  cls: Map<string, Classification>;
  arrival: Map<string, Amount>;
  settings: Settings;
}

interface Child {
  key: string;
  weight: number;
}

export const stateKey = (step: string, ctx: string): string => (ctx ? `${step}|${ctx}` : step);
export const splitState = (key: string): { step: string; ctx: string } => {
  const i = key.indexOf('|');
  return i < 0 ? { step: key, ctx: '' } : { step: key.slice(0, i), ctx: key.slice(i + 1) };
};

export class Walker {
  private readonly memo = new Map<string, WalkValue>();
  readonly loops: Loop[] = [];
  readonly recursion = new Set<string>();

  constructor(private readonly w: WalkInput) {}

  /** The branches taken after `step` (ignoring that it waits): its successors, or a return. */
  branches(step: string, ctx: string): Child[] {
    const g = this.w.graph;
    const callee = g.calls.get(step);
    if (callee) {
      const callers = ctx ? ctx.split('>') : [];
      if (callers.includes(step)) {
        this.recursion.add(step);
      } else if (callers.some((c) => g.calls.get(c) === callee) || callers.length >= MAX_CALL_DEPTH) {
        // The component is already running (menus that call each other): enter it again without
        // growing the stack, as a jump, so the number of states stays bounded.
        return [{ key: stateKey(callee, ctx), weight: 1 }];
      } else return [{ key: stateKey(callee, ctx ? `${ctx}>${step}` : step), weight: 1 }];
    }
    return this.successors(step, ctx);
  }

  private successors(step: string, ctx: string): Child[] {
    const edges = this.w.graph.succ.get(step) ?? [];
    if (edges.length > 0) {
      const weights = this.w.settings.branchWeights;
      return edges.map((e) => ({ key: stateKey(e.to, ctx), weight: Number(weights[e.key] ?? weights[e.to] ?? 1) }));
    }
    if (this.w.cls.get(step)?.ends || !ctx) return [];
    // Dead end inside a component: return to the caller's successors.
    const i = ctx.lastIndexOf('>');
    const caller = i < 0 ? ctx : ctx.slice(i + 1);
    return this.successors(caller, i < 0 ? '' : ctx.slice(0, i));
  }

  /** Value of arriving at a state. */
  value(key: string): WalkValue {
    const done = this.memo.get(key);
    if (done) return done;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    const children = new Map<string, Child[]>();
    const cut = new Map<string, Set<string>>();
    const stack: string[] = [key];
    while (stack.length > 0) {
      const k = stack[stack.length - 1];
      if (this.memo.has(k)) {
        stack.pop();
        continue;
      }
      if (!children.has(k)) {
        const { step, ctx } = splitState(k);
        const kids = this.w.cls.get(step)?.waits ? [] : this.branches(step, ctx);
        children.set(k, kids);
        onPath.set(k, path.length);
        path.push(k);
        for (const c of kids) {
          if (onPath.has(c.key)) {
            if (!cut.has(k)) cut.set(k, new Set());
            cut.get(k)!.add(c.key);
            this.recordLoop(path.slice(onPath.get(c.key)!));
          } else if (!this.memo.has(c.key)) stack.push(c.key);
        }
        continue;
      }
      stack.pop();
      if (onPath.has(k)) {
        this.memo.set(k, this.combine(k, children.get(k)!, cut.get(k)));
        onPath.delete(k);
        path.pop();
      }
    }
    return this.memo.get(key)!;
  }

  /** Cost of a set of weighted branches (min / weighted mean / max). */
  branchValue(kids: Child[]): WalkValue {
    return this.merge(kids.map((c) => ({ v: this.value(c.key), weight: c.weight })));
  }

  private combine(k: string, kids: Child[], cut: Set<string> | undefined): WalkValue {
    const { step } = splitState(k);
    const own = this.w.arrival.get(step);
    const live = kids.filter((c) => !cut?.has(c.key));
    let v: WalkValue;
    if (this.w.cls.get(step)?.waits) v = { ...empty(), ends: new Map([[k, 1]]) };
    else if (live.length === 0) v = { ...empty(), hasLoop: kids.length > 0, ends: new Map([[END, 1]]) };
    else v = this.merge(live.map((c) => ({ v: this.memo.get(c.key)!, weight: c.weight })));
    if (cut?.size) {
      const passes = [...cut].map((target) =>
        this.loops.find((l) => l.steps[0] === splitState(target).step && l.steps[l.steps.length - 1] === step),
      );
      for (const l of passes)
        if (l)
          v = { ...v, hasLoop: true, loopMax: l.passCost === null ? v.loopMax : Decimal.max(v.loopMax, l.passCost) };
    }
    return addOwn(v, own, step);
  }

  private merge(items: { v: WalkValue; weight: number }[]): WalkValue {
    if (items.length === 0) return { ...empty(), ends: new Map([[END, 1]]) };
    if (items.length === 1) return items[0].v;
    const total = items.reduce((n, i) => n + i.weight, 0) || items.length;
    const wOf = (i: { weight: number }) => (total === items.length && i.weight === 0 ? 1 : i.weight) / total;
    const out = empty();
    out.min = items[0].v.min;
    out.growthMin = items[0].v.growthMin;
    const unknown = new Set<string>();
    for (const i of items) {
      const w = wOf(i);
      const v = i.v;
      out.min = Decimal.min(out.min, v.min);
      out.max = Decimal.max(out.max, v.max);
      out.expected = out.expected.plus(v.expected.mul(w));
      out.growthMin = Decimal.min(out.growthMin, v.growthMin);
      out.growthMax = Decimal.max(out.growthMax, v.growthMax);
      out.growthExpected = out.growthExpected.plus(v.growthExpected.mul(w));
      out.loopMax = Decimal.max(out.loopMax, v.loopMax);
      out.hasLoop ||= v.hasLoop;
      for (const u of v.unknown) if (unknown.size < MAX_UNKNOWN_IDS) unknown.add(u);
      for (const [e, p] of v.ends) out.ends.set(e, (out.ends.get(e) ?? 0) + p * w);
    }
    out.unknown = [...unknown];
    return out;
  }

  private recordLoop(statePath: string[]): void {
    const steps = statePath.map((s) => splitState(s).step);
    if (
      this.loops.some(
        (l) =>
          l.steps.length === steps.length &&
          l.steps[0] === steps[0] &&
          l.steps[l.steps.length - 1] === steps[steps.length - 1],
      )
    )
      return;
    let cost: Decimal | null = ZERO;
    for (const s of steps) {
      const a = this.w.arrival.get(s);
      if (!a) continue;
      cost = cost === null || a.max === null ? null : cost.plus(a.max);
    }
    this.loops.push({ steps, passCost: cost });
  }
}

function empty(): WalkValue {
  return {
    min: ZERO,
    expected: ZERO,
    max: ZERO,
    growthMin: ZERO,
    growthExpected: ZERO,
    growthMax: ZERO,
    loopMax: ZERO,
    hasLoop: false,
    unknown: [],
    ends: new Map(),
  };
}

function addOwn(v: WalkValue, own: Amount | undefined, step: string): WalkValue {
  if (!own) return v;
  if (own.expected === null || own.max === null) {
    return {
      ...v,
      unknown: v.unknown.includes(step) || v.unknown.length >= MAX_UNKNOWN_IDS ? v.unknown : [step, ...v.unknown],
    };
  }
  if (own.expected.isZero() && own.max.isZero() && (own.growth === null || own.growth.isZero())) return v;
  const g = own.growth ?? ZERO;
  return {
    ...v,
    min: v.min.plus(own.expected),
    expected: v.expected.plus(own.expected),
    max: v.max.plus(own.max),
    growthMin: v.growthMin.plus(g),
    growthExpected: v.growthExpected.plus(g),
    growthMax: v.growthMax.plus(g),
  };
}
