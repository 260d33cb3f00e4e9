/**
 * Conversation and month projections.
 *
 * A conversation is the launch turn plus N user turns, a Markov chain over the waits: at each wait
 * the user's message takes one of its routes (continue locally, or jump to a global entry, see
 * turns.ts), that turn runs until the next wait, and so on; after the flow ends the next message
 * starts it again. A turn at position n pays history growth × (min(n + 1, memory window) − 1).
 * Expected = mean over the chain; min/max = the cheapest/dearest turn possible at each position.
 * Each turn gets its expected visits, and its expected credits per visit, so that
 * Σ visits × expected = the conversation's expected credits.
 */
import { Decimal } from '../pricing/money';
import type { PlanRow } from '../pricing/rateCard';
import type { Settings } from '../settings';
import type { Spread } from '../types';
import { ONE, ZERO } from './decimals';
import type { Turn, TurnModel } from './turns';

export interface ConversationCost {
  turns: number;
  credits: Spread<Decimal>;
  usd: Spread<Decimal>;
  /** A reachable turn has an unbounded loop: max is capped at `loopCap` passes. */
  unbounded: boolean;
  /** Not every price is known: the figures are lower bounds. */
  complete: boolean;
  /** Turns of memory the calls send (the file's memory window, else the setting). */
  memoryTurns: number;
  /** A per-conversation spend cap the platform enforces (it bounds the max). */
  cap?: { usd: Decimal; credits: Decimal; source: string };
}

export interface MonthCost {
  conversations: number;
  credits: Spread<Decimal>;
  usd: Spread<Decimal>;
  /** The first plan whose allotment covers the expected monthly credits (null: none does). */
  plan: PlanRow | null;
  budget: { credits: number; source: string } | null;
  /** Day of the month each alert threshold is reached at the expected rate (null: not reached). */
  alerts: { percent: number; day: number | null }[];
}

export const ALERT_THRESHOLDS = [50, 75, 90, 100];

interface Tally {
  visits: Decimal;
  credits: Decimal;
  min: Decimal | null;
  max: Decimal | null;
}

/** Each turn's visits and credits summed over the chain, with the turns in the order first visited. */
class Visits {
  private readonly tally = new Map<string, Tally>();
  private readonly visited: Turn[] = [];

  /** Adds `q` visits of `t` at these per-visit figures. */
  add(t: Turn, q: Decimal, min: Decimal, expected: Decimal, max: Decimal): void {
    const x = this.tally.get(t.id);
    if (!x) this.visited.push(t);
    this.tally.set(t.id, {
      visits: (x?.visits ?? ZERO).plus(q),
      credits: (x?.credits ?? ZERO).plus(expected.mul(q)),
      min: x?.min ? Decimal.min(x.min, min) : min,
      max: x?.max ? Decimal.max(x.max, max) : max,
    });
  }

  /** Sets each visited turn's visits and per-visit figures; returns Σ visits × expected per visit. */
  settle(): Decimal {
    let expected = ZERO;
    for (const t of this.visited) {
      const x = this.tally.get(t.id)!;
      t.visits = x.visits;
      t.credits = { min: x.min ?? t.credits.min, expected: x.credits.div(x.visits), max: x.max ?? t.credits.max };
      expected = expected.plus(t.visits.mul(t.credits.expected));
    }
    return expected;
  }

  /** The turns visited at least once. */
  turns(): readonly Turn[] {
    return this.visited;
  }
}

/**
 * Runs the chain for `turnsPerConversation` user turns. Sets each turn's `visits` and its per-visit
 * figures (see Turn.credits); returns the conversation's figures.
 */
