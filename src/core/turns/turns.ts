/**
 * Segments the conversation into turns and prices each one.
 * - launch: from the start node to the first wait (launch credits, 0 by default);
 * - reply: starts when the user answers a wait step; user message + intent classification
 *   (typed text only) + no-match fallback (share `noMatchRate`) + the wait's own reply calls
 *   (agent turn, capture extraction) + the steps run until the next wait;
 * - entry: a global intent/trigger handler a user message can jump to.
 */
import { Decimal } from '../pricing/money';
import type { FlowStep } from '../flow/types';
import type { Amount } from '../cost/stepCost';
import type { Graph } from '../graph/graph';
import type { Settings } from '../settings';
import type { Spread } from '../types';
import { END, splitState, stateKey, Walker, WalkValue } from './walk';

export type TurnKind = 'launch' | 'reply' | 'entry';

export interface Turn {
  /** Stable id: the state key of the wait step (step id, plus the call stack inside components). */
  id: string;
  kind: TurnKind;
  /** The step where the turn starts (the wait step the user answers, the start node, the entry). */
  start: string;
  /** Credits at turn 1; max is capped at `loopCap` passes when a loop is unbounded. */
  credits: Spread<Decimal>;
  /** Credits added per extra turn by history growth (memory, agents). */
  growth: Spread<Decimal>;
  /** A loop with LLM cost can run before the next wait: the real max has no bound. */
  unbounded: boolean;
  /** Steps with an unknown price on some path: the figures are lower bounds. */
  unknown: string[];
  /** Where the turn ends: next turn id → probability (END: the conversation ends). */
  ends: Map<string, Decimal>;
  /** False for a wait no path from the launch or an entry reaches. */
  reachable: boolean;
}

export interface TurnExtras {
  /** Per user message (chat: 1 credit; voice: the seconds the user speaks). */
  userMessage: Decimal;
  intentClassification?: Amount;
  noMatch?: Amount;
  /** Reply calls of each wait step (agent, capture-v3 extraction). */
  reply: Map<string, Amount>;
}

const ZERO = new Decimal(0);

export function buildTurns(
  walker: Walker,
  graph: Graph,
  steps: Map<string, FlowStep>,
  extras: TurnExtras,
  s: Settings,
): Turn[] {
  const turns = new Map<string, Turn>();
  const make = (
    id: string,
    kind: TurnKind,
    start: string,
    v: WalkValue,
    fixed: Spread<Decimal>,
    fixedGrowth: Decimal,
    unknown: string[],
  ): Turn => {
    const cap = new Decimal(Math.max(1, s.loopCap) - 1);
    return {
      id,
      kind,
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
    };
  };

  const userFixed = (clickable: boolean): { fixed: Spread<Decimal>; unknown: string[] } => {
    const um = extras.userMessage;
    const fixed = { min: um, expected: um, max: um };
    const unknown: string[] = [];
    const ic = extras.intentClassification;
    if (ic) {
      if (ic.expected === null || ic.max === null) unknown.push('intent-classification');
      else {
        fixed.max = fixed.max.plus(ic.max);
        if (!clickable) {
          fixed.min = fixed.min.plus(ic.expected);
          fixed.expected = fixed.expected.plus(ic.expected);
        }
      }
    }
    return { fixed, unknown };
  };

  if (graph.launch) {
    const v = walker.value(stateKey(graph.launch, ''));
    const lc = new Decimal(s.launchCredits);
    turns.set('launch', make('launch', 'launch', graph.launch, v, { min: lc, expected: lc, max: lc }, ZERO, []));
  }
  for (const g of graph.globals) {
    const { fixed, unknown } = userFixed(false);
    turns.set(
      `entry:${g}`,
      make(`entry:${g}`, 'entry', g, walker.branchValue(walker.branches(g, '')), fixed, ZERO, unknown),
    );
  }

  const replyTurn = (key: string): Turn => {
    const { step, ctx } = splitState(key);
    const c = steps.get(step)!;
    const { fixed, unknown } = userFixed(c.clickable);
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
    return make(key, 'reply', step, walker.branchValue(walker.branches(step, ctx)), fixed, growth, unknown);
  };

  // Every wait reachable from the launch and the entries, following where turns end.
  const queue = [...turns.values()].flatMap((t) => [...t.ends.keys()]);
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (key === END || turns.has(key)) continue;
    const t = replyTurn(key);
    turns.set(key, t);
    for (const e of t.ends.keys()) queue.push(e);
  }
  // Waits nothing reaches (orphan canvases) are still priced, marked unreachable.
  const started = new Set([...turns.values()].map((t) => t.start));
  for (const [id, c] of steps) {
    if (!c.waits || started.has(id) || !graph.succ.has(id)) continue;
    const t = replyTurn(id);
    t.reachable = false;
    turns.set(id, t);
  }
  return [...turns.values()];
}
