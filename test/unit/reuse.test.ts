/**
 * The pieces of reading a document again from its last read (formats/voiceflow/reuse.ts): which
 * node changed, whether only its text did, and how the source ranges after it move. The whole
 * (incremental read = full read) is checked by incrementalAnalysis.test.ts.
 */
import * as assert from 'assert';
import { changedNode, differsInContentOnly, shiftRanges } from '../../src/core/formats/voiceflow/reuse';
import { dig, type JsonObject } from '../../src/core/json/safe';

const root = (): JsonObject =>
  JSON.parse(
    JSON.stringify({
      version: { _version: 5 },
      diagrams: {
        d1: { name: 'Main', nodes: { a: { type: 'text', data: { text: 'hi' } }, b: { type: 'block', data: {} } } },
        d2: { name: 'Other', nodes: { c: { type: 'generative', data: { prompt: 'p' } } } },
      },
    }),
  ) as JsonObject;

/** A copy of `r` with the node at diagrams.<d>.nodes.<n> replaced, sharing everything else (as a patch does). */
function withNode(r: JsonObject, d: string, n: string, node: unknown): JsonObject {
  const diagrams = r.diagrams as JsonObject;
  const diagram = diagrams[d] as JsonObject;
  return {
    ...r,
    diagrams: { ...diagrams, [d]: { ...diagram, nodes: { ...(diagram.nodes as JsonObject), [n]: node } } },
  };
}

describe('reuse: which node changed', () => {
  it('finds the one node that is a new object, and nothing when the root is the same', () => {
    const r = root();
    const next = withNode(r, 'd2', 'c', { type: 'generative', data: { prompt: 'p2' } });
    assert.deepStrictEqual(changedNode(r, next), {
      dKey: 'd2',
      nKey: 'c',
      before: dig(r, 'diagrams', 'd2', 'nodes', 'c'),
      after: dig(next, 'diagrams', 'd2', 'nodes', 'c'),
    });
    assert.strictEqual(changedNode(r, r), null);
  });

  it('gives up when two nodes, a diagram name, a top-level member or the key order changed', () => {
    const r = root();
    const two = withNode(withNode(r, 'd1', 'a', { type: 'text' }), 'd2', 'c', { type: 'text' });
    assert.strictEqual(changedNode(r, two), undefined);
    const renamed = {
      ...r,
      diagrams: { ...(r.diagrams as JsonObject), d1: { ...(dig(r, 'diagrams', 'd1') as JsonObject), name: 'X' } },
    };
    assert.strictEqual(changedNode(r, renamed), undefined);
    assert.strictEqual(changedNode(r, { ...r, version: { _version: 6 } }), undefined);
    const d = r.diagrams as JsonObject;
    assert.strictEqual(changedNode(r, { ...r, diagrams: { d2: d.d2, d1: { ...(d.d1 as JsonObject) } } }), undefined);
    // Parsed again (every object new): not a patch of the same document.
    assert.strictEqual(changedNode(r, root()), undefined);
  });
});

describe('reuse: content-only changes', () => {
  it('accepts strings under prompt, text, content, … at any depth, and nothing else', () => {
    assert.ok(differsInContentOnly({ data: { prompt: 'a' } }, { data: { prompt: 'b' } }));
    const slate = (t: string) => ({ data: { content: [{ children: [{ text: t }] }] } });
    assert.ok(differsInContentOnly(slate('a'), slate('a longer text')));
    assert.ok(!differsInContentOnly({ data: { name: 'a' } }, { data: { name: 'b' } }));
    assert.ok(!differsInContentOnly({ data: { model: 'gpt-4o' } }, { data: { model: 'gpt-4o-mini' } }));
    assert.ok(!differsInContentOnly({ data: { prompt: 'a' } }, { data: { prompt: 1 } }));
    assert.ok(!differsInContentOnly({ data: { prompt: 'a', x: 1 } }, { data: { x: 1, prompt: 'a' } }));
    assert.ok(!differsInContentOnly({ ports: [{ target: 'a' }] }, { ports: [{ target: 'a' }, { target: 'b' }] }));
    assert.ok(!differsInContentOnly({ ports: [{ target: 'a' }] }, { ports: [{ target: 'b' }] }));
  });

  it('gives up on nesting deeper than it compares', () => {
    let a: unknown = 'x';
    let b: unknown = 'y';
    for (let i = 0; i < 100; i++) {
      a = { text: a };
      b = { text: b };
    }
    assert.strictEqual(differsInContentOnly(a, b), false);
  });
});

describe('reuse: ranges after an edit', () => {
  const r = (l1: number, c1: number, l2: number, c2: number) => ({
    start: { line: l1, character: c1 },
    end: { line: l2, character: c2 },
  });

  it('moves positions at or after the edited node’s end, and leaves those before it', () => {
    // The node ended at 10:5 and now ends at 11:2 (a line break typed in it).
    const shift = shiftRanges({ line: 10, character: 5 }, { line: 11, character: 2 });
    const before = r(3, 0, 10, 4);
    assert.strictEqual(shift(before), before);
    assert.deepStrictEqual(shift(r(2, 0, 10, 5)), r(2, 0, 11, 2));
    assert.deepStrictEqual(shift(r(10, 7, 12, 3)), r(11, 4, 13, 3));
    assert.strictEqual(shift(undefined), undefined);
  });

  it('moves only the rest of the line when no line was added', () => {
    const shift = shiftRanges({ line: 4, character: 9 }, { line: 4, character: 10 });
    const later = r(5, 0, 8, 1);
    assert.strictEqual(shift(later), later);
    assert.deepStrictEqual(shift(r(4, 9, 4, 12)), r(4, 10, 4, 13));
  });
});
