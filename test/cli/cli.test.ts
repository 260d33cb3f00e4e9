/** The built CLI run as a process: outputs, exit codes, stderr messages. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { writeFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { REPO, FIXTURES } from '../helpers';

const BIN = path.join(REPO, 'bin', 'agent-cost.js');
function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('agent-cost CLI', () => {
  it('report prints a table for the bundled example', () => {
    const r = run(['report', 'examples/pizza-order.vf']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /Pizza Planet/);
    assert.match(r.out, /Conversation \(launch \+ 5 turns\): [\d.]+ credits expected/);
  });

  it('report --format json is the same analysis the engine gives, with flags applied', () => {
    const r = run([
      'report',
      path.join(FIXTURES, 'memory.vf'),
      '--format',
      'json',
      '--turns',
      '3',
      '--memory-tokens',
      '100',
    ]);
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.strictEqual(j.conversation.turns, 3);
    assert.strictEqual(j.steps.find((s: { id: string }) => s.id === 'answer').growthPerTurn, '0.003');
    assert.ok(j.assumptions.find((a: { key: string }) => a.key === 'memoryTokensPerTurn').value === 100);
  });

  it('report --format markdown and csv escape text from the file', () => {
    const doc = JSON.parse(require('fs').readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    doc.project.name = '<img src=x onerror=alert(1)> | =cmd';
    doc.diagrams['d-main'].nodes.g1.data.name = '=HYPERLINK("http://evil")';
    const dir = mkdtempSync(path.join(tmpdir(), 'acl-'));
    const f = path.join(dir, 'x.vf');
    writeFileSync(f, JSON.stringify(doc));
    const md = run(['report', f, '--format', 'markdown']);
    assert.strictEqual(md.code, 0, md.err);
    assert.ok(!md.out.includes('<img'), 'raw HTML in markdown');
    assert.match(md.out, /&lt;img/);
    const csv = run(['report', f, '--format', 'csv']);
    assert.ok(csv.out.includes(`"'=HYPERLINK(""http://evil"")"`), csv.out.split('\n')[2]);
  });

  it('a half-typed file exits 2 with file position on stderr', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'acl-'));
    const f = path.join(dir, 'half.vf');
    writeFileSync(f, '{\n  "version": {\n    "name": ');
    const r = run(['report', f]);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /agent-cost: \d+:\d+: Invalid JSON at line \d+, column \d+/);
    assert.strictEqual(r.out, '');
  });

  it('usage errors exit 2 with a message', () => {
    assert.strictEqual(run(['report']).code, 2);
    const missing = run(['report', 'no-such-file.vf']);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /cannot read no-such-file.vf: ENOENT/);
    const bad = run(['report', 'examples/pizza-order.vf', '--turns', 'many']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--turns: turnsPerConversation must be an integer from 1 to 200, got "many"/);
    assert.strictEqual(run(['estimate', '--channel', 'voice']).code, 2);
    assert.strictEqual(run(['frobnicate']).code, 2);
  });

  it('settings: every flag and --set come from the settings table, with its checks', () => {
    const ok = run([
      'report',
      path.join(FIXTURES, 'branches.vf'),
      '--format',
      'json',
      '--set',
      'defaultModel=gpt-4o',
      '--set',
      'branchWeights={"p-r0": 3}',
      '--no-match-rate',
      '0.25',
      '--plan',
      'Business',
    ]);
    assert.strictEqual(ok.code, 0, ok.err);
    const value = (k: string) => JSON.parse(ok.out).assumptions.find((a: { key: string }) => a.key === k)?.value;
    assert.strictEqual(value('defaultModel'), 'gpt-4o');
    assert.deepStrictEqual(value('branchWeights'), { 'p-r0': '3' });
    assert.strictEqual(value('noMatchRate'), '0.25');
    assert.strictEqual(value('plan'), 'business');

    const zero = run(['report', 'examples/pizza-order.vf', '--turns', '0']);
    assert.strictEqual(zero.code, 2);
    assert.strictEqual(zero.err, 'agent-cost: --turns: turnsPerConversation must be an integer from 1 to 200, got 0\n');
    const huge = run(['check', 'examples/pizza-order.vf', '--set', 'turnsPerConversation=1e9']);
    assert.strictEqual(huge.code, 2);
    assert.match(huge.err, /--set: turnsPerConversation must be an integer from 1 to 200, got "1e9"/);
    const plan = run(['report', 'examples/pizza-order.vf', '--plan', 'gold']);
    assert.strictEqual(plan.code, 2);
    assert.match(
      plan.err,
      /--plan: plan must be one of the plans pro, business, business-200k, business-500k, got "gold"/,
    );
    const model = run(['diff', 'examples/pizza-order.vf', 'examples/pizza-order.vf', '--set', 'defaultModel=gpt-9']);
    assert.strictEqual(model.code, 2);
    assert.match(
      model.err,
      /--set: defaultModel must be a model id from the rate card \(.*gpt-4o-mini.*\), got "gpt-9"/,
    );
    const typo = run(['report', 'examples/pizza-order.vf', '--set', '__proto__=1']);
    assert.strictEqual(typo.code, 2);
    assert.match(typo.err, /--set: unknown setting "__proto__"/);
    const noMatch = run(['report', 'examples/pizza-order.vf', '--no-match-rate', '2']);
    assert.match(noMatch.err, /--no-match-rate: noMatchRate must be a decimal from 0 to 1, got 2/);
  });

  it('--help lists each setting flag with its doc, range, unit and default', () => {
    const help = run(['report', '--help']).out.replace(/\s+/g, ' ');
    assert.match(
      help,
      /--turns <n> user turns per conversation after the launch turn \(an integer from 1 to 200, in turns; default 5\)/,
    );
    assert.match(help, /--credit-price <usd> price of one credit .* default 0\.005\)/);
    assert.match(help, /--channel <value> .* \(choices: "chat", "voice"\)/);
  });

  it('a project-file id is checked against its own negotiated rates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'acl-'));
    const f = path.join(dir, 'b.vf');
    writeFileSync(f, require('fs').readFileSync(path.join(FIXTURES, 'branches.vf')));
    writeFileSync(
      path.join(dir, '.agentcost.yaml'),
      'pricing:\n  models:\n    acme-llm: { inputPer1K: "1", outputPer1K: "2" }\n' +
        'traffic:\n  turnsPerConversation: 1e9\n',
    );
    const r = run(['report', f, '--set', 'modelOverride=acme-llm', '--format', 'json']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(
      r.err,
      /\.agentcost\.yaml:5:25: .*turnsPerConversation must be .* from 1 to 200, got "1e9"; using the default \(5\)/,
    );
    assert.strictEqual(JSON.parse(r.out).conversation.turns, 5);
    assert.ok(JSON.parse(r.out).steps.some((s: { model?: string }) => s.model === 'acme-llm'));
  });

  it('estimate --format json gives line items and totals (billing.md examples)', () => {
    const chat = JSON.parse(
      run([
        'estimate',
        '--channel',
        'chat',
        '--user-messages',
        '5',
        '--static-messages',
        '15',
        '--api-calls',
        '3',
        '--llm-credits',
        '1',
        '--format',
        'json',
      ]).out,
    );
    assert.deepStrictEqual(chat.total, { credits: '6', usd: '0.03' });
    const voice = JSON.parse(
      run([
        'estimate',
        '--channel',
        'voice',
        '--minutes',
        '5',
        '--tts',
        'elevenlabs-flash',
        '--tts-chars',
        '2140',
        '--stt',
        'deepgram-nova-3',
        '--llm-credits',
        '1',
        '--format',
        'json',
      ]).out,
    );
    assert.deepStrictEqual(voice.total, { credits: '75.26', usd: '0.3763' });
    assert.strictEqual(voice.perMinute.usd, '0.07526');
    const rounded = run([
      'estimate',
      '--channel',
      'voice',
      '--minutes',
      '5',
      '--tts-credits',
      '20',
      '--llm-credits',
      '1',
    ]);
    assert.match(rounded.out, /Total: 76 credits = \$0\.38/);
    assert.match(rounded.out, /Per minute: \$0\.076 /);
  });

  it('tokens counts standard input for a model', () => {
    const r = run(['tokens', '--model', 'gpt-4o-mini'], 'Hello, world!');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^4 tokens \(gpt-4o-mini, o200k_base\)/);
    assert.match(run(['tokens', '--model', 'claude-3-haiku'], 'Hello, world!').out, /^≈\d+ tokens/);
    const unknown = run(['tokens', '--model', 'gpt-99'], 'x');
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.err, /unknown model "gpt-99"/);
  });

  it('models lists the rate card as a table and as JSON', () => {
    const t = run(['models']);
    assert.strictEqual(t.code, 0, t.err);
    assert.match(t.out, /^gpt-4\.1 +gpt-4\.1-2025-04-14 +openai +2\/8 +0\.4\/1\.6 +o200k_base/m);
    assert.match(t.out, /^claude-sonnet-4\.6 +claude-4\.6-sonnet +anthropic .*≈claude ×1\.1/m);
    const j = JSON.parse(run(['models', '--format', 'json']).out);
    assert.strictEqual(j.schemaVersion, 1);
    const core = j.models.find((m: { id: string }) => m.id === 'voiceflow-flash-4.1');
    assert.strictEqual(core.creditsPer1KInput, null);
    assert.strictEqual(run(['models', '--format', 'csv']).code, 2);
  });
});
