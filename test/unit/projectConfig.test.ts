import * as assert from 'assert';
import { parseProjectConfig } from '../../src/core/config/projectConfig';
import { Rates } from '../../src/core/pricing/rates';
import { RULE_IDS } from '../../src/core/rules/index';
import { normaliseSettings } from '../../src/core/settings';
import { analyze } from '../../src/core/analyze';
import { fixture } from '../helpers';

const FULL = `# traffic assumptions
traffic:
  conversationsPerMonth: 20000
  turnsPerConversation: 7
  branchWeights: { p-r0: 3 }
  loopCap: 4
budgets:
  creditsPerTurn: 2
  creditsPerMonth: 30000
  plan: business
  promptTokens: 4000
pricing:
  creditPrice: "0.004"
  models:
    gpt-4o-mini: { inputPer1K: "0.02", outputPer1K: "0.1" }
    acme-llm: { inputPer1K: "0.5", outputPer1K: "1" }
variables:
  default: 30
  budgets: { chunks: 1500 }
assumptions:
  memoryTokensPerTurn: 120
rules:
  history-growth: warning
  llm-intent-classification: off
ignore:
  - rule: llm-in-loop
    stepId: g1
    reason: the API bounds retries to 3
whatIf:
  models: { g2: gpt-4.1-nano }
`;

describe('.agentcost.yaml', () => {
  it('reads every section into settings, lint config and pricing', () => {
    const { config, diagnostics } = parseProjectConfig(FULL, RULE_IDS);
    assert.deepStrictEqual(diagnostics, []);
    const s = normaliseSettings(config.settings, { rates: new Rates(undefined, config.pricing) });
    assert.strictEqual(s.conversationsPerMonth, 20000);
    assert.strictEqual(s.turnsPerConversation, 7);
    assert.deepStrictEqual({ ...s.branchWeights }, { 'p-r0': '3' });
    assert.strictEqual(s.loopCap, 4);
    assert.strictEqual(s.monthlyBudget, 30000);
    assert.strictEqual(s.plan, 'business');
    assert.strictEqual(s.creditPriceUsd, '0.004');
    assert.strictEqual(s.variableTokens, 30);
    assert.deepStrictEqual({ ...s.variableTokenBudgets }, { chunks: 1500 });
    assert.strictEqual(s.memoryTokensPerTurn, 120);
    assert.deepStrictEqual({ ...s.stepModels }, { g2: 'gpt-4.1-nano' });
    assert.deepStrictEqual(
      { ...config.lint.severities },
      { 'history-growth': 'warning', 'llm-intent-classification': 'off' },
    );
    assert.deepStrictEqual(config.lint.ignores, [
      { rule: 'llm-in-loop', stepId: 'g1', reason: 'the API bounds retries to 3' },
    ]);
    assert.deepStrictEqual(
      { ...config.lint.budgets },
      { creditsPerTurn: '2', creditsPerMonth: 30000, promptTokens: 4000 },
    );
  });

  it('applies negotiated rates, also for a model the rate card does not know', () => {
    const { config } = parseProjectConfig(FULL, RULE_IDS);
    const rates = new Rates(undefined, config.pricing);
    assert.strictEqual(String(rates.llm('gpt-4o-mini')!.inputPer1K), '0.02');
    assert.strictEqual(rates.llm('gpt-4o-mini')!.row.source, 'negotiated rate in .agentcost.yaml');
    assert.strictEqual(String(rates.llm('acme-llm')!.outputPer1K), '1');
    assert.strictEqual(new Rates().llm('acme-llm'), null);
  });

  it('prices a what-if model per step', () => {
    const { config } = parseProjectConfig(FULL, RULE_IDS);
    const a = analyze(
      fixture('branches.vf'),
      normaliseSettings(config.settings, { rates: new Rates(undefined, config.pricing) }),
      new Rates(undefined, config.pricing),
      config.lint,
    );
    assert.strictEqual(a.steps.find((s) => s.id === 'g2')!.model, 'gpt-4.1-nano');
    assert.strictEqual(a.steps.find((s) => s.id === 'g1')!.model, 'gpt-4o-mini');
  });

  it('a YAML syntax error is reported with its position; defaults apply', () => {
    const { config, diagnostics } = parseProjectConfig('traffic:\n  turnsPerConversation: [1, 2\nbudgets: {', RULE_IDS);
    assert.ok(diagnostics.length > 0);
    assert.strictEqual(diagnostics[0].rule, 'config');
    assert.strictEqual(diagnostics[0].severity, 'error');
    assert.match(diagnostics[0].message, /defaults apply/);
    assert.ok(diagnostics[0].range!.start.line >= 1);
    assert.deepStrictEqual({ ...config.settings }, {});
  });

  it('a bad value is reported on its own line and falls back to the default; the rest applies', () => {
    const text =
      'traffic:\n  turnsPerConversation: -3\n  conversationsPerMonth: 500\nrules:\n  history-growth: loud\n  ' +
      'no-such-rule: warning\nbudgets:\n  creditsPerTurn: lots\nfoo: 1\n';
    const { config, diagnostics } = parseProjectConfig(text, RULE_IDS);
    const at = (re: RegExp) => diagnostics.find((d) => re.test(d.message));
    assert.strictEqual(
      at(/traffic\.turnsPerConversation must be an integer from 1 to 200, got -3; using the default \(5\)/)!.range!
        .start.line,
      1,
    );
    assert.strictEqual(at(/severity must be/)!.range!.start.line, 4);
    assert.strictEqual(at(/unknown rule "no-such-rule"/)!.severity, 'warning');
    assert.strictEqual(
      at(/budgets\.creditsPerTurn must be a decimal of at least 0, got "lots"; ignored/)!.range!.start.line,
      7,
    );
    assert.strictEqual(at(/unknown section "foo"/)!.range!.start.line, 8);
    assert.strictEqual(config.settings.conversationsPerMonth, 500);
    assert.strictEqual(config.settings.turnsPerConversation, undefined);
  });

  it('an ignore without a reason is accepted with a warning', () => {
    const { config, diagnostics } = parseProjectConfig(
      'ignore:\n  - rule: history-growth\n    stepId: "*"\n',
      RULE_IDS,
    );
    assert.strictEqual(config.lint.ignores.length, 1);
    assert.match(diagnostics[0].message, /give a reason/);
  });

  it('an empty file is fine', () => {
    assert.deepStrictEqual(parseProjectConfig('', RULE_IDS).diagnostics, []);
    assert.deepStrictEqual(parseProjectConfig('# nothing yet\n', RULE_IDS).diagnostics, []);
  });
});

