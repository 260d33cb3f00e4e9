/**
 * schema/report.schema.json documents every field of the JSON report, strictly: each fixture's
 * report (every era, 2026 agentic and voice) validates, and a field the schema does not name fails.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { FIXTURES, REPO, reportOf } from '../helpers';

const schema = JSON.parse(readFileSync(path.join(REPO, 'schema', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');

describe('the report schema', () => {
  const files = [
    ...readdirSync(FIXTURES).filter((f) => f.endsWith('.vf')),
    ...readdirSync(path.join(FIXTURES, '2026'))
      .filter((f) => f.endsWith('.vf.json'))
      .map((f) => path.join('2026', f)),
  ];
  for (const f of files)
    it(`${f}: the report is valid`, () => {
      const r = reportOf(readFileSync(path.join(FIXTURES, f), 'utf8'));
      assert.ok(validate(r), errors());
    });

  it('names every field: an undocumented one fails', () => {
    const r = reportOf(readFileSync(path.join(FIXTURES, 'agent.vf'), 'utf8'));
    assert.ok(validate(r), errors());
    const extra = JSON.parse(JSON.stringify(r));
    extra.steps[0].surprise = 1;
    assert.ok(!validate(extra));
    assert.match(errors(), /must NOT have additional properties/);
  });

  it('is the one scripts/report-schema.js writes', () => {
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'report-schema.js'), '--check']);
  });
});
