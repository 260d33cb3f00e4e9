/** `agent-cost models`: the rate card as stable JSON and as a table. */
import * as assert from 'assert';
import { RATE_CARD } from '../../src/core/pricing/rateCard';
import { modelsReport, renderModelsTable } from '../../src/core/report/models';

describe('agent-cost models', () => {
  it('lists every row with exact JSON figures and a table through the display formatter', () => {
    const r = modelsReport();
    assert.strictEqual(r.schemaVersion, 1);
    assert.strictEqual(r.models.length, RATE_CARD.llm.length);
    const mini = r.models.find((m) => m.id === 'gpt-4o-mini')!;
    assert.deepStrictEqual(
      [mini.usdPer1MInput, mini.usdPer1MOutput, mini.creditsPer1KInput, mini.creditsPer1KOutput],
      ['0.15', '0.6', '0.03', '0.12'],
    );
    assert.deepStrictEqual(mini.tokenizer, {
      kind: 'tiktoken',
      encoding: 'o200k_base',
      model: null,
      multiplier: 1,
      exact: true,
    });
    const core = r.models.find((m) => m.id === 'voiceflow-core-4.1')!;
    assert.strictEqual(core.creditsPer1KInput, null);
    const sonnet = r.models.find((m) => m.aliases.includes('claude-4.6-sonnet'))!;
    assert.strictEqual(sonnet.tokenizer.multiplier, 1.1);
    assert.strictEqual(sonnet.priority, null);
    const table = renderModelsTable(r);
    assert.match(
      table,
      /^gpt-4o-mini +gpt-4o-mini-2024-07-18 +openai +0\.15\/0\.6 +0\.03\/0\.12 +o200k_base +- +2026-08-21/m,
    );
    assert.match(table, /^voiceflow-core-4\.1 .* unknown +unknown /m);
    assert.match(table, /claude-3\.5-sonnet .* yes /);
  });
});
