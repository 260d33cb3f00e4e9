import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CORPUS, corpusFiles, describeCorpus, REPO, reportOf } from '../helpers';

const schema = JSON.parse(readFileSync(path.join(REPO, 'schema', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describeCorpus('every real export in the corpus', () => {
  const files = corpusFiles();
  it('holds exactly the exports its README lists', () =>
    assert.deepStrictEqual(
      readdirSync(CORPUS)
        .filter((f) => !f.startsWith('.'))
        .sort(),
      [...files].sort(),
    ));
  for (const f of files) {
    describe(f, () => {
      let text: string;
      let r: ReturnType<typeof reportOf>;
      before(() => {
        text = readFileSync(path.join(CORPUS, f), 'utf8');
        r = reportOf(text);
      });
      it('analyses with no unknown step class', () => {
        const unknown = r.steps.filter((s) => s.class === 'unknown').map((s) => s.type);
        assert.deepStrictEqual(unknown, []);
        assert.ok(r.steps.length > 0);
      });
      it('places every step on its own JSON object', () => {
        const lines = text.split('\n');
        for (const s of r.steps) {
          assert.ok(s.range, `step ${s.id} has no range`);
          const line = lines[s.range.start.line];
          assert.strictEqual(line[s.range.start.character], '{', `step ${s.id} range does not start at "{"`);
          const offsetStart =
            lines.slice(0, s.range.start.line).reduce((n, l) => n + l.length + 1, 0) + s.range.start.character;
          const offsetEnd =
            lines.slice(0, s.range.end.line).reduce((n, l) => n + l.length + 1, 0) + s.range.end.character;
          const obj = JSON.parse(text.slice(offsetStart, offsetEnd));
          assert.strictEqual(obj.nodeID ?? s.id, s.id);
        }
      });
      it('prices every LLM step it finds (no unknown model) and has turns', () => {
        assert.deepStrictEqual(
          r.steps.filter((s) => s.credits === null).map((s) => `${s.id}:${s.model}`),
          [],
        );
        assert.ok(r.turns.some((t) => t.kind === 'launch' || t.kind === 'entry'));
        // Complete, unless a voice service the rate card cannot price makes every figure a lower bound.
        assert.ok(r.conversation.complete || (r.voice?.unknown.length ?? 0) > 0);
      });
      it('produces a report valid against schema/report.schema.json', () => {
        assert.ok(validate(r), JSON.stringify(validate.errors?.slice(0, 3)));
      });
    });
  }
});
