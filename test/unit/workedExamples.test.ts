import * as assert from 'assert';
import { estimate } from '../../src/core/estimate';

describe('billing.md worked examples', () => {
  it('chat, five turns: 6 credits = $0.03', () => {
    const e = estimate({ channel: 'chat', userMessages: 5, staticMessages: 15, apiCalls: 3, llmCredits: '1' });
    assert.strictEqual(e.total.credits.toString(), '6');
    assert.strictEqual(e.total.usd.toString(), '0.03');
    assert.deepStrictEqual(
      e.lines.map((l) => l.credits.toString()),
      ['5', '0', '0', '1'],
    );
  });
  it('voice, five minutes: exactly 75.26 credits = $0.3763 = $0.07526 per minute', () => {
    const e = estimate({
      channel: 'voice',
      minutes: '5',
      tts: 'elevenlabs-flash',
      ttsChars: 2140,
      stt: 'deepgram-nova-3',
      llmCredits: '1',
    });
    assert.deepStrictEqual(
      e.lines.map((l) => l.credits.toString()),
      ['50', '1', '19.26', '5', '0'],
    );
    assert.strictEqual(e.total.credits.toString(), '75.26');
    assert.strictEqual(e.total.usd.toString(), '0.3763');
    assert.strictEqual(e.perMinute!.usd.toString(), '0.07526');
  });
  it('voice with the docs rounded TTS line (20): exactly 76 credits, $0.38, $0.076 per minute', () => {
    const e = estimate({ channel: 'voice', minutes: '5', ttsCredits: '20', llmCredits: '1' });
    assert.strictEqual(e.total.credits.toString(), '76');
    assert.strictEqual(e.total.usd.toString(), '0.38');
    assert.strictEqual(e.perMinute!.usd.toString(), '0.076');
  });
  it('accepts vendor names for TTS and STT and rejects unknown ones', () => {
    assert.strictEqual(
      estimate({
        channel: 'voice',
        minutes: '1',
        tts: 'elevenlabs',
        ttsChars: 1000,
        stt: 'deepgram',
      }).total.credits.toString(),
      '20',
    );
    assert.throws(() => estimate({ channel: 'voice', minutes: '1', tts: 'acme-voice' }), /unknown TTS "acme-voice"/);
  });
});
