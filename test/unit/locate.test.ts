import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { findNodeSpans } from '../../src/core/formats/voiceflow/nodeSpans';
import { LineIndex } from '../../src/core/json/positions';
import { locatePaths, placeByPath } from '../../src/core/json/locate';
import { analyzeText, CORPUS, fixture, itCorpus } from '../helpers';

describe('JSON path locator', () => {
  const doc = {
    a: { 'k"1': { model: 'gpt-4', maxTokens: 5000, note: '} ] " {' } },
    list: [1, { x: [true, null] }, 'three'],
    constructor: { deep: { deeper: 'yes' } },
  };

  it('finds properties and array elements in any layout, with escaped keys and brackets in strings', () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t')]) {
      const paths = [
        ['a', 'k"1', 'model'],
        ['a', 'k"1', 'maxTokens'],
        ['list', 1, 'x', 0],
        ['list', 2],
        ['constructor', 'deep', 'deeper'],
        ['a'],
      ];
      const spans = locatePaths(text, paths);
      const value = (i: number) => JSON.parse(text.slice(spans[i]!.valueStart, spans[i]!.end));
      assert.strictEqual(value(0), 'gpt-4');
      assert.strictEqual(value(1), 5000);
      assert.strictEqual(value(2), true);
      assert.strictEqual(value(3), 'three');
      assert.strictEqual(value(4), 'yes');
      assert.deepStrictEqual(value(5), doc.a);
      assert.match(text.slice(spans[0]!.start, spans[0]!.end), /^"model":\s*"gpt-4"$/);
      assert.strictEqual(text.slice(spans[2]!.start, spans[2]!.end), 'true');
      assert.ok(spans.every((s, i) => s!.depth === paths[i].length));
    }
  });

  it('reports the deepest ancestor of a missing path, and nothing for a missing root key', () => {
    const text = JSON.stringify(doc, null, 2);
    const [missing, none, outOfRange] = locatePaths(text, [
      ['a', 'k"1', 'system'],
      ['nope', 'x'],
      ['list', 7],
    ]);
    assert.strictEqual(missing!.depth, 2);
    assert.deepStrictEqual(JSON.parse(text.slice(missing!.valueStart, missing!.end)), doc.a['k"1']);
    assert.strictEqual(none, undefined);
    assert.strictEqual(outOfRange!.depth, 1);
  });

  itCorpus('agrees with the node-span scanner on every node of a real export', () => {
    const text = readFileSync(path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf'), 'utf8');
    const nodes = findNodeSpans(text);
    const spans = locatePaths(
      text,
      nodes.map((n) => ['diagrams', n.diagramKey, 'nodes', n.nodeKey]),
    );
    nodes.forEach((n, i) => {
      assert.strictEqual(spans[i]!.valueStart, n.start);
      assert.strictEqual(spans[i]!.end, n.end);
    });
  });

  it('places items on their property and leaves the others alone', () => {
    const text = JSON.stringify(doc, null, 2);
    const before = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const items = [
      { path: ['a', 'k"1', 'maxTokens'], range: before },
      { path: ['a', 'k"1', 'gone'], range: before },
    ];
    placeByPath(items, text, new LineIndex(text));
    assert.deepStrictEqual(items[0].range, {
      start: { line: 4, character: 6 },
      end: { line: 4, character: 23 },
    });
    assert.strictEqual(items[1].range, before);
  });
});

describe('diagnostics on the property', function () {
  this.timeout(20000);
  it('puts model and maxTokens findings on the "model" / "maxTokens" property, not on the step', () => {
    const text = fixture('branches.vf');
    const doc = JSON.parse(text);
    doc.diagrams['d-main'].nodes.g1.data.model = 'gpt-4';
    doc.diagrams['d-main'].nodes.g1.data.maxTokens = 5000;
    const edited = JSON.stringify(doc, null, 2);
    const lines = new LineIndex(edited);
    const a = analyzeText(edited);
    const at = (rule: string) => {
      const d = a.diagnostics.find((x) => x.rule === rule && x.stepId === 'g1');
      assert.ok(d?.range, `${rule}: ${JSON.stringify(a.diagnostics.map((x) => x.rule))}`);
      return edited.slice(lines.offset(d.range.start), lines.offset(d.range.end));
    };
    assert.strictEqual(at('high-output-cap'), '"maxTokens": 5000');
    assert.strictEqual(at('deprecated-model'), '"model": "gpt-4"');
  });
});
