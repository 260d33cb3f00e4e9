/**
 * Segments the conversation into turns, prices each one, and says where a user message goes.
 * - launch: from the launch entry to the first wait (launch credits, 0 by default);
 * - reply: the user answers a wait and the flow continues locally: user message + intent
 *   classification (typed text at a wait that listens for intents) + no-match fallback (share
 *   `noMatchRate`) + the wait's own reply calls (an agent's round, a capture's extraction) + the
 *   steps run until the next wait;
 * - entry: the user's message jumps to a global intent/trigger handler instead;
 * - restart: the flow has ended and the next message starts it again (user message + launch).
 * At every wait the message continues locally or, with the share `globalEntryRate`, jumps to one of
 * the global entries (split by `entryWeights`); a wait with no local continuation always jumps.
 */
import type { Amount } from '../cost/stepCost';
import type { FlowEntry, FlowStep } from '../flow/types';
import type { Graph } from '../graph/graph';
import { Decimal } from '../pricing/money';
import type { Settings } from '../settings';
import type { Spread } from '../types';
import { add, ONE, times, ZERO } from './decimals';
import { END, stateKey, Walker, WalkValue } from './walk';

export type TurnKind = 'launch' | 'reply' | 'entry' | 'restart' | 'evaluation';

export interface Turn {
  /** Stable id: the wait's state key (step id, plus the call stack inside components), `launch`,
   * `restart` or `entry:<step id>`. */
  id: string;
  kind: TurnKind;
  /** What starts the turn, in a builder's words (the block, intent, trigger or agent). */
  name: string;
  /** The step where the turn starts (the wait the user answers, the launch or entry step). */
  start: string;
  /**
   * Credits of one visit. Before the conversation is computed: at the first turn; after it: min and
   * max over the positions the turn can occur at, expected = the mean over its visits (memory growth
   * included), so that Σ visits × expected = the conversation's expected credits.
   */
  credits: Spread<Decimal>;
  /** Credits added per extra turn by history growth (memory, agents). */
  growth: Spread<Decimal>;
  /** A loop with LLM cost can run before the next wait: the real max has no bound. */
  unbounded: boolean;
  /** Steps with an unknown price on some path: the figures are lower bounds. */
  unknown: string[];
  /** Where the turn ends: the wait state it stops at → probability (END: the flow ends). */
  ends: Map<string, Decimal>;
  /** False for a turn no conversation reaches (orphan canvases, unused entries). */
  reachable: boolean;
  /** Expected visits per conversation (set by the conversation model). */
  visits: Decimal;
}

/** Where a user message at a wait goes: a turn, with its probability. */
export interface Route {
  turn: string;
  p: Decimal;
}

export interface TurnModel {
  turns: Map<string, Turn>;
  /** The routes of a user message at a wait state (END: after the flow ended). */
  routes(waitKey: string): Route[];
}

export interface TurnExtras {
  /** Per user message (chat: 1 credit; voice: the seconds the user speaks). */
  userMessage: Decimal;
  intentClassification?: Amount;
  noMatch?: Amount;
  /** A generative no-reply (fires at the share `noReplyRate` of waits). */
  noReply?: Amount;
  /** Parts of every turn whose price is unknown (a voice service): every turn is a lower bound. */
  unknownParts: string[];
  /** Reply calls of each wait step (agent round, capture-v3 extraction). */
  reply: Map<string, Amount>;
}

/** Fixed costs of a user message: the message itself and, for typed text, intent classification. */
function userFixed(
  extras: TurnExtras,
  listens: boolean,
  typed: boolean,
): { fixed: Spread<Decimal>; unknown: string[] } {
  const um = extras.userMessage;
  const fixed = { min: um, expected: um, max: um };
  const unknown: string[] = [];
  const ic = extras.intentClassification;
  if (ic && listens) {
    if (ic.expected === null || ic.max === null) unknown.push('intent-classification');
    else {
      // A click is not classified; a typed message at the same wait is (the max).
      fixed.max = fixed.max.plus(ic.max);
      if (typed) {
        fixed.min = fixed.min.plus(ic.expected);
        fixed.expected = fixed.expected.plus(ic.expected);
      }
    }
  }
  return { fixed, unknown };
}

/**
 * Reply turns made by an earlier analysis of the same structure, with what they were made from:
 * a turn whose inputs are the same values again is copied, not made again.
 */
export type TurnMemo = Map<string, { inputs: unknown[]; turn: Turn }>;

/** Two input lists hold the same values (Decimals compared by value, the rest by identity). */
function sameInputs(a: unknown[], b: unknown[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return x === y || (Decimal.isDecimal(x) && Decimal.isDecimal(y) && (x as Decimal).eq(y as Decimal));
    })
  );
}

/** What every part of the segmentation reads. */
interface TurnInputs {
  walker: Walker;
  graph: Graph;
  steps: Map<string, FlowStep>;
  extras: TurnExtras;
  s: Settings;
  /** Loop passes beyond the first that the max assumes (`loopCap` − 1). */
  cap: Decimal;
  /** Reply turns of the last analysis of this structure (none: nothing is kept). */
  memo?: TurnMemo;
}

