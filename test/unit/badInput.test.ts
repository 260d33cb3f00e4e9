import * as assert from 'assert';
import { normaliseSettings, SettingsError } from '../../src/core/settings';
import { exportError, fixture, reportOf } from '../helpers';

describe('bad input', () => {
  it('a half-typed export gets an error with line and column, no crash', () => {
    const full = fixture('branches.vf');
    const cut = full.slice(0, Math.floor(full.length / 2));
    const e = exportError(cut);
    const d = e.diagnostics[0];
    assert.strictEqual(d.rule, 'invalid-json');
    assert.match(d.message, /^Invalid JSON at line \d+, column \d+/);
    assert.ok(d.range && d.range.start.line > 10);
  });

  it('a stray character points at its own line and column', () => {
    const e = exportError('{\n  "version": {},\n  "diagrams": {} x\n}');
    assert.match(e.diagnostics[0].message, /line 3, column 18/);
  });

  it('JSON that is not a Voiceflow export gets a clear error', () => {
    assert.match(
      exportError('{"name": "my package", "version": "1.0.0"}').message,
      /Not a Voiceflow export.*"diagrams"/,
    );
    assert.match(exportError('[1, 2, 3]').message, /Not a Voiceflow export/);
    assert.match(exportError('').message, /Invalid JSON/);
  });

  it('a prompt of 1 MB without spaces is analysed, its tokens counted exactly', () => {
    const doc = JSON.parse(fixture('branches.vf'));
    const g1 = doc.diagrams['d-main'].nodes.g1.data;
    g1.prompt = 'x'.repeat(1_000_000);
    const r = reportOf(JSON.stringify(doc));
    const s = r.steps.find((x) => x.id === 'g1')!;
    assert.strictEqual(s.tokens.exact, true);
    assert.ok(s.tokens.input > 100_000);
  });

  it('a cycle through a wait is a normal conversation loop, not an error', () => {
    const r = reportOf(fixture('memory.vf'));
    assert.ok(!r.turns.some((t) => t.unbounded));
    assert.ok(!r.diagnostics.some((d) => d.rule === 'llm-in-loop'));
  });

  it('a diagram without nodes and a missing root diagram are diagnosed; the rest is analysed', () => {
    const doc = JSON.parse(fixture('branches.vf'));
    doc.diagrams.broken = { name: 'Broken', type: 'TOPIC' };
    doc.version.rootDiagramID = 'nope';
    const r = reportOf(JSON.stringify(doc));
    const rules = r.diagnostics.map((d) => d.rule);
    assert.ok(rules.includes('missing-diagram-nodes'));
    assert.ok(rules.includes('missing-diagram'));
    assert.ok(r.steps.some((s) => s.id === 'g1' && s.credits !== null));
  });

  it('steps whose data is not an object, or missing types, do not crash', () => {
    const doc = JSON.parse(fixture('branches.vf'));
    doc.diagrams['d-main'].nodes.weird = { nodeID: 'weird', type: 'generative', data: 'oops' };
    doc.diagrams['d-main'].nodes.untyped = { nodeID: 'untyped' };
    doc.diagrams['d-main'].nodes.nullnode = null;
    const r = reportOf(JSON.stringify(doc));
    assert.ok(r.steps.find((s) => s.id === 'weird'));
    assert.strictEqual(r.steps.find((s) => s.id === 'untyped')!.class, 'unknown');
  });

  it('settings: unknown keys and bad values are rejected with the key named', () => {
    assert.throws(
      () => normaliseSettings({ turnsPerConversaton: 3 }),
      (e: unknown) => e instanceof SettingsError && e.key === 'turnsPerConversaton',
    );
    assert.throws(() => normaliseSettings({ turnsPerConversation: -1 }), /from 1 to 200, got -1/);
    assert.throws(() => normaliseSettings({ creditPriceUsd: '1e-3' }), /decimal/);
    assert.throws(() => normaliseSettings({ noMatchRate: 2 }), /from 0 to 1, got 2/);
    assert.strictEqual(normaliseSettings({ turnsPerConversation: '7' }).turnsPerConversation, 7);
  });
});
