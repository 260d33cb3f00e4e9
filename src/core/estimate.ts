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
  const lines: EstimateLine[] = [];
  const llm = new Decimal(input.llmCredits ?? '0');
  if (input.channel === 'chat') {
    const msg = rates.unit('user-message')!;
    const n = input.userMessages ?? 0;
    lines.push({
      item: 'User messages',
      quantity: String(n),
      unit: 'message',
      rate: msg.credits,
      credits: new Decimal(msg.credits).mul(n),
      source: msg.source,
    });
    lines.push({
      item: 'Static agent messages',
      quantity: String(input.staticMessages ?? 0),
      unit: 'message',
      rate: '0',
      credits: new Decimal(0),
    });
    lines.push({
      item: 'API calls',
      quantity: String(input.apiCalls ?? 0),
      unit: 'call',
      rate: '0',
      credits: new Decimal(0),
    });
    lines.push({ item: 'LLM usage', quantity: llm.toString(), unit: 'credit', rate: null, credits: llm });
  } else {
    const minutes = new Decimal(input.minutes ?? '0');
    const call = rates.unit('call-minute')!;
    lines.push(
      given('Call time', input.callCredits) ?? {
        item: 'Call time',
        quantity: minutes.toString(),
        unit: 'minute',
        rate: call.credits,
        credits: minutes.mul(call.credits),
        source: call.source,
      },
    );
    lines.push({ item: 'LLM usage', quantity: llm.toString(), unit: 'credit', rate: null, credits: llm });
    const ttsName = input.tts ?? 'elevenlabs-flash';
    const chars = input.ttsChars ?? 0;
    lines.push(
      given(`Text-to-speech (${ttsName})`, input.ttsCredits) ??
        ((tts) => ({
          item: `Text-to-speech (${tts.id})`,
          quantity: String(chars),
          unit: 'character',
          rate: new Decimal(tts.credits).div(1000).toString(),
          credits: new Decimal(tts.credits).mul(chars).div(1000),
          source: tts.source,
        }))(unitRate(rates, 'tts', ttsName)),
    );
    const sttName = input.stt ?? 'deepgram-nova-3';
    const sttMinutes = new Decimal(input.sttMinutes ?? minutes);
    lines.push(
      given(`Speech-to-text (${sttName})`, input.sttCredits) ??
        ((stt) => ({
          item: `Speech-to-text (${stt.id})`,
          quantity: sttMinutes.toString(),
          unit: 'minute',
          rate: stt.credits,
          credits: sttMinutes.mul(stt.credits),
          source: stt.source,
        }))(unitRate(rates, 'stt', sttName)),
    );
    lines.push({
      item: 'Telephony (Twilio, Vonage)',
      quantity: '-',
      unit: 'billed by the provider',
      rate: null,
      credits: new Decimal(0),
    });
  }
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
