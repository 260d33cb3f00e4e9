/**
 * The credit calculator of Voiceflow's docs, without a file (billing.md worked examples).
 * Chat: user messages × 1 + static messages/API calls × 0 + LLM credits.
 * Voice: minutes × 10 + TTS characters × rate + STT minutes × rate + LLM credits; each line can be
 * given directly in credits (the docs round the TTS line) to reproduce a published total.
 */
import { Decimal } from './pricing/money';
import type { UnitRate } from './pricing/rateCard';
import { Rates } from './pricing/rates';

export interface EstimateInput {
  channel: 'chat' | 'voice';
  userMessages?: number;
  staticMessages?: number;
  apiCalls?: number;
  llmCredits?: string;
  minutes?: string;
  /** TTS rate-card id or vendor name (e.g. "elevenlabs-flash", "elevenlabs"). */
  tts?: string;
  ttsChars?: number;
  /** STT rate-card id or vendor name (e.g. "deepgram-nova-3", "deepgram"). */
  stt?: string;
  sttMinutes?: string;
  /** Line items given directly in credits (override the computed line). */
  ttsCredits?: string;
  sttCredits?: string;
  callCredits?: string;
  creditPriceUsd?: string;
}

export interface EstimateLine {
  item: string;
  quantity: string;
  unit: string;
  /** Credits per unit, null when the line was given in credits. */
  rate: string | null;
  credits: Decimal;
  source?: string;
}

export interface Estimate {
  channel: 'chat' | 'voice';
  lines: EstimateLine[];
  total: { credits: Decimal; usd: Decimal };
  perMinute?: { credits: Decimal; usd: Decimal };
  creditPriceUsd: Decimal;
}

export class EstimateError extends Error {}

export function estimate(input: EstimateInput, rates: Rates = new Rates()): Estimate {
  const price = new Decimal(input.creditPriceUsd ?? '0.005');
  const lines = input.channel === 'chat' ? chatLines(input, rates) : voiceLines(input, rates);
  const total = lines.reduce((t, l) => t.plus(l.credits), new Decimal(0));
  const out: Estimate = {
    channel: input.channel,
    lines,
    total: { credits: total, usd: total.mul(price) },
    creditPriceUsd: price,
  };
  if (input.channel === 'voice') {
    const minutes = new Decimal(input.minutes ?? '0');
    if (minutes.isZero()) throw new EstimateError('--minutes must be greater than 0 for a voice estimate');
    out.perMinute = { credits: total.div(minutes), usd: total.mul(price).div(minutes) };
  }
  return out;
}

/** Chat: 1 credit per user message, static messages and API calls free, LLM usage as given. */
function chatLines(input: EstimateInput, rates: Rates): EstimateLine[] {
  const msg = rates.unit('user-message')!;
  const n = input.userMessages ?? 0;
  const llm = new Decimal(input.llmCredits ?? '0');
  const free = (item: string, quantity: number | undefined, unit: string): EstimateLine => ({
    item,
    quantity: String(quantity ?? 0),
    unit,
    rate: '0',
    credits: new Decimal(0),
  });
  return [
    {
      item: 'User messages',
      quantity: String(n),
      unit: 'message',
      rate: msg.credits,
      credits: new Decimal(msg.credits).mul(n),
      source: msg.source,
    },
    free('Static agent messages', input.staticMessages, 'message'),
    free('API calls', input.apiCalls, 'call'),
    { item: 'LLM usage', quantity: llm.toString(), unit: 'credit', rate: null, credits: llm },
  ];
}

/** Voice: call minutes, LLM usage, text-to-speech per character, speech-to-text per minute; telephony apart. */
function voiceLines(input: EstimateInput, rates: Rates): EstimateLine[] {
  const minutes = new Decimal(input.minutes ?? '0');
  const llm = new Decimal(input.llmCredits ?? '0');
  const call = rates.unit('call-minute')!;
  const ttsName = input.tts ?? 'elevenlabs-flash';
  const chars = input.ttsChars ?? 0;
  const sttName = input.stt ?? 'deepgram-nova-3';
  const sttMinutes = new Decimal(input.sttMinutes ?? minutes);
  const tts = (r: UnitRate): EstimateLine => ({
    item: `Text-to-speech (${r.id})`,
    quantity: String(chars),
    unit: 'character',
    rate: new Decimal(r.credits).div(1000).toString(),
    credits: new Decimal(r.credits).mul(chars).div(1000),
    source: r.source,
  });
  const stt = (r: UnitRate): EstimateLine => ({
    item: `Speech-to-text (${r.id})`,
    quantity: sttMinutes.toString(),
    unit: 'minute',
    rate: r.credits,
    credits: sttMinutes.mul(r.credits),
    source: r.source,
  });
  return [
    given('Call time', input.callCredits) ?? {
      item: 'Call time',
      quantity: minutes.toString(),
      unit: 'minute',
      rate: call.credits,
      credits: minutes.mul(call.credits),
      source: call.source,
    },
    { item: 'LLM usage', quantity: llm.toString(), unit: 'credit', rate: null, credits: llm },
    given(`Text-to-speech (${ttsName})`, input.ttsCredits) ?? tts(unitRate(rates, 'tts', ttsName)),
    given(`Speech-to-text (${sttName})`, input.sttCredits) ?? stt(unitRate(rates, 'stt', sttName)),
    {
      item: 'Telephony (Twilio, Vonage)',
      quantity: '-',
      unit: 'billed by the provider',
      rate: null,
      credits: new Decimal(0),
    },
  ];
}

function given(item: string, credits: string | undefined): EstimateLine | undefined {
  return credits === undefined
    ? undefined
    : { item, quantity: credits, unit: 'credit (given)', rate: null, credits: new Decimal(credits) };
}

/**
 * A TTS/STT rate by rate-card id or by vendor (`vendor[:model]`, never another vendor's rate). Errors
 * name what is missing: an unknown vendor, a vendor whose price is unknown, or a TTS rate per minute of
 * speech (the calculator counts characters); the line can then be given in credits.
 */
function unitRate(rates: Rates, kind: 'tts' | 'stt', name: string): UnitRate {
  const row = rates.unit(name) ?? rates.voiceSetting(kind, name);
  const K = kind.toUpperCase();
  const flag = `--${kind}-credits`;
  if (!row || row.kind !== kind) {
    const known = rates.card.units
      .filter((u) => u.kind === kind)
      .map((u) => u.id)
      .join(', ');
    throw new EstimateError(`unknown ${K} "${name}" (known: ${known})`);
  }
  if (row.credits === null)
    throw new EstimateError(`the ${K} price of ${row.id} is unknown (${row.source}); give the line with ${flag}`);
  if (kind === 'tts' && row.unit !== 'per 1000 characters')
    throw new EstimateError(
      `${row.id} is priced ${row.credits} credits ${row.unit}, not per character; give the line with ${flag}`,
    );
  return row;
}
