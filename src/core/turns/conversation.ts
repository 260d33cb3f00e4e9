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

/**
 * Runs the chain for `turnsPerConversation` user turns. Sets each turn's `visits` and its per-visit
 * figures (see Turn.credits); returns the conversation's figures.
 */
export function conversationCost(model: TurnModel, s: Settings, memoryTurns: number): ConversationCost {
  const zero = new Decimal(0);
  const one = new Decimal(1);
  const price = new Decimal(s.creditPriceUsd);
  const tally = new Map<string, Tally>();
  const launch = model.turns.get('launch');
  const visited: Turn[] = [];
  const visit = (t: Turn, q: Decimal, min: Decimal, expected: Decimal, max: Decimal) => {
    const x = tally.get(t.id);
    if (!x) visited.push(t);
    tally.set(t.id, {
      visits: (x?.visits ?? zero).plus(q),
      credits: (x?.credits ?? zero).plus(expected.mul(q)),
      min: x?.min ? Decimal.min(x.min, min) : min,
      max: x?.max ? Decimal.max(x.max, max) : max,
    });
  };
  let credits: Spread<Decimal> = { min: zero, expected: zero, max: zero };
  let dist = new Map<string, Decimal>([['', one]]);
  if (launch) {
    visit(launch, one, launch.credits.min, launch.credits.expected, launch.credits.max);
    credits = { ...launch.credits };
    dist = new Map(launch.ends);
  }
  for (let n = 1; n <= s.turnsPerConversation; n++) {
    const factor = Math.min(n + 1, Math.max(1, memoryTurns)) - 1;
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
        visit(t, q, tMin, tExp, tMax);
        min = min === null ? tMin : Decimal.min(min, tMin);
        max = max === null ? tMax : Decimal.max(max, tMax);
        for (const [e, pe] of t.ends) next.set(e, (next.get(e) ?? zero).plus(q.mul(pe)));
      }
    }
    credits = { min: credits.min.plus(min ?? zero), expected: credits.expected, max: credits.max.plus(max ?? zero) };
    dist = next;
  }
  // Per-visit figures; the expected conversation is Σ visits × expected per visit.
  let expected = zero;
  for (const t of visited) {
    const x = tally.get(t.id)!;
    t.visits = x.visits;
    t.credits = { min: x.min ?? t.credits.min, expected: x.credits.div(x.visits), max: x.max ?? t.credits.max };
    expected = expected.plus(t.visits.mul(t.credits.expected));
  }
  credits = { ...credits, expected };
  return {
    turns: s.turnsPerConversation,
    credits,
    usd: usdOf(credits, price),
    unbounded: visited.some((t) => t.unbounded),
    complete: visited.every((t) => t.unknown.length === 0),
    memoryTurns,
  };
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
    budget = { credits: plan.credits, source: `${plan.name} plan allotment (the plan that fits)` };
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
