import * as assert from 'assert';
import { skipSpace, stringEnd, stringText } from '../../src/core/json/scan';

describe('JSON string scanner', () => {
  it('finds the closing quote past escaped quotes and escaped backslashes', () => {
    for (const value of ['plain', 'a "quoted" word', 'ends with a backslash \\', '\\"', '\\\\\\"x', '']) {
      const text = `${JSON.stringify(value)}, "next"`;
      const close = stringEnd(text, 0);
      assert.strictEqual(close, JSON.stringify(value).length - 1, value);
      assert.strictEqual(stringText(text, 0, close), value);
    }
  });

  it('resolves escapes as JSON.parse does, and stops at the end of a text with no closing quote', () => {
    const text = '"caf\\u00e9 \\n \\t \\/"';
    assert.strictEqual(stringText(text, 0, stringEnd(text, 0)), JSON.parse(text));
    assert.strictEqual(stringEnd('"open', 0), 5);
  });

  it('skips JSON white space only', () => {
    assert.strictEqual(skipSpace(' \t\r\n x', 0), 5);
    assert.strictEqual(skipSpace('\u00a0x', 0), 0);
    assert.strictEqual(skipSpace('   ', 1), 3);
  });
});