export function conversationCost(model: TurnModel, s: Settings, memoryTurns: number): ConversationCost {
  const visits = new Visits();
  let credits: Spread<Decimal> = { min: ZERO, expected: ZERO, max: ZERO };
  let dist = new Map<string, Decimal>([['', ONE]]);
  const launch = model.turns.get('launch');
  if (launch) {
    visits.add(launch, ONE, launch.credits.min, launch.credits.expected, launch.credits.max);
    credits = { ...launch.credits };
    dist = new Map(launch.ends);
  }
  // Work done once per conversation, after it (evaluations over the transcript).
  const after = model.turns.get('evaluations');
  if (after) {
    visits.add(after, ONE, after.credits.min, after.credits.expected, after.credits.max);
    credits = {
      min: credits.min.plus(after.credits.min),
      expected: credits.expected,
      max: credits.max.plus(after.credits.max),
    };
  }
  for (let n = 1; n <= s.turnsPerConversation; n++) {
    const factor = Math.min(n + 1, Math.max(1, memoryTurns)) - 1;
    const step = userTurn(model, dist, factor, visits);
    credits = {
      min: credits.min.plus(step.min ?? ZERO),
      expected: credits.expected,
      max: credits.max.plus(step.max ?? ZERO),
    };
    dist = step.next;
  }
  // Per-visit figures; the expected conversation is Σ visits × expected per visit.
  credits = { ...credits, expected: visits.settle() };
  const visited = visits.turns();
  return {
    turns: s.turnsPerConversation,
    credits,
    usd: usdOf(credits, new Decimal(s.creditPriceUsd)),
    unbounded: visited.some((t) => t.unbounded),
    complete: visited.every((t) => t.unknown.length === 0),
    memoryTurns,
  };
}

/**
 * One user turn of the chain from the distribution `dist` over where the flow waits, with history
 * growth × `factor`: records the visits; returns the next distribution and the cheapest and
 * dearest turn that can run (null: none).
 */
function userTurn(
  model: TurnModel,
  dist: Map<string, Decimal>,
  factor: number,
  visits: Visits,
): { next: Map<string, Decimal>; min: Decimal | null; max: Decimal | null } {
  let min: Decimal | null = null;
  let max: Decimal | null = null;
  const next = new Map<string, Decimal>();
  for (const [key, p] of dist) {
    for (const r of model.routes(key)) {
      const t = model.turns.get(r.turn);
      const q = p.mul(r.p);
      if (!t || q.isZero()) continue;
      const tMin = t.credits.min.plus(t.growth.min.mul(factor));
      const tExp = t.credits.expected.plus(t.growth.expected.mul(factor));
      const tMax = t.credits.max.plus(t.growth.max.mul(factor));
      visits.add(t, q, tMin, tExp, tMax);
      min = min === null ? tMin : Decimal.min(min, tMin);
      max = max === null ? tMax : Decimal.max(max, tMax);
      for (const [e, pe] of t.ends) next.set(e, (next.get(e) ?? ZERO).plus(q.mul(pe)));
    }
  }
  return { next, min, max };
}

export function monthCost(conv: ConversationCost, plans: PlanRow[], s: Settings): MonthCost {
  const n = new Decimal(s.conversationsPerMonth);
  const credits = {
    min: conv.credits.min.mul(n),
    expected: conv.credits.expected.mul(n),
    max: conv.credits.max.mul(n),
  };
  const sorted = plans.filter((p) => p.credits !== null).sort((a, b) => a.credits! - b.credits!);
  const plan = sorted.find((p) => credits.expected.lte(p.credits!)) ?? null;
  let budget: MonthCost['budget'] = null;
  if (s.monthlyBudget !== undefined) budget = { credits: s.monthlyBudget, source: 'monthlyBudget setting' };
  else if (s.plan) {
    const named = plans.find((p) => p.id === s.plan || p.name.toLowerCase() === s.plan!.toLowerCase());
    if (named?.credits) budget = { credits: named.credits, source: `${named.name} plan allotment` };
  } else if (plan?.credits)
    budget = { credits: plan.credits, source: `${plan.name} plan allotment, the plan that fits` };
  const perDay = credits.expected.div(s.daysPerMonth);
  const alerts = ALERT_THRESHOLDS.map((percent) => {
    if (!budget || perDay.isZero()) return { percent, day: null };
    const day = new Decimal(budget.credits).mul(percent).div(100).div(perDay).ceil().toNumber();
    return { percent, day: day <= s.daysPerMonth ? Math.max(day, 1) : null };
  });
  return {
    conversations: s.conversationsPerMonth,
    credits,
    usd: usdOf(credits, new Decimal(s.creditPriceUsd)),
    plan,
    budget,
    alerts,
  };
}

function usdOf(c: Spread<Decimal>, price: Decimal): Spread<Decimal> {
  return { min: c.min.mul(price), expected: c.expected.mul(price), max: c.max.mul(price) };
}