export function buildTurns(
  walker: Walker,
  graph: Graph,
  steps: Map<string, FlowStep>,
  entries: FlowEntry[],
  extras: TurnExtras,
  s: Settings,
  memo?: TurnMemo,
): TurnModel {
  const cap = new Decimal(Math.max(1, s.loopCap) - 1);
  const input: TurnInputs = { walker, graph, steps, extras, s, cap, memo };
  const turns = new Map<string, Turn>();
  for (const t of launchTurns(input, entries)) turns.set(t.id, t);
  const globals = entries.filter((e) => e.global && graph.succ.has(e.stepId));
  for (const e of globals) {
    const { fixed, unknown } = userFixed(extras, true, true);
    const v = walker.branchValue(walker.branches(e.stepId, ''));
    const id = `entry:${e.stepId}`;
    turns.set(id, makeTurn(input, { id, kind: 'entry', name: e.name, start: e.stepId }, v, fixed, ZERO, unknown));
  }
  const routes = routesOf(input, globals);
  const seenWaits = reachTurns(input, turns, routes);
  // The synthetic restart turn is listed only when a flow can end.
  if (!turns.get('restart')?.reachable) turns.delete('restart');
  addOrphanWaits(input, turns, seenWaits);
  return { turns, routes };
}

/** What a turn is, before its figures. */
interface TurnHead {
  id: string;
  kind: TurnKind;
  name: string;
  start: string;
}

/** A turn from the walk's value of what it runs plus its fixed costs (user message, launch, …). */
function makeTurn(
  input: TurnInputs,
  head: TurnHead,
  v: WalkValue,
  fixed: Spread<Decimal>,
  fixedGrowth: Decimal,
  unknown: string[],
): Turn {
  return {
    ...head,
    credits: {
      min: add(v.min, fixed.min),
      expected: add(v.expected, fixed.expected),
      max: add(add(v.max, fixed.max), times(v.loopMax, input.cap)),
    },
    growth: {
      min: add(v.growthMin, fixedGrowth),
      expected: add(v.growthExpected, fixedGrowth),
      max: add(v.growthMax, fixedGrowth),
    },
    unbounded: v.loopMax.gt(0),
    unknown:
      unknown.length + v.unknown.length + input.extras.unknownParts.length === 0
        ? []
        : [...new Set([...unknown, ...v.unknown, ...input.extras.unknownParts])],
    ends: v.ends,
    reachable: true,
    visits: ZERO,
  };
}

/** The launch turn and the restart after the flow ends (both run from the launch step). */
function launchTurns(input: TurnInputs, entries: FlowEntry[]): Turn[] {
  const launch = input.graph.launch;
  if (!launch) return [];
  const v = input.walker.value(stateKey(launch, ''));
  const lc = new Decimal(input.s.launchCredits);
  const name = entries.find((e) => e.kind === 'launch')?.name ?? 'Launch';
  const um = input.extras.userMessage;
  const restart = { min: lc.plus(um), expected: lc.plus(um), max: lc.plus(um) };
  return [
    makeTurn(
      input,
      { id: 'launch', kind: 'launch', name, start: launch },
      v,
      { min: lc, expected: lc, max: lc },
      ZERO,
      [],
    ),
    makeTurn(
      input,
      { id: 'restart', kind: 'restart', name: 'Start over (after the flow ends)', start: launch },
      v,
      restart,
      ZERO,
      [],
    ),
  ];
}

/**
 * The turn of a user's reply at a wait state (see makeReplyTurn), copied from the memo when
 * everything it is made from is the same as last time.
 */
function replyTurn(input: TurnInputs, key: string): Turn {
  const { walker, steps, extras, s } = input;
  const { step, ctx } = walker.stateOf(key);
  const c = steps.get(step)!;
  const v = walker.branchValue(walker.branches(step, ctx));
  const { intentClassification: ic, noMatch: nm, noReply: nr } = extras;
  const r = extras.reply.get(step);
  // One array (no spreads): made for every wait after every edit.
  // prettier-ignore
  const inputs = [
    c.globalJumps, c.listensForIntents, c.noMatch, replyName(c), extras.userMessage, v, input.cap,
    ic?.expected, ic?.max, nm?.expected, nm?.max, nr?.expected, nr?.max, r?.expected, r?.max, r?.growth,
    s.noMatchRate, s.noReplyRate, extras.unknownParts.join('\u0000'),
  ];
  const hit = input.memo?.get(key);
  if (hit && sameInputs(hit.inputs, inputs)) return { ...hit.turn };
  const turn = makeReplyTurn(input, key, c, v);
  input.memo?.set(key, { inputs, turn: { ...turn } });
  return turn;
}

