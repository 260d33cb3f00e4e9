/**
 * Text from a file is untrusted in every output: terminal tables (text report, check, diff) get
 * no control sequences, Markdown (report, check, diff: pull-request comments) gets no links,
 * images, HTML, mentions or extra table cells, SARIF gets percent-encoded artifact URIs.
 */
import * as assert from 'assert';
import { diffReports, renderDiffMarkdown, renderDiffTable } from '../../src/core/diff';
import { clip, md, mdCode, plain, terminal } from '../../src/core/report/escape';
import { artifactUri, renderFindingsMarkdown, renderFindingsText, renderSarif } from '../../src/core/report/findings';
import { renderMarkdown, renderTable } from '../../src/core/report/text';
import { fixture, reportOf } from '../helpers';

/** Control characters other than the line break (C0, DEL, C1) and bidirectional overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Markdown that would render as a link, an image or HTML. */
const ACTIVE_MARKDOWN = /\]\(https?:|<img|<b>|(^|[^\\])!\[/;

const hostile = reportOf(fixture('hostile/control-and-markdown.vf'));
const plainReport = reportOf(fixture('branches.vf'));

describe('escaping text from files', () => {
  it('plain(): ESC, CR, BEL, OSC and bidi overrides never reach a terminal table', () => {
    assert.strictEqual(plain('a\u001b]0;title\u0007b\rc\u202ed'), 'a ]0;title b c d');
    assert.ok(!CONTROL.test(plain('\u009b31m\u0085x')));
  });

  it('clip() never cuts a surrogate pair', () => {
    assert.strictEqual(clip('ab😀😀c', 4), 'ab😀…');
    assert.strictEqual(clip('short', 10), 'short');
  });

  it('terminal(): stderr keeps its line breaks and shows other controls as visible escapes', () => {
    assert.strictEqual(terminal('bad \u001b[2J\r\u0007 name\n'), 'bad \\u001b[2J\\u000d\\u0007 name\n');
  });

  it('md(): links, images, HTML, pipes and mentions are inert', () => {
    const s = md('![x](https://e.example) <img src=x> a|b @octocat `c`');
    assert.ok(!ACTIVE_MARKDOWN.test(s), s);
    assert.ok(!/@octocat/.test(s), 'a mention survived');
    assert.ok(s.includes('\\|'));
  });

  it('mdCode(): a code span that backticks and pipes in the text cannot close', () => {
    assert.strictEqual(mdCode('a`b'), '``a`b``');
    assert.strictEqual(mdCode('`x`'), '`` `x` ``');
    assert.strictEqual(mdCode('a|b'), '`a\\|b`');
    assert.strictEqual(mdCode('a|b', 80, false), '`a|b`');
  });

  it('the text report of a hostile export has no control characters', () => {
    const out = renderTable(hostile);
    assert.ok(!CONTROL.test(out), JSON.stringify(out.match(CONTROL)));
    assert.match(out, /odd step/);
  });

  it('the Markdown report escapes names, step types and models', () => {
    const out = renderMarkdown(hostile);
    assert.ok(!CONTROL.test(out));
    for (const line of out.split('\n')) assert.ok(!ACTIVE_MARKDOWN.test(line), line);
    // Each table row keeps its six cells whatever the names contain.
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && l.includes('generative'));
    for (const r of rows) assert.strictEqual(r.split(/(?<!\\)\|/).length - 2, 6, r);
  });

  it('the diff table and diff Markdown escape names, step types and models', () => {
    const d = diffReports(plainReport, hostile);
    assert.ok(d.steps.some((s) => s.id === 'odd'));
    const table = renderDiffTable(d);
    assert.ok(!CONTROL.test(table), JSON.stringify(table.match(CONTROL)));
    const mdOut = renderDiffMarkdown(d);
    assert.ok(!CONTROL.test(mdOut));
    for (const line of mdOut.split('\n')) assert.ok(!ACTIVE_MARKDOWN.test(line), line);
  });

  it('check output escapes file names and messages; SARIF URIs are percent-encoded', () => {
    const files = [{ file: 'agents/my `x`|y #1\u001b[2J.vf', findings: hostile.diagnostics }];
    const text = renderFindingsText(files);
    assert.ok(!CONTROL.test(text));
    const mdOut = renderFindingsMarkdown(files);
    for (const line of mdOut.split('\n')) assert.ok(!ACTIVE_MARKDOWN.test(line), line);
    assert.ok(mdOut.includes('``agents/my `x`\\|y #1 [2J.vf``'), mdOut);
    assert.strictEqual(artifactUri('agents\\my agent #1.vf'), 'agents/my%20agent%20%231.vf');
    const sarif = renderSarif(files, '0.0.0') as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.strictEqual(uri, 'agents/my%20%60x%60%7Cy%20%231%1B%5B2J.vf');
  });
});
