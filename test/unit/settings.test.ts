/** The settings table: kinds, bounds, rate-card ids, prototype-safe keys, exact decimals. */
import * as assert from 'assert';
import { Decimal } from '../../src/core/pricing/money';
import { RATE_CARD } from '../../src/core/pricing/rateCard';
import { Rates } from '../../src/core/pricing/rates';
import {
  DEFAULT_SETTINGS,
  describeAssumptions,
  normaliseSettings,
  parseSetting,
  Row,
  SETTING_KEYS,
  SETTINGS_TABLE,
  Settings,
  SettingsError,
} from '../../src/core/settings';

/** The message a bad value gives (fails when the value is accepted). */
function rejects(key: string, value: unknown, options = {}): string {
  try {
    parseSetting(key, value, options);
  } catch (e) {
    assert.ok(e instanceof SettingsError, String(e));
    assert.strictEqual(e.key, key);
    return e.message;
  }
  assert.fail(`${key} accepted ${JSON.stringify(value)}`);
}

describe('settings table', () => {
  const rows = Object.entries(SETTINGS_TABLE) as [string, Row<unknown>][];

  it('each default is a value its own kind accepts unchanged', () => {
    for (const [key, row] of rows) {
      if (row.default === undefined) continue;
      assert.deepStrictEqual(
        JSON.stringify(parseSetting(key, row.default)),
        JSON.stringify(row.default),
        `${key}: default ${JSON.stringify(row.default)}`,
      );
    }
  });

  it('flags, VS Code keys and project-file paths are unique; docs are one short line', () => {
    for (const col of ['flag', 'editor', 'file'] as const) {
      const used = rows.flatMap(([, r]) => (r[col] ? [r[col]] : []));
      assert.deepStrictEqual(used, [...new Set(used)], col);
    }
    for (const [key, row] of rows) {
      assert.match(row.doc, /^[a-z"'].{9,}[^.]$/, `${key}: lower case, no full stop`);
      assert.ok(row.doc.length <= 100 && !row.doc.includes('\n'), `${key}: one short line`);
      if (row.flag) assert.match(row.flag, /^--[a-z][a-z-]+$/, key);
    }
  });

  it('DEFAULT_SETTINGS has every row with a default, and the Settings type is the table', () => {
    const withDefault = rows.filter(([, r]) => r.default !== undefined).map(([k]) => k);
    assert.deepStrictEqual(Object.keys(DEFAULT_SETTINGS), withDefault);
    assert.deepStrictEqual(SETTING_KEYS, Object.keys(SETTINGS_TABLE));
    // Compile-time: field types follow the kinds (a wrong type here fails `npm run build`).
    const s: Settings = normaliseSettings({});
    const checks: [number, string, string, Record<string, string>, number | undefined, 'chat' | 'voice' | undefined] = [
      s.turnsPerConversation,
      s.creditPriceUsd,
      s.noMatchRate,
      s.branchWeights,
      s.monthlyBudget,
      s.channel,
    ];
    assert.deepStrictEqual(checks.slice(0, 3), [5, '0.005', '0.1']);
  });
});

describe('settings: kinds and bounds', () => {
  it('integers: numbers and digit strings inside the bounds; the message names key, value and range', () => {
    assert.strictEqual(parseSetting('turnsPerConversation', 7), 7);
    assert.strictEqual(parseSetting('turnsPerConversation', ' 200 '), 200);
    assert.strictEqual(parseSetting('turnsPerConversation', 1), 1);
    for (const [v, shown] of [
      [0, '0'],
      [201, '201'],
      [1e9, '1000000000'],
      ['1e9', '"1e9"'],
      [2.5, '2.5'],
      ['many', '"many"'],
      [true, 'true'],
      [null, 'null'],
      [[5], 'a list'],
    ] as [unknown, string][])
      assert.strictEqual(
        rejects('turnsPerConversation', v),
        `turnsPerConversation must be an integer from 1 to 200, got ${shown}`,
      );
    assert.match(rejects('daysPerMonth', 32), /daysPerMonth must be an integer from 1 to 31, got 32/);
    assert.match(rejects('loopCap', 101), /loopCap must be an integer from 1 to 100, got 101/);
    assert.match(rejects('loopCap', 0), /from 1 to 100, got 0/);
    assert.match(rejects('conversationsPerMonth', -1), /from 0 to 1,000,000,000, got -1/);
    assert.match(rejects('monthlyBudget', 0), /monthlyBudget must be an integer from 1 to/);
  });

  it('decimals stay exact: decimal strings in, normalised decimal strings out, no float on the way', () => {
    assert.strictEqual(parseSetting('creditPriceUsd', '0.004'), '0.004');
    assert.strictEqual(parseSetting('creditPriceUsd', 0.004), '0.004');
    assert.strictEqual(parseSetting('creditPriceUsd', '0.0040'), '0.004');
    // More digits than a double holds survive.
    assert.strictEqual(parseSetting('noMatchRate', '0.1000000000000000000000000001'), '0.1000000000000000000000000001');
    assert.strictEqual(parseSetting('launchCredits', '100'), '100');
    assert.match(rejects('creditPriceUsd', '1e-3'), /must be a decimal greater than 0 and at most 1, got "1e-3"/);
    assert.match(rejects('creditPriceUsd', 0), /greater than 0/);
    assert.match(rejects('creditPriceUsd', '-0.1'), /got -0.1/);
    assert.match(rejects('noMatchRate', '1.5'), /noMatchRate must be a decimal from 0 to 1, got 1.5/);
    assert.match(rejects('noMatchRate', 'NaN'), /got "NaN"/);
    assert.match(rejects('userMessageCredits', Infinity), /got Infinity/);
    // The engine reads them with Decimal, exactly.
    const s = normaliseSettings({ noMatchRate: '0.3', creditPriceUsd: '0.0045' });
    assert.strictEqual(new Decimal(s.creditPriceUsd).mul(3).toString(), '0.0135');
    assert.strictEqual(new Decimal('0.1').mul(s.noMatchRate).toString(), '0.03');
  });

  it('quantities that are not money are numbers, bounded; "> 0" where zero would divide', () => {
    assert.strictEqual(parseSetting('speechCharsPerMinute', '650.5'), 650.5);
    assert.match(rejects('speechCharsPerMinute', 0), /must be a number greater than 0 and at most 10,000, got 0/);
    assert.match(rejects('charsPerToken', 0), /greater than 0/);
    assert.strictEqual(parseSetting('userSpeechSeconds', 0), 0);
  });

  it('enums: the channel', () => {
    assert.strictEqual(parseSetting('channel', 'voice'), 'voice');
    assert.match(rejects('channel', 'phone'), /channel must be one of chat, voice, got "phone"/);
  });

  it('maps: JSON or objects, null-prototype, each entry checked and named', () => {
    const w = parseSetting('branchWeights', '{"p1": 3, "constructor": "0.5", "__proto__": 2}') as Record<
      string,
      string
    >;
    assert.strictEqual(Object.getPrototypeOf(w), null);
    assert.deepStrictEqual(Object.entries(w), [
      ['p1', '3'],
      ['constructor', '0.5'],
      ['__proto__', '2'],
    ]);
    assert.match(
      rejects('branchWeights', { p1: -1 }),
      /^branchWeights\.p1 must be a decimal from 0 to 1,000,000, got -1$/,
    );
    assert.match(rejects('branchWeights', '{"a b\\u0007": "x"}'), /^branchWeights\["a b\\u0007"\] must be/);
    assert.match(rejects('branchWeights', '[1]'), /must be a map of port or step id/);
    assert.match(rejects('branchWeights', '{oops'), /written as JSON/);
    assert.match(rejects('variableTokenBudgets', { chunks: 1.5 }), /variableTokenBudgets\.chunks must be an integer/);
  });

  it('a map with fixed names and defaults: reasoning multipliers keep the defaults of names not set', () => {
    const m = parseSetting('reasoningOutputMultipliers', '{"high": 10}') as Record<string, number>;
    assert.deepStrictEqual({ ...m }, { minimal: 1, low: 2, medium: 4, high: 10 });
    assert.deepStrictEqual(
      { ...DEFAULT_SETTINGS.reasoningOutputMultipliers },
      { minimal: 1, low: 2, medium: 4, high: 8 },
    );
    assert.match(
      rejects('reasoningOutputMultipliers', { extreme: 20 }),
      /^reasoningOutputMultipliers\.extreme is not a reasoning effort: use minimal, low, medium, high$/,
    );
    assert.match(rejects('reasoningOutputMultipliers', { low: 0.5 }), /low must be a number from 1 to 100, got 0.5/);
    assert.strictEqual(parseSetting('globalEntryRate', 0), '0');
    assert.match(rejects('globalEntryRate', '1.01'), /globalEntryRate must be a decimal from 0 to 1, got 1.01/);
  });
});

describe('settings: ids are checked against the rate card', () => {
  it('models: any id or alias the rate card knows; an unknown one lists the known ones', () => {
    assert.strictEqual(parseSetting('defaultModel', 'gpt-4o'), 'gpt-4o');
    assert.strictEqual(parseSetting('defaultModel', 'gpt-4o-mini-2024-07-18'), 'gpt-4o-mini-2024-07-18');
    const m = rejects('defaultModel', 'gpt-9-turbo');
    assert.match(m, /^defaultModel must be a model id from the rate card \(.*\), got "gpt-9-turbo"$/);
    for (const row of RATE_CARD.llm) assert.ok(m.includes(row.id), row.id);
    assert.match(rejects('modelOverride', ''), /modelOverride must be a model id/);
    assert.match(rejects('stepModels', { g1: 'nope' }), /^stepModels\.g1 must be a model id from the rate card/);
  });

  it("a project's negotiated model counts; shape-only checks skip the rate card", () => {
    const rates = new Rates(undefined, { 'acme-llm': { inputPer1K: '1', outputPer1K: '2' } });
    assert.strictEqual(parseSetting('defaultModel', 'acme-llm', { rates }), 'acme-llm');
    rejects('defaultModel', 'acme-llm');
    assert.strictEqual(parseSetting('defaultModel', 'acme-llm', { checkIds: false }), 'acme-llm');
  });

  it('voices: a TTS id must be a TTS rate (not an STT one)', () => {
    assert.strictEqual(parseSetting('defaultTts', 'elevenlabs-multilingual'), 'elevenlabs-multilingual');
    assert.match(
      rejects('defaultTts', 'deepgram-nova-3'),
      /defaultTts must be a text-to-speech rate id .*elevenlabs-flash/,
    );
    assert.match(rejects('defaultStt', 'whisper'), /defaultStt must be a speech-to-text rate id .*deepgram-nova-3/);
  });

  it('plans: id or name; unknown lists the plans; a plan without a published allotment says so', () => {
    assert.strictEqual(parseSetting('plan', 'Business'), 'business');
    assert.strictEqual(parseSetting('plan', 'business-200k'), 'business-200k');
    const listed = RATE_CARD.plans.filter((p) => p.credits !== null).map((p) => p.id);
    assert.strictEqual(rejects('plan', 'gold'), `plan must be one of the plans ${listed.join(', ')}, got "gold"`);
    assert.match(rejects('plan', 'starter'), /published credit allotment .* set budgets\.creditsPerMonth/);
  });
});

describe('settings: keys from users and files', () => {
  it('prototype names are unknown settings, never lookups on Object.prototype', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
      assert.throws(
        () => normaliseSettings(JSON.parse(`{"${key}": 1}`)),
        (e: unknown) => e instanceof SettingsError && e.key === key && /unknown setting/.test(e.message),
        key,
      );
    assert.deepStrictEqual(Object.keys(Object.prototype), []);
  });

  it('a typo gets a suggestion; undefined values are skipped', () => {
    assert.match(
      rejects('turnsPerConversaton', 3),
      /unknown setting "turnsPerConversaton"; did you mean "turnsPerConversation"\?/,
    );
    assert.match(rejects('zzz', 3), /unknown setting "zzz" \(settings: turnsPerConversation, /);
    assert.strictEqual(normaliseSettings({ turnsPerConversation: undefined }).turnsPerConversation, 5);
  });

  it('normalising is idempotent (project values are normalised again with CLI overrides)', () => {
    const once = normaliseSettings({ plan: 'Pro', branchWeights: { a: '2.50' }, creditPriceUsd: 0.004 });
    const twice = normaliseSettings(once as unknown as Record<string, unknown>);
    assert.deepStrictEqual(JSON.stringify(twice), JSON.stringify(once));
    assert.strictEqual(once.plan, 'pro');
    assert.strictEqual(once.branchWeights.a, '2.5');
  });

  it('describeAssumptions flags what differs from the defaults', () => {
    const rows = describeAssumptions(normaliseSettings({ branchWeights: { a: 2 }, turnsPerConversation: 5 }));
    assert.strictEqual(rows.find((r) => r.key === 'branchWeights')!.isDefault, false);
    assert.strictEqual(rows.find((r) => r.key === 'turnsPerConversation')!.isDefault, true);
    assert.ok(!rows.some((r) => r.key === 'plan'), 'unset optional settings are not listed');
  });
});
