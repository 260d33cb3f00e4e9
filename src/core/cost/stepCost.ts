/**
 * What one execution of a step costs, split into what it costs when execution arrives at it and,
 * for wait steps, what it costs when the user replies (an agent's turn, a capture's extraction).
 */
import { Decimal } from '../pricing/money';
import type { FlowStep } from '../flow/types';
import type { LlmCall } from '../types';
import { priceCall, PricingContext, sumKnown } from './callPricing';
import type { VoiceRates } from './voice';

export interface Amount {
  /** Expected credits (expected output tokens), null when unknown. */
  expected: Decimal | null;
  /** Upper bound (maxTokens output), null when unknown. */
  max: Decimal | null;
  /** Credits added per extra turn by history growth. */
  growth: Decimal | null;
}

export interface StepCost {
  /** Calls made when execution reaches the step. */
  calls: LlmCall[];
  /** Calls made when the user replies to this (wait) step. */
  replyCalls: LlmCall[];
  /** Characters spoken on arrival (voice: static text + generated output). */
  spokenChars: number;
  arrival: Amount;
  reply: Amount;
}

export const ZERO = new Decimal(0);
export const NO_COST: Amount = { expected: ZERO, max: ZERO, growth: ZERO };
/** A step whose price is unknown (an unknown step type). */
export const UNKNOWN_COST: StepCost = {
  calls: [],
  replyCalls: [],
  spokenChars: 0,
  arrival: { expected: null, max: null, growth: null },
  reply: NO_COST,
};

export function amountOf(calls: LlmCall[], extra: Decimal = ZERO, extraMax: Decimal = extra): Amount {
  const e = sumKnown(calls.map((c) => c.credits));
  const m = sumKnown(calls.map((c) => c.creditsMax));
  const g = sumKnown(calls.map((c) => c.growthPerTurn));
  return { expected: e && e.plus(extra), max: m && m.plus(extraMax), growth: g };
}

const FREE_STEP: StepCost = { calls: [], replyCalls: [], spokenChars: 0, arrival: NO_COST, reply: NO_COST };

export function stepCost(step: FlowStep, ctx: PricingContext, voice?: VoiceRates): StepCost {
  if (!step.known) return UNKNOWN_COST;
  if (step.calls.length === 0 && step.replyCalls.length === 0 && !voice) return FREE_STEP;
  const whatIf = ctx.settings.stepModels[step.id];
  const price = (c: FlowStep['calls'][number]) => priceCall(whatIf ? { ...c, model: whatIf } : c, ctx);
  const calls = step.calls.map(price);
  const replyCalls = step.replyCalls.map(price);
  const s = ctx.settings;
  const said = voice
    ? step.spoken.reduce((n, t) => n + t.literal.length + t.variables.length * s.variableTokens * s.charsPerToken, 0)
    : 0;
  // In voice the generated output is spoken too: text-to-speech on its characters.
  const spoken = (list: LlmCall[], staticChars: number) => {
    if (!voice) return { chars: 0, tts: ZERO, ttsMax: ZERO };
    const out = step.speaksOutput ? list.reduce((n, k) => n + k.output, 0) * s.charsPerToken : 0;
    const outMax = step.speaksOutput ? list.reduce((n, k) => n + k.outputMax, 0) * s.charsPerToken : 0;
    return {
      chars: staticChars + out,
      tts: voice.perChar.mul(staticChars + out),
      ttsMax: voice.perChar.mul(staticChars + outMax),
    };
  };
  const onArrival = spoken(calls, said);
  const onReply = spoken(replyCalls, 0);
  return {
    calls,
    replyCalls,
    spokenChars: onArrival.chars,
    arrival: amountOf(calls, onArrival.tts, onArrival.ttsMax),
    reply: replyCalls.length ? amountOf(replyCalls, onReply.tts, onReply.ttsMax) : NO_COST,
  };
}
