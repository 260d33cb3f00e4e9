/** `agent-cost map` run as a process: SVG on stdout, a self-contained HTML page, --diagram. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { FIXTURES, REPO } from '../helpers';

const BIN = path.join(REPO, 'bin', 'agent-cost.js');
const FIXTURE = path.join(FIXTURES, 'cost-map.vf');
function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('agent-cost map', () => {
  it('prints the SVG of the launch diagram to stdout (the expected file)', () => {
    const r = run(['map', FIXTURE]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, readFileSync(path.join(FIXTURES, 'cost-map.expected.svg'), 'utf8'));
    assert.match(r.out, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* data-page-id="d-main"/);
    assert.match(r.out, /data-block-id="blk-answer" data-kind="block" data-credits="0\.323"/);
  });

  it('--format html writes one self-contained page: every diagram, the legend, no http(s) reference', () => {
    const r = run(['map', FIXTURE, '--format', 'html']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^<!DOCTYPE html>/);
    assert.strictEqual((r.out.match(/<svg /g) ?? []).length, 2);
    assert.match(r.out, /Credits per run/);
    assert.ok(!/(src|href)\s*=/i.test(r.out), 'no external resources');
    const withoutNs = r.out.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '');
    assert.ok(!/https?:\/\//.test(withoutNs), 'no http(s) reference');
  });

  it('--diagram picks a page by id or by name (ignoring case)', () => {
    const byId = run(['map', FIXTURE, '--diagram', 'd-comp']);
    assert.strictEqual(byId.code, 0, byId.err);
    assert.match(byId.out, /data-page-id="d-comp"/);
    assert.match(byId.out, /data-block-id="blk-lookup"/);
    assert.ok(!byId.out.includes('data-block-id="blk-ask"'));
    const byName = run(['map', FIXTURE, '--diagram', 'lookup']);
    assert.strictEqual(byName.out, byId.out);
    const html = run(['map', FIXTURE, '--format', 'html', '--diagram', 'Lookup']);
    assert.strictEqual((html.out.match(/<svg /g) ?? []).length, 1);
  });

  it('an unknown diagram exits 2 and lists the diagrams', () => {
    const r = run(['map', FIXTURE, '--diagram', 'Checkout']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /no diagram "Checkout"/);
    assert.match(r.err, /ROOT \(d-main, topic\)/);
    assert.match(r.err, /Lookup \(d-comp, component\)/);
  });

  it('takes the same assumption flags as report (figures follow them)', () => {
    const base = run(['map', FIXTURE]);
    const more = run(['map', FIXTURE, '--output-tokens', '40']);
    assert.strictEqual(more.code, 0, more.err);
    const credits = (s: string) => /data-block-id="blk-answer" data-kind="block" data-credits="([^"]+)"/.exec(s)![1];
    assert.ok(Number(credits(more.out)) < Number(credits(base.out)));
  });

  it('an agentic export: the Skills page by default (the expected file), or by --diagram skills', () => {
    const file = path.join(FIXTURES, '2026', 'skill-map.vf.json');
    const r = run(['map', file]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, readFileSync(path.join(FIXTURES, '2026', 'skill-map.expected.svg'), 'utf8'));
    assert.match(r.out, /data-page-id="agentic:skills"/);
    // 0.361 for the Orders playbook on gpt-4o + 0.0081 for the routing call (test/unit/skillMap.test.ts derives both).
    assert.match(r.out, /data-kind="skill" data-credits="0\.3691"[^>]*data-skill-id="agentic:playbook:ag-orders"/);
    assert.strictEqual(run(['map', file, '--diagram', 'skills']).out, r.out);
    // skillShares move the router's split (and only the shares and what follows from them).
    const shares = run(['map', file, '--set', 'skillShares={"Orders":4,"Billing":2}']);
    assert.strictEqual(shares.code, 0, shares.err);
    assert.deepStrictEqual(
      [...shares.out.matchAll(/<g class="share"[^>]*>.*?>([^<]*)<\/text><\/g>/g)].map((m) => m[1]),
      ['12.5 %', '50 %', '25 %', '12.5 %'],
    );
    const html = run(['map', file, '--format', 'html']);
    assert.strictEqual((html.out.match(/<svg /g) ?? []).length, 3);
    assert.ok(html.out.indexOf('agentic:skills') < html.out.indexOf('data-page-id="d-survey"'));
  });

  it('an agentic export: a workflow by its name opens its canvas page', () => {
    const d = JSON.parse(readFileSync(path.join(FIXTURES, '2026', 'skill-map.vf.json'), 'utf8'));
    d.diagrams['d-survey'].name = 'Survey canvas';
    const dir = mkdtempSync(path.join(tmpdir(), 'acl-map-'));
    const file = path.join(dir, 'agent.vf.json');
    writeFileSync(file, JSON.stringify(d));
    const r = run(['map', file, '--diagram', 'Survey']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /data-page-id="d-survey"/);
    assert.match(r.out, /data-block-id="sv-ask"/);
    assert.strictEqual(run(['map', file, '--diagram', 'survey canvas']).out, r.out);
  });

  it('a file that is not an export exits 2 with the reason', () => {
    const r = run(['map', path.join(REPO, 'package.json')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /Not a Voiceflow export/);
  });
});
