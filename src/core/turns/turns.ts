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
import { END, splitState, stateKey, Walker, WalkValue } from './walk';

export type TurnKind = 'launch' | 'reply' | 'entry' | 'restart';

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
  /** Reply calls of each wait step (agent round, capture-v3 extraction). */
  reply: Map<string, Amount>;
}

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

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

export function buildTurns(
  walker: Walker,
  graph: Graph,
  steps: Map<string, FlowStep>,
  entries: FlowEntry[],
  extras: TurnExtras,
  s: Settings,
): TurnModel {
  const turns = new Map<string, Turn>();
  const cap = new Decimal(Math.max(1, s.loopCap) - 1);
  const make = (
    id: string,
    kind: TurnKind,
    name: string,
    start: string,
    v: WalkValue,
    fixed: Spread<Decimal>,
    fixedGrowth: Decimal,
    unknown: string[],
  ): Turn => ({
    id,
    kind,
    name,
    start,
    credits: {
      min: v.min.plus(fixed.min),
      expected: v.expected.plus(fixed.expected),
      max: v.max.plus(fixed.max).plus(v.loopMax.mul(cap)),
    },
    growth: {
      min: v.growthMin.plus(fixedGrowth),
      expected: v.growthExpected.plus(fixedGrowth),
      max: v.growthMax.plus(fixedGrowth),
    },
    unbounded: v.loopMax.gt(0),
    unknown: [...new Set([...unknown, ...v.unknown])],
    ends: v.ends,
    reachable: true,
    visits: ZERO,
  });

  const launch = graph.launch;
  if (launch) {
    const v = walker.value(stateKey(launch, ''));
    const lc = new Decimal(s.launchCredits);
    const name = entries.find((e) => e.kind === 'launch')?.name ?? 'Launch';
    turns.set('launch', make('launch', 'launch', name, launch, v, { min: lc, expected: lc, max: lc }, ZERO, []));
    const um = extras.userMessage;
    const restart = { min: lc.plus(um), expected: lc.plus(um), max: lc.plus(um) };
    turns.set('restart', make('restart', 'restart', 'Start over (after the flow ends)', launch, v, restart, ZERO, []));
  }
  const globals = entries.filter((e) => e.global && graph.succ.has(e.stepId));
  for (const e of globals) {
    const { fixed, unknown } = userFixed(extras, true, true);
    const v = walker.branchValue(walker.branches(e.stepId, ''));
    turns.set(`entry:${e.stepId}`, make(`entry:${e.stepId}`, 'entry', e.name, e.stepId, v, fixed, ZERO, unknown));
  }

  const replyTurn = (key: string): Turn => {
    const { step, ctx } = splitState(key);
    const c = steps.get(step)!;
    const { fixed, unknown } = userFixed(extras, c.globalJumps, c.listensForIntents);
    const nm = extras.noMatch;
    if (c.noMatch && nm) {
      if (nm.expected === null || nm.max === null) unknown.push('no-match-fallback');
      else {
        fixed.expected = fixed.expected.plus(nm.expected.mul(s.noMatchRate));
        fixed.max = fixed.max.plus(nm.max);
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
    const v = walker.branchValue(walker.branches(step, ctx));
    return make(key, 'reply', replyName(c), step, v, fixed, growth, unknown);
  };

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
  const routes = (key: string): Route[] => {
    if (key === END) {
      if (!launch) return [];
      const share = globals.length ? rate : ZERO;
      return [{ turn: 'restart', p: ONE.minus(share) }, ...entryRoutes(share)].filter((r) => !r.p.isZero());
    }
    const { step, ctx } = splitState(key);
    const c = steps.get(step);
    const local = walker.branches(step, ctx).length > 0 || extras.reply.has(step);
    const jumps = c?.globalJumps === true && globals.length > 0;
    // A wait with nowhere to go locally hands every message to the global entries.
    const share = !jumps ? ZERO : local ? rate : ONE;
    const out = [...(local || !jumps ? [{ turn: key, p: ONE.minus(share) }] : []), ...entryRoutes(share)];
    return out.filter((r) => !r.p.isZero());
  };

  // Every turn a conversation can reach, following routes and where turns end.
  const reached = new Set<string>();
  const queue: string[] = [...(launch ? ['launch'] : [])];
  const seenWaits = new Set<string>();
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    let t = turns.get(id);
    if (!t) {
      t = replyTurn(id);
      turns.set(id, t);
    }
    for (const w of t.ends.keys()) {
      if (seenWaits.has(w)) continue;
      seenWaits.add(w);
      for (const r of routes(w)) queue.push(r.turn);
    }
  }
  for (const t of turns.values()) t.reachable = reached.has(t.id);
  // The synthetic restart turn is listed only when a flow can end.
  if (!turns.get('restart')?.reachable) turns.delete('restart');
  // Waits nothing reaches (orphan canvases) are still priced, marked unreachable.
  const started = new Set([...turns.values()].map((t) => t.start));
  for (const w of seenWaits) started.add(splitState(w).step);
  for (const [id, c] of steps) {
    if (!c.waits || started.has(id) || !graph.succ.has(id)) continue;
    const t = replyTurn(id);
    t.reachable = false;
    turns.set(id, t);
  }
  return { turns, routes };
}

/** A reply turn is named after the agent holding the conversation, else the wait's block. */
function replyName(c: FlowStep): string {
  return c.kind === 'agent' ? c.name : c.container || c.name;
}

/** An entry's weight by step id or name (own keys only), default 1. */
function weightOf(weights: Record<string, number>, e: FlowEntry): Decimal {
  for (const k of [e.stepId, e.name]) if (Object.hasOwn(weights, k)) return new Decimal(weights[k]);
  return ONE;
}

export { stateKey };
