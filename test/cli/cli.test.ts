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
    assert.match(bad.err, /turnsPerConversation must be a non-negative number/);
    assert.strictEqual(run(['estimate', '--channel', 'voice']).code, 2);
    assert.strictEqual(run(['frobnicate']).code, 2);
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
