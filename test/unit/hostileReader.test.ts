/**
 * One crafted file per hostile class of issue 10 that the reader and the walker must survive.
 * Where a class should change nothing (keys named like Object.prototype members, "|" in step
 * ids, a byte-order mark, names that are not strings), the file is compared with a baseline that
 * has the same flow with ordinary names: the figures must be identical.
 */
import * as assert from 'assert';
import type { JsonReport } from '../../src/core/report/json';
import { exportError, fixture, reportOf } from '../helpers';

const hostile = (name: string) => fixture(`hostile/${name}`);

/** What the cost depends on: totals, and per step (in order) its class and credits. */
const figures = (r: JsonReport) => ({
  conversation: r.conversation.credits,
  month: r.month.credits,
  turns: r.turns.length,
  steps: r.steps.map((s) => [s.class, s.credits, s.creditsMax, s.tokens.input]),
});

describe('hostile files the reader must survive', () => {
  it('keys named constructor, toString, __proto__ (variables, step ids, a type, a port) price like any name', () => {
    const r = reportOf(hostile('proto-keys.vf'));
    const base = reportOf(hostile('proto-keys.baseline.vf'));
    assert.deepStrictEqual(figures(r), figures(base));
    const renamed: Record<string, string> = {
      gen: 'constructor',
      wait: '__proto__',
      blk: 'toString',
      other: 'valueOf',
    };
    assert.deepStrictEqual(
      r.steps.map((s) => s.id),
      base.steps.map((s) => (Object.hasOwn(renamed, s.id) ? renamed[s.id] : s.id)),
    );
    const odd = r.steps.find((s) => s.id === 'valueOf')!;
    assert.strictEqual(odd.class, 'unknown');
    assert.ok(r.diagnostics.some((d) => d.rule === 'unknown-step-type' && d.stepId === 'valueOf'));
  });

  it('a name that is an object with its own toString key is read safely', () => {
    const r = reportOf(hostile('tostring-name.vf'));
    assert.deepStrictEqual(figures(r), figures(reportOf(hostile('baseline.vf'))));
    assert.strictEqual(typeof r.file.projectName, 'string');
    for (const s of r.steps) assert.strictEqual(typeof s.name, 'string');
  });

  it('a name that is an array nested 5,000 deep is read safely', () => {
    const r = reportOf(hostile('deep-name.vf'));
    assert.deepStrictEqual(figures(r), figures(reportOf(hostile('baseline.vf'))));
    for (const s of r.steps) assert.ok(typeof s.name === 'string' && s.name.length < 1000, s.name.slice(0, 80));
  });

  it('"version": null is not an export: exit-2 material with a position, not a crash', () => {
    const e = exportError(hostile('version-null.vf'));
    assert.strictEqual(e.diagnostics[0].rule, 'not-an-export');
    assert.match(e.message, /version/);
    assert.ok(e.diagnostics[0].range);
  });

  it('step ids containing "|" (the walker\'s state-key separator) price like any id', () => {
    const r = reportOf(hostile('pipe-ids.vf'));
    assert.deepStrictEqual(figures(r), figures(reportOf(hostile('pipe-ids.baseline.vf'))));
    assert.ok(r.steps.some((s) => s.id === 'g|1'));
  });

  it('a UTF-8 byte-order mark is accepted, as VS Code accepts it', () => {
    const withBom = hostile('bom.vf');
    assert.strictEqual(withBom.charCodeAt(0), 0xfeff);
    const r = reportOf(withBom);
    const base = reportOf(hostile('baseline.vf'));
    assert.deepStrictEqual(figures(r), figures(base));
    assert.deepStrictEqual(
      r.steps.map((s) => s.range),
      base.steps.map((s) => s.range),
    );
  });
});
