import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { writeJson } from '../../src/cli/jsonOut';

const REPO = path.join(__dirname, '..', '..', '..');

function written(v: unknown): { text: string; writes: number } {
  const parts: string[] = [];
  writeJson(v, (s) => parts.push(s));
  return { text: parts.join(''), writes: parts.length };
}

describe('CLI JSON output in pieces', () => {
  it('writes exactly what JSON.stringify(v, null, 2) writes', () => {
    const cases: unknown[] = [
      null,
      3,
      'a\nb',
      [],
      {},
      [1, { a: 2 }],
      { a: [], b: {}, c: [1, [2, { d: '\n' }]], e: undefined, f: () => 1, g: null, h: [undefined, () => 1] },
      { when: new Date(0), nested: { toJSON: () => 'x' }, 'k"ey': 'v' },
      {
        steps: [
          { id: 's1', calls: [{ model: 'gpt-4o', text: 'line\nbreak' }] },
          { id: 's2', calls: [] },
        ],
      },
    ];
    for (const c of cases) assert.strictEqual(written(c).text, JSON.stringify(c, null, 2) + '\n', JSON.stringify(c));
  });

  it('writes every fixture report as JSON.stringify does', () => {
    const dir = path.join(REPO, 'test', 'fixtures');
    const files = readdirSync(dir).filter((f) => f.endsWith('.expected.json'));
    assert.ok(files.length > 10, String(files.length));
    for (const f of files) {
      const v = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      assert.strictEqual(written(v).text, JSON.stringify(v, null, 2) + '\n', f);
    }
  });

  it('a large report goes out in several writes, not one string', () => {
    const steps = Array.from({ length: 20_000 }, (_, i) => ({ id: `step-${i}`, text: 'x'.repeat(100) }));
    const { text, writes } = written({ file: { name: 'big' }, steps });
    assert.ok(writes > 1, String(writes));
    assert.strictEqual(text, JSON.stringify({ file: { name: 'big' }, steps }, null, 2) + '\n');
  });
});
