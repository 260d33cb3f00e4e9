/** File text in hover prose: escaped where Markdown would act on it, untouched where it would not. */
import * as assert from 'assert';
import { prose } from '../../src/server/prose';

describe('prose (file text in hovers and hint tooltips)', () => {
  it('leaves ordinary names as they are, so they read well unrendered', () => {
    for (const name of ['Response_AI (v2)', 'Ask about fees + tips!', 'C:\\path\\to', 'Q&A', 'a > b', '#1 choice'])
      assert.strictEqual(prose(name), name);
  });

  it('escapes what would format, link, embed or break a table', () => {
    const cases: [string, string][] = [
      ['_intro_', '\\_intro\\_'],
      ['*bold* and ~gone~', '\\*bold\\* and \\~gone\\~'],
      ['![x](https://evil.example/p.png)', '!\\[x\\](https\\://evil.example/p.png)'],
      ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
      ['&copy; &#169; R&D', '\\&copy; \\&#169; R&D'],
      ['see www.evil.example', 'see www\\.evil.example'],
      ['a | b', 'a \\| b'],
      ['`code`', '\\`code\\`'],
      ['ends with \\', 'ends with \\\\'],
      ['\\*', '\\\\\\*'],
    ];
    for (const [from, to] of cases) assert.strictEqual(prose(from), to, from);
  });

  it('escapes block markers only where the text starts a line', () => {
    assert.strictEqual(prose('# Title', 80, true), '\\# Title');
    assert.strictEqual(prose('1. Welcome', 80, true), '1\\. Welcome');
    assert.strictEqual(prose('- item', 80, true), '\\- item');
    assert.strictEqual(prose('1. Welcome'), '1. Welcome');
  });

  it('keeps one line and clips long text', () => {
    assert.strictEqual(prose('two\nlines\u001b[31m'), 'two lines [31m'.replace('[', '\\['));
    assert.strictEqual(prose('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });
});
