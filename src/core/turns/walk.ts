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
import type { FlowStep } from '../flow/types';
import type { Amount } from '../cost/stepCost';
import type { Graph } from '../graph/graph';
import type { Settings } from '../settings';
import { add, max, min, ONE, probabilities, times, ZERO } from './decimals';

export const END = '';
/** Key prefix of an edge that hands a message to a skill (agentic exports); weighted by skillShares. */
const SKILL_KEY = 'skill:';
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
  /** Steps with an unknown price on some path (the figures are then lower bounds). */
  unknown: string[];
  /** Where the turn ends: wait state key → probability; END = the conversation ends. */
  ends: Map<string, Decimal>;
}

export interface Loop {
  /** Steps of the loop body, in order. */
  steps: string[];
  /** Max credits of one pass (null when a step in it has an unknown price). */
  passCost: Decimal | null;
  /** Expected credits of one pass (null when unknown). */
  passExpected: Decimal | null;
}

/**
 * What a walk did, in structure only (no prices): each state it evaluated, in the order it
 * finished (children first), with the branches it took and the ones it cut as loops; the loops'
 * bodies; the recursive component calls. A later analysis of a flow with the same structure key
 * (structure.ts) replays it instead of searching the graph again, and re-evaluates only the states
 * whose price inputs changed (`Walker.replay`).
 */
export interface WalkPlan {
  entries: PlanEntry[];
  loops: string[][];
  recursion: string[];
  /** The structural caches of the walker (shared by the walkers that replay the plan). */
  kids: Map<string, Child[]>;
  split: Map<string, { step: string; ctx: string }>;
  /** Merged values of branch sets by their (shared) Child arrays, reused while the branches' values are the same. */
  merged: WeakMap<Child[], Merged>;
  /** Who depends on whom, made on the first incremental replay (plan.ts). */
  deps?: PlanDeps;
}

/** A merge of branch values, kept with the values it merged. */
interface Merged {
  values: WalkValue[];
  value: WalkValue;
}

/** One evaluated state of a plan. */
export interface PlanEntry {
  key: string;
  /** Branches as taken (none for a wait); absent for a held state. */
  kids?: Child[];
  cut?: Set<string>;
}

/** Who reads whom in a plan (plan.ts). */
export interface PlanDeps {
  /** For each entry: the entries whose value reads it. */
  parents: number[][];
  /** For each loop: the entries whose value reads it. */
  loopReaders: number[][];
  /** Step id → the entries of its states (held states, which read no price, left out). */
  byStep: Map<string, number[]>;
}

/** The values and arrival prices of the last walk over a plan (an incremental replay reuses them). */
export interface WalkResult {
  arrival: Map<string, Amount>;
  values: WalkValue[];
}

export interface WalkInput {
  graph: Graph;
  steps: Map<string, FlowStep>;
  arrival: Map<string, Amount>;
  settings: Settings;
}

export interface Child {
  key: string;
  /** Relative weight of the branch (normalised per decision point). */
  weight: Decimal;
}

/**
 * A state key is the step id, then `|` and the call stack (caller ids joined by `>`), with `%`, `|`
 * and `>` in ids escaped (ids come from the file and may contain them). Plain ids stay as they are,
 * so a top-level wait's key is its step id.
 */
