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

export const END = '';
/** Key prefix of an edge that hands a message to a skill (agentic exports); weighted by skillShares. */
const SKILL_KEY = 'skill:';
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

export interface WalkInput {
  graph: Graph;
  steps: Map<string, FlowStep>;
  arrival: Map<string, Amount>;
  settings: Settings;
}

interface Child {
  key: string;
  /** Relative weight of the branch (normalised per decision point). */
  weight: Decimal;
}

const ONE = new Decimal(1);

/**
 * A state key is the step id, then `|` and the call stack (caller ids joined by `>`), with `%`, `|`
 * and `>` in ids escaped (ids come from the file and may contain them). Plain ids stay as they are,
 * so a top-level wait's key is its step id.
 */
const escapeId = (id: string): string => id.replace(/[%|>]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
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
  readonly loops: Loop[] = [];
  readonly recursion = new Set<string>();

  constructor(private readonly w: WalkInput) {}

  /** The branches taken after `step` (ignoring that it waits): its successors, or a return. */
  branches(step: string, ctx: string): Child[] {
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
      // Holding the conversation: nothing runs again, the agent waits for the next message.
      const held = { ...empty(), ends: new Map([[key.slice(1), ONE]]) };
      this.memo.set(key, held);
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
        const { step, ctx } = splitState(k);
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
      if (l.passCost !== null) out = { ...out, loopMax: Decimal.max(out.loopMax, l.passCost) };
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
    const total = items.reduce((n, i) => n.plus(i.weight), ZERO);
    const wOf = (i: { weight: Decimal }) => (total.isZero() ? ONE.div(items.length) : i.weight.div(total));
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
      for (const u of v.unknown) if (unknown.size < MAX_UNKNOWN_IDS) unknown.add(u);
      for (const [e, p] of v.ends) out.ends.set(e, (out.ends.get(e) ?? ZERO).plus(p.mul(w)));
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
    let expected: Decimal | null = ZERO;
    for (const s of steps) {
      const a = this.w.arrival.get(s);
      if (!a) continue;
      cost = cost === null || a.max === null ? null : cost.plus(a.max);
      expected = expected === null || a.expected === null ? null : expected.plus(a.expected);
    }
    this.loops.push({ steps, passCost: cost, passExpected: expected });
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
