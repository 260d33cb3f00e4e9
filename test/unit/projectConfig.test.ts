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
    const s = normaliseSettings(config.settings);
    assert.strictEqual(s.conversationsPerMonth, 20000);
    assert.strictEqual(s.turnsPerConversation, 7);
    assert.deepStrictEqual(s.branchWeights, { 'p-r0': 3 });
    assert.strictEqual(s.loopCap, 4);
    assert.strictEqual(s.monthlyBudget, 30000);
    assert.strictEqual(s.plan, 'business');
    assert.strictEqual(s.creditPriceUsd, '0.004');
    assert.strictEqual(s.variableTokens, 30);
    assert.deepStrictEqual(s.variableTokenBudgets, { chunks: 1500 });
    assert.strictEqual(s.memoryTokensPerTurn, 120);
    assert.deepStrictEqual(s.stepModels, { g2: 'gpt-4.1-nano' });
    assert.deepStrictEqual(config.lint.severities, { 'history-growth': 'warning', 'llm-intent-classification': 'off' });
    assert.deepStrictEqual(config.lint.ignores, [
      { rule: 'llm-in-loop', stepId: 'g1', reason: 'the API bounds retries to 3' },
    ]);
    assert.deepStrictEqual(config.lint.budgets, { creditsPerTurn: 2, creditsPerMonth: 30000, promptTokens: 4000 });
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
      normaliseSettings(config.settings),
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
    assert.deepStrictEqual(config.settings, {});
  });

  it('a bad value is reported on its own line and falls back to the default; the rest applies', () => {
    const text =
      'traffic:\n  turnsPerConversation: -3\n  conversationsPerMonth: 500\nrules:\n  history-growth: loud\n  no-such-rule: warning\nbudgets:\n  creditsPerTurn: lots\nfoo: 1\n';
    const { config, diagnostics } = parseProjectConfig(text, RULE_IDS);
    const at = (re: RegExp) => diagnostics.find((d) => re.test(d.message));
    assert.strictEqual(
      at(/turnsPerConversation must be a non-negative number, got -3; using the default/)!.range!.start.line,
      1,
    );
    assert.strictEqual(at(/severity must be/)!.range!.start.line, 4);
    assert.strictEqual(at(/unknown rule "no-such-rule"/)!.severity, 'warning');
    assert.strictEqual(at(/budgets.creditsPerTurn must be a non-negative number/)!.range!.start.line, 7);
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