const escapeId = (id: string): string =>
  id.includes('%') || id.includes('|') || id.includes('>')
    ? id.replace(/[%|>]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    : id;
const unescapeId = (id: string): string =>
  id.includes('%') ? id.replace(/%(25|7c|3e)/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : id;
/** A held state: the agent stays waiting at the step without running it again (no new arrival). */
export const HELD = '\u0001';

export const stateKey = (step: string, ctx: string): string => (ctx ? `${escapeId(step)}|${ctx}` : escapeId(step));
export const splitState = (key: string): { step: string; ctx: string } => {
  const k = key.startsWith(HELD) ? key.slice(1) : key;
  const i = k.indexOf('|');
  return i < 0 ? { step: unescapeId(k), ctx: '' } : { step: unescapeId(k.slice(0, i)), ctx: k.slice(i + 1) };
};
/** The callers on a call stack, outermost first. */
export const callersOf = (ctx: string): string[] => (ctx ? ctx.split('>').map(unescapeId) : []);
const pushCaller = (ctx: string, step: string): string => (ctx ? `${ctx}>${escapeId(step)}` : escapeId(step));

export class Walker {
  private readonly memo = new Map<string, WalkValue>();
  /** The states evaluated, in the order they finished (the plan's entries). */
  private readonly done: PlanEntry[] = [];
  readonly loops: Loop[] = [];
  readonly recursion = new Set<string>();
  /** The plan this walker replays, if any. */
  private replayed?: WalkPlan;

  constructor(
    private readonly w: WalkInput,
    /** Branches by state key: the walk, the turns and their runs ask for the same states. */
    private readonly kids = new Map<string, Child[]>(),
    /** splitState by key, without allocating again for a state asked about many times. */
    private readonly split = new Map<string, { step: string; ctx: string }>(),
    private readonly merged = new WeakMap<Child[], Merged>(),
  ) {}

  /**
   * A walker over a flow with `plan`'s structure: every state of the plan evaluated in the plan's
   * order, reusing `previous` values where nothing they read changed (`reusable`, plan.ts).
   */
  static replay(
    plan: WalkPlan,
    w: WalkInput,
    reusable: (plan: WalkPlan, arrival: Map<string, Amount>) => (WalkValue | undefined)[] | undefined,
  ): Walker {
    const walker = new Walker(w, plan.kids, plan.split, plan.merged);
    walker.replayed = plan;
    for (const r of plan.recursion) walker.recursion.add(r);
    for (const steps of plan.loops) walker.loops.push(loopOf(steps, w.arrival));
    const reuse = reusable(plan, w.arrival);
    plan.entries.forEach((e, i) => {
      const v = reuse?.[i] ?? (e.kids ? walker.combine(e.key, e.kids, e.cut) : heldValue(e.key));
      walker.memo.set(e.key, v);
      walker.done.push(e);
    });
    return walker;
  }

  /** This walk's plan and values, for later walks over the same structure. */
  result(): { plan: WalkPlan; values: WalkValue[] } {
    const values = this.done.map((e) => this.memo.get(e.key)!);
    const r = this.replayed;
    // A replay that found no new state is its plan (kept whole, with the dependencies made for it).
    if (
      r &&
      this.done.length === r.entries.length &&
      this.loops.length === r.loops.length &&
      this.recursion.size === r.recursion.length
    )
      return { plan: r, values };
    return {
      plan: {
        entries: [...this.done],
        loops: this.loops.map((l) => l.steps),
        recursion: [...this.recursion],
        kids: this.kids,
        split: this.split,
        merged: this.merged,
      },
      values,
    };
  }

  /** The step and call stack of a state key (cached). */
  stateOf(key: string): { step: string; ctx: string } {
    let s = this.split.get(key);
    if (!s) this.split.set(key, (s = splitState(key)));
    return s;
  }

  /** The branches taken after `step` (ignoring that it waits): its successors, or a return. */
  branches(step: string, ctx: string): Child[] {
    const key = stateKey(step, ctx);
    let kids = this.kids.get(key);
    if (!kids) this.kids.set(key, (kids = this.branchesOf(step, ctx)));
    return kids;
  }

  private branchesOf(step: string, ctx: string): Child[] {
    const g = this.w.graph;
    const callee = g.calls.get(step);
    if (callee) {
      const callers = callersOf(ctx);
      if (callers.includes(step)) {
        this.recursion.add(step);
      } else if (callers.some((c) => g.calls.get(c) === callee) || callers.length >= MAX_CALL_DEPTH) {
        // The component is already running (menus that call each other): enter it again without
        // growing the stack, as a jump, so the number of states stays bounded.
        return [{ key: stateKey(callee, ctx), weight: ONE }];
      } else return [{ key: stateKey(callee, pushCaller(ctx, step)), weight: ONE }];
    }
    return this.successors(step, ctx);
  }

  private successors(step: string, ctx: string): Child[] {
    const edges = this.w.graph.succ.get(step) ?? [];
    if (edges.length > 0) {
      const holds = this.w.steps.get(step)?.holds;
      return edges.map((e) => ({
        key: (holds?.includes(e.key) ? HELD : '') + stateKey(e.to, ctx),
        weight: this.weight(e.key) ?? this.weight(e.to) ?? ONE,
      }));
    }
    if (this.w.steps.get(step)?.ends || !ctx) return [];
    // Dead end inside a component: return to the caller's successors.
    const i = ctx.lastIndexOf('>');
    const caller = unescapeId(i < 0 ? ctx : ctx.slice(i + 1));
    return this.successors(caller, i < 0 ? '' : ctx.slice(0, i));
  }

  /** Value of arriving at a state. */
  value(key: string): WalkValue {
    const done = this.memo.get(key);
    if (done) return done;
    if (key.startsWith(HELD)) {
      const held = heldValue(key);
      this.memo.set(key, held);
      this.done.push({ key });
      return held;
    }
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
        const { step, ctx } = this.stateOf(k);
        const kids = this.w.steps.get(step)?.waits ? [] : this.branches(step, ctx);
        children.set(k, kids);
        onPath.set(k, path.length);
        path.push(k);
        for (const c of kids) {
          if (onPath.has(c.key)) {
            if (!cut.has(k)) cut.set(k, new Set());
            cut.get(k)!.add(c.key);
            this.recordLoop(path.slice(onPath.get(c.key)!));
          } else if (!this.memo.has(c.key)) {
            if (c.key.startsWith(HELD)) this.value(c.key);
            else stack.push(c.key);
          }
        }
        continue;
      }
      stack.pop();
      if (onPath.has(k)) {
        this.memo.set(k, this.combine(k, children.get(k)!, cut.get(k)));
        this.done.push({ key: k, kids: children.get(k)!, cut: cut.get(k) });
        onPath.delete(k);
        path.pop();
      }
    }
    return this.memo.get(key)!;
  }

  /**
   * Cost of a set of weighted branches (min / weighted mean / max); the same merge as last time
   * when `kids` (one of this structure's branch lists) lead to the same values.
   */
  branchValue(kids: Child[]): WalkValue {
    const values = kids.map((c) => this.value(c.key));
    const hit = this.merged.get(kids);
    if (hit && hit.values.every((v, i) => v === values[i])) return hit.value;
    const value = this.merge(values.map((v, i) => ({ v, weight: kids[i].weight })));
    this.merged.set(kids, { values, value });
    return value;
  }

  private combine(k: string, kids: Child[], cut: Set<string> | undefined): WalkValue {
    const { step } = this.stateOf(k);
    const own = this.w.arrival.get(step);
    const live = kids.filter((c) => !cut?.has(c.key));
    let v: WalkValue;
    if (this.w.steps.get(step)?.waits) v = { ...empty(), ends: new Map([[k, ONE]]) };
    else if (live.length === 0) v = { ...empty(), ends: new Map([[END, ONE]]) };
    else v = this.merge(live.map((c) => ({ v: this.memo.get(c.key)!, weight: c.weight })));
    if (cut?.size) v = this.withLoops(v, step, kids, cut);
    return addOwn(v, own, step);
  }

  /**
   * At a step whose branches loop back (taken with probability p), the loop runs again: expected
   * extra passes p / (1 − p), at most `loopCap` − 1; the max assumes `loopCap` passes (unbounded).
   */
  private withLoops(v: WalkValue, step: string, kids: Child[], cut: Set<string>): WalkValue {
    const total = kids.reduce((n, c) => n.plus(c.weight), ZERO);
    const back = kids.filter((c) => cut.has(c.key)).reduce((n, c) => n.plus(c.weight), ZERO);
    const p = total.isZero() ? new Decimal(cut.size).div(kids.length) : back.div(total);
    const cap = new Decimal(Math.max(1, this.w.settings.loopCap) - 1);
    const extra = p.gte(1) ? cap : Decimal.min(p.div(ONE.minus(p)), cap);
    let out = v;
    for (const target of cut) {
      const { step: head } = splitState(target);
      const l = this.loops.find((x) => x.steps[0] === head && x.steps[x.steps.length - 1] === step);
      if (!l) continue;
      if (l.passCost !== null) out = { ...out, loopMax: max(out.loopMax, l.passCost) };
      if (l.passExpected !== null && !extra.isZero()) {
        const more = l.passExpected.mul(extra);
        out = { ...out, expected: out.expected.plus(more), min: p.gte(1) ? out.min.plus(more) : out.min };
      }
    }
    return out;
  }

  /** A configured branch weight for a port or step id (own keys only). */
  private weight(key: string): Decimal | undefined {
    const w = this.w.settings.branchWeights;
    if (Object.hasOwn(w, key)) return new Decimal(w[key]);
    // An agentic router's edge to a skill is weighted by the skill's share, by name.
    if (key.startsWith(SKILL_KEY)) {
      const shares = this.w.settings.skillShares;
      const name = key.slice(SKILL_KEY.length);
      return Object.hasOwn(shares, name) ? new Decimal(shares[name]) : undefined;
    }
    return undefined;
  }

  private merge(items: { v: WalkValue; weight: Decimal }[]): WalkValue {
    if (items.length === 0) return { ...empty(), ends: new Map([[END, ONE]]) };
    if (items.length === 1) return items[0].v;
    // Probabilities: weights normalised at this decision point; all zero → equal shares.
    const ws = probabilities(items.map((i) => i.weight));
    const out = empty();
    out.min = items[0].v.min;
    out.growthMin = items[0].v.growthMin;
    const unknown = new Set<string>();
    items.forEach(({ v }, k) => {
      const w = ws[k];
      out.min = min(out.min, v.min);
      out.max = max(out.max, v.max);
      out.expected = add(out.expected, times(v.expected, w));
      out.growthMin = min(out.growthMin, v.growthMin);
      out.growthMax = max(out.growthMax, v.growthMax);
      out.growthExpected = add(out.growthExpected, times(v.growthExpected, w));
      out.loopMax = max(out.loopMax, v.loopMax);
      for (const u of v.unknown) if (unknown.size < MAX_UNKNOWN_IDS) unknown.add(u);
      for (const [e, p] of v.ends) {
        const q = times(p, w);
        const had = out.ends.get(e);
        out.ends.set(e, had === undefined ? q : had.plus(q));
      }
    });
    out.unknown = [...unknown];
    return out;
  }

  private recordLoop(statePath: string[]): void {
    const steps = statePath.map((s) => this.stateOf(s).step);
    if (
      this.loops.some(
        (l) =>
          l.steps.length === steps.length &&
          l.steps[0] === steps[0] &&
          l.steps[l.steps.length - 1] === steps[steps.length - 1],
      )
    )
      return;
    this.loops.push(loopOf(steps, this.w.arrival));
  }
}

/** A loop through `steps` with the cost of one pass at the arrival prices. */
function loopOf(steps: string[], arrival: Map<string, Amount>): Loop {
  let cost: Decimal | null = ZERO;
  let expected: Decimal | null = ZERO;
  for (const s of steps) {
    const a = arrival.get(s);
    if (!a) continue;
    cost = cost === null || a.max === null ? null : cost.plus(a.max);
    expected = expected === null || a.expected === null ? null : expected.plus(a.expected);
  }
  return { steps, passCost: cost, passExpected: expected };
}

/** Holding the conversation: nothing runs again, the agent waits for the next message. */
function heldValue(key: string): WalkValue {
  return { ...empty(), ends: new Map([[key.slice(1), ONE]]) };
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