/** The turn of a user's reply at a wait state: the message, its hidden calls, the wait's reply calls, the walk. */
function makeReplyTurn(input: TurnInputs, key: string, c: FlowStep, v: WalkValue): Turn {
  const { extras, s } = input;
  const step = c.id;
  const { fixed, unknown } = userFixed(extras, c.globalJumps, c.listensForIntents);
  const nm = extras.noMatch;
  if (c.noMatch && nm) {
    if (nm.expected === null || nm.max === null) unknown.push('no-match-fallback');
    else {
      fixed.expected = fixed.expected.plus(nm.expected.mul(s.noMatchRate));
      fixed.max = fixed.max.plus(nm.max);
    }
  }
  const nr = extras.noReply;
  if (nr) {
    if (nr.expected === null || nr.max === null) unknown.push('no-reply');
    else {
      fixed.expected = fixed.expected.plus(nr.expected.mul(s.noReplyRate));
      fixed.max = fixed.max.plus(nr.max);
    }
  }
  const r = extras.reply.get(step);
  let growth = ZERO;
  if (r) {
    if (r.expected === null || r.max === null) unknown.push(step);
    else {
      fixed.min = fixed.min.plus(r.expected);
      fixed.expected = fixed.expected.plus(r.expected);
      fixed.max = fixed.max.plus(r.max);
      growth = r.growth ?? ZERO;
    }
  }
  return makeTurn(input, { id: key, kind: 'reply', name: replyName(c), start: step }, v, fixed, growth, unknown);
}

/**
 * Where a user message at a wait goes (see the file comment), computed once per wait: the
 * conversation chain asks again at every position.
 */
function routesOf(input: TurnInputs, globals: FlowEntry[]): (waitKey: string) => Route[] {
  const { walker, steps, extras, s } = input;
  const launch = input.graph.launch;
  const weights = globals.map((e) => weightOf(s.entryWeights, e));
  const totalWeight = weights.reduce((a, b) => a.plus(b), ZERO);
  const entryRoutes = (share: Decimal): Route[] =>
    share.isZero()
      ? []
      : globals.map((e, i) => ({
          turn: `entry:${e.stepId}`,
          p: totalWeight.isZero() ? share.div(globals.length) : share.mul(weights[i]).div(totalWeight),
        }));
  const rate = new Decimal(s.globalEntryRate);
  const compute = (key: string): Route[] => {
    if (key === END) {
      if (!launch) return [];
      const share = globals.length ? rate : ZERO;
      return [{ turn: 'restart', p: ONE.minus(share) }, ...entryRoutes(share)].filter((r) => !r.p.isZero());
    }
    const { step, ctx } = walker.stateOf(key);
    const c = steps.get(step);
    const local = walker.branches(step, ctx).length > 0 || extras.reply.has(step);
    const jumps = c?.globalJumps === true && globals.length > 0;
    // A wait with nowhere to go locally hands every message to the global entries.
    const share = !jumps ? ZERO : local ? rate : ONE;
    const out = [...(local || !jumps ? [{ turn: key, p: ONE.minus(share) }] : []), ...entryRoutes(share)];
    return out.filter((r) => !r.p.isZero());
  };
  const memo = new Map<string, Route[]>();
  return (key) => {
    let r = memo.get(key);
    if (!r) memo.set(key, (r = compute(key)));
    return r;
  };
}

/**
 * Every turn a conversation can reach, following routes and where turns end; reply turns are
 * made as they are reached. Marks each turn reachable or not; returns the wait states reached.
 */
function reachTurns(input: TurnInputs, turns: Map<string, Turn>, routes: (waitKey: string) => Route[]): Set<string> {
  const reached = new Set<string>();
  const queue: string[] = input.graph.launch ? ['launch'] : [];
  const seenWaits = new Set<string>();
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    let t = turns.get(id);
    if (!t) {
      t = replyTurn(input, id);
      turns.set(id, t);
    }
    for (const w of t.ends.keys()) {
      if (seenWaits.has(w)) continue;
      seenWaits.add(w);
      for (const r of routes(w)) queue.push(r.turn);
    }
  }
  for (const t of turns.values()) t.reachable = reached.has(t.id);
  return seenWaits;
}

/** Waits nothing reaches (orphan canvases) are still priced, marked unreachable. */
function addOrphanWaits(input: TurnInputs, turns: Map<string, Turn>, seenWaits: Set<string>): void {
  const started = new Set([...turns.values()].map((t) => t.start));
  for (const w of seenWaits) started.add(input.walker.stateOf(w).step);
  for (const [id, c] of input.steps) {
    if (!c.waits || started.has(id) || !input.graph.succ.has(id)) continue;
    const t = replyTurn(input, stateKey(id, ''));
    t.reachable = false;
    turns.set(t.id, t);
  }
}

/** A reply turn is named after the agent holding the conversation, else the wait's block. */
function replyName(c: FlowStep): string {
  return c.kind === 'agent' ? c.name : c.container || c.name;
}

/** An entry's weight by step id or name (own keys only), default 1. */
function weightOf(weights: Readonly<Record<string, string>>, e: FlowEntry): Decimal {
  for (const k of [e.stepId, e.name]) if (Object.hasOwn(weights, k)) return new Decimal(weights[k]);
  return ONE;
}

export { stateKey };
