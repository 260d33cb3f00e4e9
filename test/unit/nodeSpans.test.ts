import * as assert from 'assert';
import { findNodeSpans } from '../../src/core/formats/voiceflow/nodeSpans';

describe('node spans', () => {
  it('finds node objects despite brackets, braces and escaped quotes inside strings', () => {
    const doc = {
      version: { note: 'diagrams { nodes [ "x" }' },
      diagrams: {
        'd"1': {
          nodes: {
            'n\\1': { nodeID: 'n\\1', data: { text: 'a "quoted" {brace} [bracket] \\\\' } },
            n2: { nodeID: 'n2', data: { list: [[{}], '"'] } },
          },
        },
        d2: { name: 'x', nodes: {} },
      },
      after: { diagrams: { nodes: { fake: {} } } },
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t')]) {
      const spans = findNodeSpans(text);
      assert.deepStrictEqual(
        spans.map((s) => [s.diagramKey, s.nodeKey]),
        [
          ['d"1', 'n\\1'],
          ['d"1', 'n2'],
        ],
      );
      for (const s of spans) assert.strictEqual(JSON.parse(text.slice(s.start, s.end)).nodeID, s.nodeKey);
    }
  });
});
