/**
 * What one execution of a step costs, split into what it costs when execution arrives at it and,
 * for wait steps, what it costs when the user replies (an agent's turn, a capture's extraction).
 */
import { Decimal } from '../pricing/money';
import type { Classification } from '../classify/classify';
import type { Json, ParsedExport } from '../parse/exportFile';
import type { Resources } from '../parse/resources';
import { fromSlate, fromTemplate, TextParts } from '../parse/text';
import type { LlmCall } from '../types';
import { priceCall, PricingContext, sumKnown } from './callPricing';
import { stepCalls } from './stepCalls';
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

/** Steps whose LLM output is spoken/shown to the user (TTS in voice). */
const SPEAKS_OUTPUT = new Set(['generative', 'agent', 'message', 'response']);

export function amountOf(calls: LlmCall[], extra: Decimal = ZERO, extraMax: Decimal = extra): Amount {
  const e = sumKnown(calls.map((c) => c.credits));
  const m = sumKnown(calls.map((c) => c.creditsMax));
  const g = sumKnown(calls.map((c) => c.growthPerTurn));
  return { expected: e && e.plus(extra), max: m && m.plus(extraMax), growth: g };
}

const FREE_STEP: StepCost = { calls: [], replyCalls: [], spokenChars: 0, arrival: NO_COST, reply: NO_COST };

export function stepCost(
  node: { id: string; type: string; data: Json },
  c: Classification,
  p: ParsedExport,
  res: Resources,
  ctx: PricingContext,
  voice?: VoiceRates,
): StepCost {
  if (!c.llm && !voice) return FREE_STEP; // most steps of a chat agent: nothing to price
  const whatIf = ctx.settings.stepModels[node.id];
  const all = c.llm
    ? stepCalls(node as never, p, res).map((spec) => priceCall(whatIf ? { ...spec, model: whatIf } : spec, ctx))
    : [];
  // An agent speaks on arrival and on every reply; a capture extracts only from the reply.
  const replyOnly = node.type === 'capture-v3' || node.type === 'ai_capture';
  const calls = replyOnly ? [] : all;
  const replyCalls = c.waits && c.llm ? all : [];
  let spokenChars = 0;
  let tts = ZERO;
  let ttsMax = ZERO;
  if (voice) {
    if (c.spoken) spokenChars = staticChars(node, res, ctx);
    const out = SPEAKS_OUTPUT.has(node.type) ? calls.reduce((n, k) => n + k.output, 0) * ctx.settings.charsPerToken : 0;
    const outMax = SPEAKS_OUTPUT.has(node.type)
      ? calls.reduce((n, k) => n + k.outputMax, 0) * ctx.settings.charsPerToken
      : 0;
    spokenChars += out;
    tts = voice.perChar.mul(spokenChars);
    ttsMax = voice.perChar.mul(spokenChars - out + outMax);
  }
  return {
    calls,
    replyCalls,
    spokenChars,
    arrival: amountOf(calls, tts, ttsMax),
    reply: replyCalls.length ? amountOf(replyCalls) : NO_COST,
  };
}

/** Characters of static text a step says (first variant; variables at their token budget × chars/token). */
function staticChars(node: { type: string; data: Json }, res: Resources, ctx: PricingContext): number {
  const d = node.data;
  const parts: TextParts[] = [];
  switch (node.type) {
    case 'text':
      if (Array.isArray(d.texts) && d.texts[0]) parts.push(fromSlate(d.texts[0].content));
      break;
    case 'speak':
      if (Array.isArray(d.dialogs) && d.dialogs[0])
        parts.push(fromTemplate(String(d.dialogs[0].content ?? '').replace(/<[^>]*>/g, '')));
      break;
    case 'message':
    case 'response': {
      const m = res.message(d.messageID ?? d.responseID);
      if (m && !m.generated) parts.push(m.text);
      break;
    }
    case 'cardV2':
    case 'card':
      parts.push(fromTemplate(d.title), fromSlate(d.description));
      break;
    case 'carousel':
      for (const card of Array.isArray(d.cards) ? d.cards : [])
        parts.push(fromTemplate(card?.title), fromSlate(card?.description));
      break;
  }
  const s = ctx.settings;
  return parts.reduce((n, t) => n + t.literal.length + t.variables.length * s.variableTokens * s.charsPerToken, 0);
}
