/** agent-cost check and diff as processes: formats, exit codes, budgets, SARIF validity, git base. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { committedRepo, CORPUS, FIXTURES, itCorpus, REPO } from '../helpers';

const BIN = path.join(REPO, 'bin', 'agent-cost.js');
const run = (args: string[], cwd = REPO) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(path.join(tmpdir(), 'acl-check-'));
const sarifSchema = JSON.parse(readFileSync(path.join(REPO, 'schema', 'sarif-schema-2.1.0.json'), 'utf8'));
const validateSarif = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
  sarifSchema,
);

describe('agent-cost check', () => {
  it('prints file:line:col findings and exits 0 when nothing reaches --fail-on', () => {
    const r = run(['check', 'examples/pizza-order.vf']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^examples\/pizza-order\.vf:\d+:\d+: information history-growth: /m);
    assert.match(r.out, /0 error\(s\), 0 warning\(s\), 3 info in 1 file\(s\)/);
  });

  it('exits 1 on findings at or above --fail-on', () => {
    assert.strictEqual(run(['check', path.join(FIXTURES, 'loop.vf')]).code, 1); // llm-in-loop is a warning
    assert.strictEqual(run(['check', path.join(FIXTURES, 'loop.vf'), '--fail-on', 'error']).code, 0);
    assert.strictEqual(run(['check', 'examples/pizza-order.vf', '--fail-on', 'information']).code, 1);
  });

  it('exits 2 on usage and input errors, still reporting the other files', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'broken.vf'), '{"version": {');
    const r = run(['check', path.join(dir, 'broken.vf'), 'examples/pizza-order.vf']);
    assert.strictEqual(r.code, 2);
    assert.match(r.out, /broken\.vf:1:\d+: error invalid-json/);
    assert.match(r.out, /pizza-order\.vf: [\d.]+ credits per conversation/);
    assert.strictEqual(run(['check', 'nope/*.vf']).code, 2);
    assert.strictEqual(run(['check', 'x.vf', '--fail-on', 'sometimes']).code, 2);
  });

  it('expands quoted globs and folders', () => {
    const r = run(['check', 'test/fixtures/era-*.vf', '--format', 'json', '--fail-on', 'never']);
    assert.strictEqual(r.code, 0, r.err);
    assert.deepStrictEqual(
      JSON.parse(r.out).files.map((f: { file: string }) => path.basename(f.file)),
      ['era-a.vf', 'era-b.vf', 'era-c-prime-message.vf', 'era-d-prompt-condition.vf', 'era-e-voice-agent.vf'],
    );
  });

  it('enforces the budgets of the nearest .agentcost.yaml and reports its own errors', () => {
    const dir = tmp();
    copyFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), path.join(dir, 'pizza.vf'));
    writeFileSync(
      path.join(dir, '.agentcost.yaml'),
      'traffic:\n  conversationsPerMonth: 5000\nbudgets:\n  creditsPerMonth: 20000\n  creditsPerTurn: 1.05\nrules:\n ' +
        ' kb-fallback-possible: off\n  history-growth: sometimes\n',
    );
    const r = run(['check', 'pizza.vf', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    const files = JSON.parse(r.out).files;
    const rules = files.flatMap((f: { findings: { rule: string }[] }) => f.findings.map((d) => d.rule));
    assert.ok(rules.includes('month-over-budget'));
    assert.ok(rules.includes('turn-over-budget'));
    assert.ok(!rules.includes('kb-fallback-possible'));
    const config = files.find((f: { file: string }) => f.file === '.agentcost.yaml');
    assert.strictEqual(config.findings[0].range.start.line, 7);
  });

  it('writes SARIF 2.1.0 that validates against the official schema, with stable fingerprints', () => {
    const a = run([
      'check',
      'examples/pizza-order.vf',
      path.join(FIXTURES, 'loop.vf'),
      path.join(FIXTURES, 'bad-steps.vf'),
      '--format',
      'sarif',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sarif: any = JSON.parse(a.out);
    assert.ok(validateSarif(JSON.parse(a.out)), JSON.stringify(validateSarif.errors?.slice(0, 3)));
    assert.strictEqual(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.ok(
      results.some((r: { ruleId: string; level: string }) => r.ruleId === 'llm-in-loop' && r.level === 'warning'),
    );
    for (const r of results) assert.strictEqual(sarif.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
    // Edit elsewhere in the file: the fingerprints stay.
    const dir = tmp();
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8'));
    doc.project.name = 'renamed';
    writeFileSync(path.join(dir, 'loop.vf'), JSON.stringify(doc, null, 4));
    const fp = (out: string) =>
      JSON.parse(out)
        .runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'llm-in-loop')
        .map((r: { partialFingerprints: object }) => r.partialFingerprints);
    assert.deepStrictEqual(
      fp(run(['check', path.join(dir, 'loop.vf'), '--format', 'sarif']).out),
      fp(run(['check', path.join(FIXTURES, 'loop.vf'), '--format', 'sarif']).out),
    );
  });

  it('writes a Markdown pull-request comment with escaped text', () => {
    const r = run(['check', 'examples/pizza-order.vf', '--format', 'markdown']);
    assert.match(r.out, /^## Agent cost check/);
    assert.match(r.out, /\| `examples\/pizza-order\.vf` \| [\d.]+ \|/);
    assert.match(r.out, /\[`history-growth`\]\(docs\/rules\/history-growth\.md\)/);
  });
});

describe('agent-cost diff', () => {
  const OLD = path.join(
    CORPUS,
    'voiceflow-gallagan__vf-extensions-demo__Chat_Widget_Extensions_DEMO-2024-03-07_01-11.vf',
  );
  const NEW = path.join(CORPUS, 'voiceflow-gallagan__vf-extensions-demo__Chat_Widget_Extensions_Demo_Aug_21.vf');

  itCorpus('compares two versions of a corpus export: steps removed, turn and month deltas', () => {
    const r = run(['diff', OLD, NEW, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.ok(d.steps.filter((s: { change: string }) => s.change === 'removed').length >= 4);
    assert.strictEqual(
      d.conversation.before,
      JSON.parse(run(['report', OLD, '--format', 'json']).out).conversation.credits.expected,
    );
    assert.strictEqual(
      d.conversation.after,
      JSON.parse(run(['report', NEW, '--format', 'json']).out).conversation.credits.expected,
    );
    assert.match(run(['diff', OLD, NEW, '--format', 'markdown']).out, /^## Agent cost diff/);
    assert.match(run(['diff', OLD, NEW]).out, /^Conversation: [\d.]+ → [\d.]+ credits/);
  });

  it('gates on the increase in credits or percent', () => {
    // branches.vf, then the same agent with its generative step on gpt-4o (dearer).
    const before = path.join(FIXTURES, 'branches.vf');
    const after = path.join(tmp(), 'agent.vf');
    const doc = JSON.parse(readFileSync(before, 'utf8'));
    doc.diagrams['d-main'].nodes.g1.data.model = 'gpt-4o';
    writeFileSync(after, JSON.stringify(doc, null, 2));
    const { delta, percent } = JSON.parse(run(['diff', before, after, '--format', 'json']).out).conversation;
    assert.ok(Number(percent) > 1 && Number(delta) > 0.02, `${delta} ${percent}`);
    const gate = (flag: string, limit: number) => run(['diff', before, after, flag, String(limit)]).code;
    assert.strictEqual(gate('--fail-on-increase-percent', Number(percent) + 1), 0);
    assert.strictEqual(gate('--fail-on-increase-percent', Number(percent) - 1), 1);
    assert.strictEqual(gate('--fail-on-increase', Number(delta) + 0.01), 0);
    assert.strictEqual(gate('--fail-on-increase', Number(delta) - 0.01), 1);
    assert.strictEqual(run(['diff', after, before, '--fail-on-increase', '0']).code, 0);
    const bad = run(['diff', before, after, '--fail-on-increase', 'lots']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--fail-on-increase must be a number, got "lots"/);
    assert.strictEqual(bad.out, '');
  });

  it('diff --base <ref> compares with the version committed in git', () => {
    const { dir } = committedRepo();
    const doc = JSON.parse(readFileSync(path.join(dir, 'agent.vf'), 'utf8'));
    doc.diagrams['d-main'].nodes.g1.data.model = 'gpt-4o';
    writeFileSync(path.join(dir, 'agent.vf'), JSON.stringify(doc, null, 2));
    const r = run([
      'diff',
      '--base',
      'HEAD',
      path.join(dir, 'agent.vf'),
      '--format',
      'json',
      '--fail-on-increase-percent',
      '1',
    ]);
    assert.strictEqual(r.code, 1);
    const d = JSON.parse(r.out);
    assert.deepStrictEqual(
      d.steps.map((s: { id: string; modelBefore: string; modelAfter: string }) => [s.id, s.modelBefore, s.modelAfter]),
      [['g1', 'gpt-4o-mini', 'gpt-4o']],
    );
    const bad = run(['diff', '--base', 'no-such-ref', path.join(dir, 'agent.vf')]);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /cannot read .*agent\.vf at no-such-ref/);
  });
});
