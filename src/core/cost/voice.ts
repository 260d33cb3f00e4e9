/**
 * Voice billing context: which TTS/STT rates apply and what a spoken character or a second of
 * user speech costs in credits (call time + STT + TTS), per billing.md "Voice agents".
 *
 * A vendor is matched by name and never priced as another vendor: a TTS or STT the rate card does
 * not price is unknown, left out of the figures, which become lower bounds (≥) with a diagnostic.
 * When the export names no TTS/STT at all, the defaults (`defaultTts`, `defaultStt`) are assumed,
 * and said so.
 */
import { Decimal } from '../pricing/money';
import type { FlowProject, VoiceService } from '../flow/types';
import { isPriced, Rates, ttsCreditsPerChar } from '../pricing/rates';
import type { UnitRate } from '../pricing/rateCard';
import type { Settings } from '../settings';
import type { Diagnostic } from '../types';

export interface VoiceRates {
  /** The rates used; undefined when the service's price is unknown. */
  tts?: UnitRate;
  stt?: UnitRate;
  call: UnitRate;
  /** How each service is shown: the rate id, or "unknown (<vendor:model>)". */
  ttsLabel: string;
  sttLabel: string;
  /** Credits per character the agent speaks: TTS + its share of call and STT minutes (known parts). */
  perChar: Decimal;
  /** Credits per user turn for the seconds the user speaks (call + STT minutes, known parts). */
  perUserTurn: Decimal;
  /** Services whose price is unknown: every figure is a lower bound. */
  unknown: string[];
}

type Kind = 'tts' | 'stt';
const NAMES: Record<Kind, string> = { tts: 'Text-to-speech', stt: 'Speech-to-text' };

/** The rate of one service: the export's vendor (and model), else the default when none is named. */
function serviceRate(
  kind: Kind,
  service: VoiceService | undefined,
  rates: Rates,
  fallbackId: string,
  diagnostics: Diagnostic[],
): { rate?: UnitRate; label: string } {
  if (!service) {
    const rate = rates.unit(fallbackId);
    diagnostics.push({
      rule: 'voice-rate-assumed',
      severity: 'information',
      message:
        `${NAMES[kind]} is not set in the export; priced as ` +
        `${fallbackId}${rate ? ` (${rate.credits} credits ${rate.unit})` : ''}`,
    });
    return rate ? { rate, label: rate.id } : { label: `unknown (${fallbackId})` };
  }
  const row = service.vendor
    ? rates.voice(kind, service.vendor, service.model)
    : rates.voiceSetting(kind, service.label);
  if (row && isPriced(row)) return { rate: row, label: row.id };
  diagnostics.push({
    rule: 'unknown-voice-price',
    severity: 'warning',
    message: row
      ? `${NAMES[kind]} "${service.label}" is in the rate card without a price (${row.note ?? 'no public rate'}): ` +
        `its credits are unknown, so the figures are lower bounds. Add a negotiated rate to use one.`
      : `${NAMES[kind]} "${service.label}" is not in the rate card: its credits are unknown (never priced as another ` +
        `vendor), so the figures are lower bounds.`,
  });
  return { label: `unknown (${service.label})` };
}

export function voiceRates(
  voice: FlowProject['voice'],
  rates: Rates,
  s: Settings,
  diagnostics: Diagnostic[],
): VoiceRates {
  const tts = serviceRate('tts', voice.tts, rates, s.defaultTts, diagnostics);
  const stt = serviceRate('stt', voice.stt, rates, s.defaultStt, diagnostics);
  const call = rates.unit('call-minute')!;
  const perMinute = new Decimal(call.credits!).plus(stt.rate?.credits ?? 0);
  const ttsPerChar = tts.rate ? ttsCreditsPerChar(tts.rate, s.speechCharsPerMinute) : new Decimal(0);
  const perChar = ttsPerChar.plus(perMinute.div(s.speechCharsPerMinute));
  const perUserTurn = perMinute.mul(s.userSpeechSeconds).div(60);
  const unknown = [
    ...(tts.rate ? [] : [`text-to-speech ${tts.label}`]),
    ...(stt.rate ? [] : [`speech-to-text ${stt.label}`]),
  ];
  return {
    tts: tts.rate,
    stt: stt.rate,
    call,
    ttsLabel: tts.label,
    sttLabel: stt.label,
    perChar,
    perUserTurn,
    unknown,
  };
}
