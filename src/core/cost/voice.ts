/**
 * Voice billing context: which TTS/STT rates apply and what a spoken character or a second of
 * user speech costs in credits (call time + STT + TTS), per billing.md "Voice agents".
 */
import { Decimal } from '../pricing/money';
import type { FlowProject } from '../flow/types';
import type { Rates } from '../pricing/rates';
import type { UnitRate } from '../pricing/rateCard';
import type { Settings } from '../settings';
import type { Diagnostic } from '../types';

export interface VoiceRates {
  tts: UnitRate;
  stt: UnitRate;
  call: UnitRate;
  /** Credits per character the agent speaks: TTS + its share of call and STT minutes. */
  perChar: Decimal;
  /** Credits per user turn for the seconds the user speaks (call + STT minutes). */
  perUserTurn: Decimal;
}

export function voiceRates(
  voice: FlowProject['voice'],
  rates: Rates,
  s: Settings,
  diagnostics: Diagnostic[],
): VoiceRates {
  const ttsSetting = voice.tts?.label ?? '';
  const sttSetting = voice.stt?.label ?? '';
  let tts = ttsSetting ? rates.matchUnit('tts', ttsSetting) : undefined;
  if (!tts) {
    tts = rates.unit(s.defaultTts)!;
    diagnostics.push({
      rule: 'voice-rate-assumed',
      severity: 'information',
      message: `Text-to-speech ${ttsSetting ? `voice "${ttsSetting}" is not in the rate card` : 'is not set in the export'}; priced as ${tts.id} (${tts.credits} credits ${tts.unit})`,
    });
  }
  let stt = sttSetting ? rates.matchUnit('stt', sttSetting) : undefined;
  if (!stt) {
    stt = rates.unit(s.defaultStt)!;
    diagnostics.push({
      rule: 'voice-rate-assumed',
      severity: 'information',
      message: `Speech-to-text ${sttSetting ? `"${sttSetting}" is not in the rate card` : 'is not set in the export'}; priced as ${stt.id} (${stt.credits} credits ${stt.unit})`,
    });
  }
  const call = rates.unit('call-minute')!;
  const perMinute = new Decimal(call.credits).plus(stt.credits);
  const perChar = new Decimal(tts.credits).div(1000).plus(perMinute.div(s.speechCharsPerMinute));
  const perUserTurn = perMinute.mul(s.userSpeechSeconds).div(60);
  return { tts, stt, call, perChar, perUserTurn };
}
