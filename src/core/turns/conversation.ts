/**
 * Conversation and month projections.
 *
 * A conversation is the launch turn plus N user turns. Turns follow each other as a Markov chain:
 * each turn ends at a wait (with the probabilities of its branches), and the user's answer there
 * starts the next turn. When the flow ends, the next user message starts it again (user message +
 * launch turn). Turn n pays history growth × (min(n, memoryMaxTurns) − 1).
 * Expected = mean over the chain; min/max = the cheapest/dearest turn possible at each step.
 */
import { Decimal } from '../pricing/money';
import type { PlanRow } from '../pricing/rateCard';
import type { Settings } from '../settings';
import type { Spread } from '../types';
import type { Turn } from './turns';
import { END } from './walk';

export interface ConversationCost {
  turns: number;
  credits: Spread<Decimal>;
  usd: Spread<Decimal>;
  /** A reachable turn has an unbounded loop: max is capped at `loopCap` passes. */
  unbounded: boolean;
  /** Not every price is known: the figures are lower bounds. */
  complete: boolean;
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

/** `userMessage`: credits of the message that restarts an ended flow (chat 1; voice: speech time). */
export function conversationCost(turns: Turn[], s: Settings, userMessage: Decimal): ConversationCost {
  const byId = new Map(turns.map((t) => [t.id, t]));
  const launch = byId.get('launch');
  const um = userMessage;
  const price = new Decimal(s.creditPriceUsd);
  const zero = new Decimal(0);
  let credits: Spread<Decimal> = launch ? { ...launch.credits } : { min: zero, expected: zero, max: zero };
  let unbounded = launch?.unbounded ?? false;
  let complete = (launch?.unknown.length ?? 0) === 0;
  const one = new Decimal(1);
  let dist = new Map<string, Decimal>(launch ? launch.ends : [[END, one]]);
  for (let n = 1; n <= s.turnsPerConversation; n++) {
    const factor = Math.min(n + 1, Math.max(1, s.memoryMaxTurns)) - 1;
    let min: Decimal | null = null;
    let max: Decimal | null = null;
    let expected = zero;
    const next = new Map<string, Decimal>();
    for (const [key, p] of dist) {
      const t = key === END ? launch : byId.get(key);
      // After the flow ends, the next message starts it again: a user message + the launch turn.
      const restart = key === END;
      const base = t ? t.credits : { min: zero, expected: zero, max: zero };
      const growth = t ? t.growth : base;
      const extra = restart ? um : zero;
      const tMin = base.min.plus(extra).plus(growth.min.mul(factor));
      const tMax = base.max.plus(extra).plus(growth.max.mul(factor));
      min = min === null ? tMin : Decimal.min(min, tMin);
      max = max === null ? tMax : Decimal.max(max, tMax);
      expected = expected.plus(base.expected.plus(extra).plus(growth.expected.mul(factor)).mul(p));
      if (t) {
        unbounded ||= t.unbounded;
        complete &&= t.unknown.length === 0;
      }
      for (const [e, q] of t ? t.ends : new Map([[END, one]])) next.set(e, (next.get(e) ?? zero).plus(p.mul(q)));
    }
    credits = {
      min: credits.min.plus(min ?? zero),
      expected: credits.expected.plus(expected),
      max: credits.max.plus(max ?? zero),
    };
    dist = next;
  }
  return { turns: s.turnsPerConversation, credits, usd: usdOf(credits, price), unbounded, complete };
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
