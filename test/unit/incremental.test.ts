/**
 * Incremental parsing after an edit (json/incremental.ts, the line index's `edited`): every patched
 * document is compared with a fresh parse of the same text, for many random edits.
 */
import * as assert from 'assert';
import { parseJsonDocument, type JsonDocument } from '../../src/core/json/document';
import { changedRegion, patchDocument } from '../../src/core/json/incremental';
import { LineIndex } from '../../src/core/json/positions';
import { getLocation } from 'jsonc-parser';
import { documentSpans, findObjectSpans, locationAt } from '../../src/core/json/spans';
import { NODE_PATTERN } from '../../src/core/formats/voiceflow/nodeSpans';
import { readFileSync } from 'fs';
import * as path from 'path';
import { fixture, REPO, seeded } from '../helpers';

/** Every offset's position and every line's offset agree between two indexes of `text`. */
function sameIndex(a: LineIndex, b: LineIndex, text: string): void {
  for (let o = 0; o <= text.length; o++) assert.deepStrictEqual(a.position(o), b.position(o), `offset ${o}`);
  const lines = b.position(text.length).line;
  for (let l = 0; l <= lines + 1; l++)
    assert.strictEqual(a.offset({ line: l, character: 0 }), b.offset({ line: l, character: 0 }), `line ${l}`);
}

function sameDocument(patched: JsonDocument, text: string): void {
  const fresh = parseJsonDocument(text);
  assert.deepStrictEqual(patched.root, fresh.root);
  assert.deepStrictEqual(documentSpans(patched, NODE_PATTERN), findObjectSpans(text, NODE_PATTERN));
  assert.strictEqual(patched.text, text);
}

describe('incremental parsing', () => {
  it('updates the line index after an edit as a fresh index would be', () => {
    const rand = seeded(7);
    let text = 'a\nbc\n\nd\r\nefg\n';
    let index = new LineIndex(text);
    for (let i = 0; i < 300; i++) {
      const start = Math.floor(rand() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(rand() * 4));
      const inserted = ['', 'x', '\n', 'y\nz', '\n\n', 'ab'][Math.floor(rand() * 6)];
      const next = text.slice(0, start) + inserted + text.slice(end);
      index = index.edited(next, { start, end, text: inserted });
      text = next;
      sameIndex(index, new LineIndex(text), text);
    }
  });

  it('finds the changed region of two texts', () => {
    assert.strictEqual(changedRegion('abc', 'abc'), undefined);
    assert.deepStrictEqual(changedRegion('abcdef', 'abXdef'), { start: 2, end: 3, newEnd: 3 });
    assert.deepStrictEqual(changedRegion('aaaa', 'aaaaa'), { start: 4, end: 4, newEnd: 5 });
    const long = 'x'.repeat(20_000);
    assert.deepStrictEqual(changedRegion(`${long}a${long}`, `${long}bb${long}`), {
      start: 20_000,
      end: 20_001,
      newEnd: 20_002,
    });
  });

  it('re-parses only the node an edit falls in, and gives what a fresh parse gives', () => {
    const rand = seeded(11);
    let text = fixture('loop.vf');
    let doc = parseJsonDocument(text);
    documentSpans(doc, NODE_PATTERN);
    let patched = 0;
    for (let i = 0; i < 150; i++) {
      // Edit inside a string value (a prompt, a name), so the text stays valid JSON.
      const strings = [...text.matchAll(/": "([^"\\]{3,})"/g)];
      const m = strings[Math.floor(rand() * strings.length)];
      const at = m.index! + 4 + Math.floor(rand() * (m[1].length - 1));
      const del = Math.floor(rand() * 2);
      const ins = ['', 'q', 'word ', '\\n'][Math.floor(rand() * 4)];
      const next = text.slice(0, at) + ins + text.slice(at + del);
      const change = changedRegion(text, next);
      if (!change) continue;
      const p = patchDocument(doc, next, change);
      if (p) {
        patched++;
        sameDocument(p, next);
        doc = p;
      } else doc = parseJsonDocument(next);
      documentSpans(doc, NODE_PATTERN);
      text = next;
    }
    assert.ok(patched > 100, `${patched} of 150 edits patched`);
  });

  it('parses the whole text when the edit crosses a node, breaks it, or a node key repeats', () => {
    const text = JSON.stringify({ diagrams: { d: { nodes: { a: { x: 1 }, b: { y: 'two' } } } } }, null, 2);
    const doc = parseJsonDocument(text);
    documentSpans(doc, NODE_PATTERN);
    const patch = (next: string) => patchDocument(doc, next, changedRegion(text, next)!);
    // Inside one node: patched.
    assert.ok(patch(text.replace('"two"', '"three"')));
    // Across two nodes, on a node's brace, or leaving the node invalid: not patched.
    assert.strictEqual(patch(text.replace(/1\s*},\s*"b"/, '1 }, "c"')), undefined);
    assert.strictEqual(patch(text.replace('"two"\n', '"two"\n      }, "z": {\n')), undefined);
    assert.strictEqual(patch(text.replace('"two"', '"two" "')), undefined);
    // A repeated node key: JSON.parse keeps the last object, so an edit in the first is not patched.
    const dup = '{"diagrams": {"d": {"nodes": {"a": {"x": 1}, "a": {"x": 2}}}}}';
    const dd = parseJsonDocument(dup);
    documentSpans(dd, NODE_PATTERN);
    const edited = dup.replace('"x": 1', '"x": 5');
    assert.strictEqual(patchDocument(dd, edited, changedRegion(dup, edited)!), undefined);
    // A node object replaced later by a non-object under the same key: not patched either.
    const later = '{"diagrams": {"d": {"nodes": {"a": {"x": 1}, "a": 3}}}}';
    const dl = parseJsonDocument(later);
    documentSpans(dl, NODE_PATTERN);
    const e2 = later.replace('"x": 1', '"x": 7');
    assert.strictEqual(patchDocument(dl, e2, changedRegion(later, e2)!), undefined);
  });

  it('finds the JSON path at an offset from the node around it as jsonc-parser does from the start', () => {
    const text = readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8');
    const doc = parseJsonDocument(text);
    documentSpans(doc, NODE_PATTERN);
    const rand = seeded(5);
    for (let i = 0; i < 600; i++) {
      const offset = Math.floor(rand() * text.length);
      const full = getLocation(text, offset);
      const fast = locationAt(doc, offset);
      assert.deepStrictEqual(fast, { path: full.path, isAtPropertyKey: full.isAtPropertyKey }, `offset ${offset}`);
    }
  });
});
