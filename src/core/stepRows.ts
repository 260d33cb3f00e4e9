/**
 * The analysis's step rows: each step priced (its arrival and its reply), the evaluations run after
 * each conversation, and what every step costs per conversation once the turns are known.
 */
import { priceCall, PricingContext } from './cost/callPricing';
import { Amount, amountOf, StepCost, stepCost } from './cost/stepCost';
import type { VoiceRates } from './cost/voice';
import type { Flow, FlowStep } from './flow/types';
import { keepingEngineCaches, registerCache } from './memo';
import { Decimal } from './pricing/money';
import { add, ONE, times, ZERO } from './turns/decimals';
import type { Turn } from './turns/turns';
import type { StepReport } from './types';

/**
 * Evaluations run once per conversation over the transcript: a step row each (kind evaluation) and
 * one turn "after the conversation" that the conversation model visits once.
 */
export function evaluationSteps(flow: Flow, ctx: PricingContext): { steps: StepReport[]; turn?: Turn } {
  const calls = flow.perConversation.map((c) => priceCall(c, ctx));
  if (calls.length === 0) return { steps: [] };
  const steps: StepReport[] = calls.map((call, i) => ({
    id: `evaluation:${i}`,
    type: 'evaluation',
    kind: 'evaluation',
    name: call.label,
    container: 'Evaluations',
    diagramId: '',
    diagramName: 'Evaluations',
    class: 'credits',
    reason: 'evaluation: one LLM call over each finished conversation',
    model: call.model,
    calls: [call],
    replyCalls: [],
    credits: call.credits,
    creditsMax: call.creditsMax,
    growthPerTurn: ZERO,
    spokenChars: 0,
    path: call.modelPath?.slice(0, 2),
    turns: ['evaluations'],
    reachable: true,
    visits: ONE,
    replies: ZERO,
    creditsPerConversation: call.credits,
  }));
  const a = amountOf(calls);
  const unknown = a.expected === null || a.max === null;
  const turn: Turn = {
    id: 'evaluations',
    kind: 'evaluation',
    name: 'Evaluations (after each conversation)',
    start: steps[0].id,
    credits: { min: a.expected ?? ZERO, expected: a.expected ?? ZERO, max: a.max ?? ZERO },
    growth: { min: ZERO, expected: ZERO, max: ZERO },
    unbounded: false,
    unknown: unknown ? steps.map((s) => s.id) : [],
    ends: new Map(),
    reachable: true,
    visits: ZERO,
  };
  return { steps, turn };
}

/**
 * Steps priced in the last pricing context, by step object: a language server reads the next
 * version of a document from the last one (formats/voiceflow/reuse.ts), and every step the edit
 * did not touch is the same object, priced alike in the same context. The context is everything
 * else a price depends on (settings, rates, the variables' texts, priority, voice rates): a new
 * one starts an empty table.
 */
let pricedIn: { context: string; costs: WeakMap<FlowStep, StepCost> } | undefined;
registerCache(
  () => pricedIn,
  (p) => (pricedIn = p),
  () => undefined,
);

/** The step costs table for this context (empty when it differs from the last one). */
function pricedTable(ctx: PricingContext, voice: VoiceRates | undefined): WeakMap<FlowStep, StepCost> {
  const context = JSON.stringify([
    ctx.settings,
    ctx.rates.fingerprint,
    ctx.variables ? [...ctx.variables] : null,
    ctx.priority === true,
    voice ?? null,
  ]);
  if (pricedIn?.context !== context) pricedIn = { context, costs: new WeakMap() };
  return pricedIn.costs;
}

/** Prices every step: its report row, and what it costs on arrival and on the user's reply. */
export function priceSteps(
  flow: Flow,
  ctx: PricingContext,
  voice: VoiceRates | undefined,
): { steps: StepReport[]; arrival: Map<string, Amount>; reply: Map<string, Amount> } {
  const arrival = new Map<string, Amount>();
  const reply = new Map<string, Amount>();
  const steps: StepReport[] = [];
  const table = keepingEngineCaches() ? pricedTable(ctx, voice) : undefined;
  for (const s of flow.steps.values()) {
    let cost = table?.get(s);
    if (!cost) {
      cost = stepCost(s, ctx, voice);
      table?.set(s, cost);
    }
    arrival.set(s.id, cost.arrival);
    if (cost.replyCalls.length) reply.set(s.id, cost.reply);
    // One run: the arrival, or the reply for a step that only bills the user's reply.
    const run = cost.calls.length || !cost.replyCalls.length ? cost.arrival : cost.reply;
    // In voice every spoken character costs text-to-speech: a static message is not free.
    const spokenCost = voice !== undefined && cost.spokenChars > 0 && s.class === 'free';
    const first = cost.calls[0] ?? cost.replyCalls[0];
    steps.push({
      id: s.id,
      type: s.type,
      kind: s.kind,
      name: s.name,
      container: s.container,
      blockId: s.blockId,
      diagramId: s.diagramId,
      diagramName: flow.diagrams.get(s.diagramId)?.name ?? s.diagramId,
      class: spokenCost ? 'credits' : s.class,
      reason: spokenCost ? `${s.reason}, spoken: text-to-speech and call time` : s.reason,
      model: first?.model ?? null,
      calls: cost.calls,
      replyCalls: cost.replyCalls,
      credits: run.expected,
      creditsMax: run.max,
      growthPerTurn: run.growth,
      spokenChars: cost.spokenChars,
      range: s.range,
      path: s.path,
      turns: [],
      reachable: false,
      visits: ZERO,
      replies: ZERO,
      creditsPerConversation: ZERO,
    });
  }
  return { steps, arrival, reply };
}

/**
 * For each step: the turns that run it, whether any conversation reaches it, its expected arrivals
 * and replies per conversation, and what those cost per conversation (growth left out).
 */
export function countRuns(
  steps: StepReport[],
  turns: Turn[],
  runsOf: (t: Turn) => Map<string, Decimal>,
  arrival: Map<string, Amount>,
  reply: Map<string, Amount>,
): void {
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const t of turns) {
    const runs = runsOf(t);
    for (const [id, n] of runs) {
      const s = byId.get(id);
      if (!s) continue;
      if (!s.turns.includes(t.id)) s.turns.push(t.id);
      if (!t.reachable) continue;
      s.reachable = true;
      s.visits = add(s.visits, times(t.visits, n));
    }
    const start = byId.get(t.start);
    if (t.kind !== 'reply') {
      if (start && !start.turns.includes(t.id)) start.turns.push(t.id);
      if (start && t.reachable) start.reachable = true;
    }
    if (t.kind === 'reply' && start && t.reachable) start.replies = start.replies.plus(t.visits);
  }
  // a × visits + r × replies, with no Decimal made for the steps no conversation runs.
  const perConversation = (x: Decimal, n: Decimal) => (n.isZero() ? ZERO : times(x, n));
  for (const s of steps) {
    const a = arrival.get(s.id)?.expected ?? null;
    const r = reply.get(s.id)?.expected ?? ZERO;
    s.creditsPerConversation =
      a === null || r === null ? null : add(perConversation(a, s.visits), perConversation(r, s.replies));
  }
}