describe('.agentcost.yaml: bounds, ids and hostile keys', () => {
  const parse = (text: string) => parseProjectConfig(text, RULE_IDS);
  const line = (d: { range?: { start: { line: number } } }) => d.range!.start.line;

  it('an out-of-range value: a diagnostic on the value, the default applies and the message says so', () => {
    const { config, diagnostics } = parse('traffic:\n  loopCap: 500\n  turnsPerConversation: 0\n  noMatchRate: 1.5\n');
    assert.deepStrictEqual(
      diagnostics.map((d) => [line(d), d.range!.start.character, d.message]),
      [
        [1, 11, '.agentcost.yaml: traffic.loopCap must be an integer from 1 to 100, got 500; using the default (3)'],
        [
          2,
          24,
          '.agentcost.yaml: traffic.turnsPerConversation must be an integer from 1 to 200, got 0; ' +
            'using the default (5)',
        ],
        [3, 15, '.agentcost.yaml: traffic.noMatchRate must be a decimal from 0 to 1, got 1.5; using the default (0.1)'],
      ],
    );
    assert.deepStrictEqual({ ...config.settings }, {});
  });

  it('turnsPerConversation: 1e9 is a diagnostic, and the analysis runs with the default (no hang)', () => {
    const { config, diagnostics } = parse(
      'traffic:\n  turnsPerConversation: 1e9\nassumptions:\n  memoryMaxTurns: 1e9\n',
    );
    assert.match(
      diagnostics[0].message,
      /turnsPerConversation must be an integer from 1 to 200, got "1e9"; using the default \(5\)/,
    );
    assert.match(diagnostics[1].message, /assumptions\.memoryMaxTurns must be an integer from 0 to 200/);
    const a = analyze(fixture('loop.vf'), normaliseSettings(config.settings));
    assert.strictEqual(a.conversation.turns, 5);
  });

  it('decimals from YAML keep the digits as written', () => {
    const { config } = parse('pricing:\n  creditPrice: 0.0040\ntraffic:\n  noMatchRate: 0.12345678901234567890123\n');
    assert.strictEqual(config.settings.creditPriceUsd, '0.004');
    assert.strictEqual(config.settings.noMatchRate, '0.12345678901234567890123');
  });

  it('an unknown plan lists the plans; an unknown model names the known ones; a negotiated model counts', () => {
    const { config, diagnostics } = parse(
      'budgets:\n  plan: gold\npricing:\n  models:\n    acme-llm: { inputPer1K: "1", outputPer1K: "2" }\n' +
        'assumptions:\n  defaultModel: acme-llm\n  modelOverride: gpt-9\n',
    );
    assert.match(
      diagnostics[0].message,
      /budgets\.plan must be one of the plans pro, business, business-200k, business-500k, got "gold"; ignored/,
    );
    assert.strictEqual(line(diagnostics[0]), 1);
    assert.match(
      diagnostics[1].message,
      /assumptions\.modelOverride must be a model id from the rate card \(.*gpt-4o-mini, .*\), got "gpt-9"; ignored/,
    );
    assert.strictEqual(diagnostics.length, 2);
    assert.strictEqual(config.settings.defaultModel, 'acme-llm');
    assert.strictEqual(config.settings.plan, undefined);
  });

  it('a bad map entry is dropped on its own line; the other entries apply', () => {
    const { config, diagnostics } = parse('variables:\n  budgets:\n    chunks: 1500\n    notes: lots\n');
    assert.deepStrictEqual({ ...(config.settings.variableTokenBudgets as object) }, { chunks: 1500 });
    assert.strictEqual(line(diagnostics[0]), 3);
    assert.match(
      diagnostics[0].message,
      /variables\.budgets\.notes must be an integer from 0 to 1,000,000, got "lots"; this entry is ignored/,
    );
  });

  it('a map with fixed names: a wrong name is dropped on its line, the rest apply over the defaults', () => {
    const { config, diagnostics } = parse('assumptions:\n  reasoningOutputMultipliers:\n    high: 12\n    huge: 3\n');
    assert.strictEqual(line(diagnostics[0]), 3);
    assert.match(diagnostics[0].message, /reasoningOutputMultipliers\.huge is not a reasoning effort: use minimal/);
    const s = normaliseSettings(config.settings);
    assert.deepStrictEqual({ ...s.reasoningOutputMultipliers }, { minimal: 1, low: 2, medium: 4, high: 12 });
  });

  it('the same setting twice: a warning on the second, which applies', () => {
    const { config, diagnostics } = parse('traffic:\n  loopCap: 4\nassumptions:\n  loopCap: 6\n');
    assert.strictEqual(config.settings.loopCap, 6);
    assert.strictEqual(diagnostics[0].severity, 'warning');
    assert.match(diagnostics[0].message, /assumptions\.loopCap sets loopCap again \(also set by traffic\.loopCap\)/);
  });

  it('keys like constructor, __proto__, toString are data, never prototype lookups', () => {
    const text = [
      'variables:',
      '  budgets: { constructor: 5, __proto__: 7, toString: 9 }',
      'traffic:',
      '  branchWeights: { hasOwnProperty: 2, constructor: 3 }',
      'rules:',
      '  __proto__: off',
      '  constructor: off',
      'pricing:',
      '  models:',
      '    __proto__: { inputPer1K: "1", outputPer1K: "2" }',
      'whatIf:',
      '  models: { constructor: gpt-4o }',
      'assumptions:',
      '  constructor: 1',
      '  __proto__: 2',
      'ignore:',
      '  - { rule: __proto__, stepId: constructor, reason: test }',
      '__proto__: {}',
    ].join('\n');
    const { config, diagnostics } = parse(text);
    const budgets = config.settings.variableTokenBudgets as Record<string, number>;
    assert.deepStrictEqual(Object.entries(budgets), [
      ['constructor', 5],
      ['__proto__', 7],
      ['toString', 9],
    ]);
    assert.deepStrictEqual(Object.keys(config.settings.branchWeights as object), ['hasOwnProperty', 'constructor']);
    assert.deepStrictEqual({ ...(config.settings.stepModels as object) }, { constructor: 'gpt-4o' });
    assert.deepStrictEqual(Object.keys(config.pricing), ['__proto__']);
    assert.strictEqual(Object.getPrototypeOf(config.pricing), null);
    assert.deepStrictEqual(Object.keys(config.lint.severities), []);
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /unknown rule "__proto__"/);
    assert.match(messages, /unknown rule "constructor"/);
    assert.match(messages, /assumptions: unknown setting "constructor"/);
    assert.match(messages, /assumptions: unknown setting "__proto__"/);
    assert.match(messages, /ignore: unknown rule "__proto__"/);
    assert.match(messages, /unknown section "__proto__"/);
    assert.deepStrictEqual(Object.keys(Object.prototype), []);
    // The analysis reads these maps with step and port ids from the export.
    const settings = normaliseSettings(config.settings, { rates: new Rates(undefined, config.pricing) });
    const a = analyze(fixture('branches.vf'), settings, new Rates(undefined, config.pricing), config.lint);
    assert.ok(a.conversation.credits.expected.isFinite());
  });

  it('without the rules list, a rule named __proto__ is stored as data', () => {
    const { config } = parseProjectConfig('rules:\n  __proto__: off\n');
    assert.strictEqual(Object.getPrototypeOf(config.lint.severities), null);
    assert.deepStrictEqual(Object.entries(config.lint.severities), [['__proto__', 'off']]);
  });

  it('a duplicate key is a YAML error at its position: the whole file is ignored, as before', () => {
    const { config, diagnostics } = parse('traffic:\n  loopCap: 4\nbudgets: {}\ntraffic:\n  loopCap: 5\n');
    assert.strictEqual(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /Map keys must be unique — the whole file is ignored, defaults apply/);
    assert.deepStrictEqual([line(diagnostics[0]), diagnostics[0].range!.start.character], [3, 0]);
    assert.deepStrictEqual({ ...config.settings }, {});
    const nested = parse('traffic:\n  branchWeights: { a: 1, b: 2, a: 3 }\n').diagnostics;
    assert.deepStrictEqual([line(nested[0]), nested[0].range!.start.character], [1, 31]);
  });

  it('aliases that expand without end are a diagnostic, not a hang (the bench times it)', () => {
    const lines = [
      'traffic:',
      '  loopCap: 4',
      'whatIf:',
      '  anchors:',
      `    a0: &a0 [${Array(10).fill('x').join(', ')}]`,
    ];
    for (let i = 1; i < 12; i++)
      lines.push(
        `    a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('assumptions:', '  userMessageTokens: *a11');
    const { config, diagnostics } = parse(lines.join('\n'));
    const bomb = diagnostics.find((d) => /userMessageTokens is too large/.test(d.message))!;
    assert.ok(bomb, diagnostics.map((d) => d.message).join('\n'));
    assert.strictEqual(line(bomb), 17);
    assert.strictEqual(config.settings.loopCap, 4);
  });
});

describe('.agentcost.yaml JSON Schema (contributed to the editor)', () => {
  const Ajv = require('ajv').default;

  const schema = JSON.parse(
    require('fs').readFileSync(
      require('path').join(__dirname, '..', '..', '..', 'schema', 'agentcost.schema.json'),
      'utf8',
    ),
  );
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  const { parse } = require('yaml');

  it('accepts the full example and names every rule', () => {
    assert.ok(validate(parse(FULL)), JSON.stringify(validate.errors));
    assert.deepStrictEqual(Object.keys(schema.properties.rules.properties).sort(), [...RULE_IDS].sort());
  });

  it('rejects what the parser rejects', () => {
    assert.strictEqual(validate(parse('traffic:\n  turnsPerConversation: -1\n')), false);
    assert.strictEqual(validate(parse('rules:\n  history-growth: loud\n')), false);
    assert.strictEqual(validate(parse('foo: 1\n')), false);
    assert.strictEqual(validate(parse('ignore:\n  - rule: history-growth\n    stepId: x\n')), false);
  });
});
