/**
 * The real language server over stdio: lenses, hovers, diagnostics, custom requests — on our example
 * and on corpus files.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { fmtCredits } from '../../src/core/report/display';
import type { AnalysisResult, ReportResult, WhatIfResult } from '../../src/protocol';
import { CORPUS, FIXTURES, itCorpus, REPO } from '../helpers';
import { LspClient, useServer } from './lspClient';

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string };
}
interface HoverResult {
  contents: { kind: string; value: string };
}

const EDUCHAT = path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf');
const ZENDESK = path.join(CORPUS, 'voiceflow-gallagan__tico-zendesk-demo__ZendeskEmailDemo.vf');
const EXAMPLE = path.join(REPO, 'examples', 'pizza-order.vf');
const uriOf = (f: string) => `file://${f}`;
interface Position {
  line: number;
  character: number;
}

function cliJson(file: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'agent-cost.js'), 'report', file, '--format', 'json'], {
    encoding: 'utf8',
  });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('language server over stdio', function () {
  this.timeout(30_000);
  const server = useServer();
  let client: LspClient;
  beforeEach(() => (client = server()));

  const opened = new Set<string>();
  /** Opens `file` in the server once per suite; returns its first diagnostics (or null when already open). */
  async function ensureOpen(file: string) {
    if (opened.has(file)) return null;
    opened.add(file);
    return client.open(uriOf(file), readFileSync(file, 'utf8'));
  }

  /** Every engine finding is published at its step's position (file-level ones on the first line). */
  const diagnosticsAtTheirSteps = (file: string, rule: string) => async () => {
    const d = (await ensureOpen(file))!;
    const engine = (cliJson(file).diagnostics as { rule: string; range: { start: Position } | null }[]).map(
      (x) => `${x.rule}@${x.range?.start.line ?? 0}:${x.range?.start.character ?? 0}`,
    );
    const published = d.diagnostics.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`);
    assert.deepStrictEqual(published.sort(), engine.sort());
    assert.ok(
      d.diagnostics.some((x) => x.code === rule && x.range.start.line > 0),
      published.join(', '),
    );
    for (const x of d.diagnostics) assert.ok(x.message.length > 0);
  };
  it('publishes engine diagnostics at their steps (example)', diagnosticsAtTheirSteps(EXAMPLE, 'history-growth'));
  itCorpus(
    'publishes engine diagnostics at their steps (corpus: Zendesk Email)',
    diagnosticsAtTheirSteps(ZENDESK, 'high-output-cap'),
  );

  const sameAsCli = (file: string) => async () => {
    await ensureOpen(file);
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
    assert.ok(a.ok);
    const cli = cliJson(file);
    const strip = (r: Record<string, unknown>) => ({ ...r, file: { ...(r.file as object), name: null } });
    assert.deepStrictEqual(strip(a.report as unknown as Record<string, unknown>), strip(cli));
  };
  it('gives the same report as the CLI, to the last decimal (example)', sameAsCli(EXAMPLE));
  itCorpus('gives the same report as the CLI, to the last decimal (corpus: EduChat)', sameAsCli(EDUCHAT));

  const lensesOnSteps = (file: string) => async () => {
    await ensureOpen(file);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
    assert.ok(a.ok);
    const text = readFileSync(file, 'utf8').split('\n');
    const gen = a.report.steps.find((s) => s.type === 'generative' && s.reachable)!;
    const lens = lenses.find(
      (l) => l.range.start.line === gen.range!.start.line && l.command.title.includes(' cr · '),
    )!;
    assert.ok(lens, 'no lens on the generative step');
    assert.strictEqual(lens.command.title, `${gen.name} · ≈${fmtCredits(gen.credits)} cr · ${gen.model}`);
    assert.match(text[gen.range!.start.line], /\{\s*$/);
    assert.match(
      lenses[0].command.title,
      new RegExp(
        `^Agent cost: ${fmtCredits(a.report.conversation.credits.expected).replace('.', '\\.')} credits/conversation`,
      ),
    );
    // Free steps get no lens unless the user asks for them.
    assert.ok(!lenses.some((l) => / · free · /.test(l.command.title)));
    // Turns are named (intent, block or agent) by the engine.
    const named = a.report.turns.find((t) => t.kind !== 'launch' && t.reachable)!;
    assert.ok(lenses.some((l) => l.command.title.startsWith(`${named.name}: `) && / cr\/turn/.test(l.command.title)));
    assert.strictEqual(lenses[0].command.command, 'agentCost.server.showReport');
  };
  it(
    'puts a lens on each costly step, at the line of its own JSON object, with the CLI figure (example)',
    lensesOnSteps(EXAMPLE),
  );
  itCorpus(
    'puts a lens on each costly step, at the line of its own JSON object, with the CLI figure (corpus: EduChat)',
    lensesOnSteps(EDUCHAT),
  );

  itCorpus('hovers a prompt string with the token breakdown, rate source and date, and a cheaper model', async () => {
    await ensureOpen(EDUCHAT);
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(EDUCHAT) });
    assert.ok(a.ok);
    const lines = readFileSync(EDUCHAT, 'utf8').split('\n');
    const gen = a.report.steps.find((s) => s.type === 'generative' && s.model === 'gpt-4')!;
    let line = gen.range!.start.line;
    while (!lines[line].includes('"prompt"')) line++;
    const h = await client.request<HoverResult>('textDocument/hover', {
      textDocument: { uri: uriOf(EDUCHAT) },
      position: { line, character: lines[line].indexOf('"prompt"') + 12 },
    });
    const v = h.contents.value;
    // The hovered string's own tokens come first.
    assert.match(v.split('\n')[0], /^\*\*This prompt: [\d,]+ tokens\*\*$/);
    // Tokens by part, one row each (parts with none left out), then input and output.
    const rows = /\| tokens \| \|\n\|:---\|---:\|\n(\| [a-z ]+ \| [\d,]+ \|\n)+/;
    assert.match(v, new RegExp(`${rows.source}\\| \\*\\*input\\*\\* \\| \\*\\*[\\d,]+\\*\\* \\|`));
    assert.match(v, /\n\| prompt \| [\d,]+ \|\n/);
    assert.match(v, /\| output \(expected \/ max\) \| [\d,]+ \/ [\d,]+ \|/);
    assert.match(v, /Rate: `gpt-4` \(OpenAI\): 6 \/ 12 credits per 1K input \/ output tokens, checked 2026-08-21/);
    assert.ok(!/§|voiceflow-pricing/.test(v), 'no internal references');
    assert.match(v, /On `gpt-4o-mini`: ≈[\d.]+ credits per run \(−\d+ %\)/);
    assert.match(v, /Assumptions: .*`expectedOutputTokens=150`.*Rate card checked 2026-08-21/);
    assert.ok(!/`[^`]*\\_[^`]*`/.test(v), 'no \\_ escapes inside code spans');
    // Anchored to the word under the pointer, not to the step's first line.
    const hr = (h as unknown as { range: { start: { line: number } } }).range;
    assert.strictEqual(hr.start.line, line);
  });

  it('escapes text from the file in hovers', async () => {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    const n = doc.diagrams['d-main'].nodes;
    n.g1.data.name = '![x](https://evil.example/p.png) <img src=x onerror=alert(1)>';
    n.evil = { nodeID: 'evil', type: 'x` [click](https://evil.example) `', data: { name: 'evil' } };
    n.blk1.data.steps.push('evil');
    const uri = 'file:///tmp/evil.vf';
    const text = JSON.stringify(doc, null, 2);
    await client.open(uri, text);
    const lines = text.split('\n');
    for (const id of ['g1', 'evil']) {
      const line = lines.findIndex((l) => l.includes(`"nodeID": "${id}"`));
      const h = await client.request<HoverResult>('textDocument/hover', {
        textDocument: { uri },
        position: { line, character: 6 },
      });
      // Text inside code spans renders literally (no links, no images, no HTML): check the rest,
      // where a backslash escape (`\<`, `\[`) shows the character itself.
      const v = h.contents.value.replace(/`[^`\n]*`/g, '');
      assert.ok(!/(?<!\\)!\[x(?<!\\)\]\(|(?<!\\)<img|(?<!\\)\]\(https:\/\/evil/.test(v), v.slice(0, 300));
      if (id === 'g1') assert.match(v, /\*\*!\\\[x\\\]\(https\\:\/\/evil\.example\/p\.png\) \\<img src=x/);
    }
  });

  it('reports parse errors of a half-typed file with their position, and recovers when fixed', async () => {
    const uri = 'file:///tmp/half.vf';
    const full = readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8');
    const d = await client.open(uri, full.slice(0, 300));
    assert.strictEqual(d.diagnostics[0].code, 'invalid-json');
    assert.match(d.diagnostics[0].message, /line \d+, column \d+/);
    const fixed = await client.change(uri, 2, full);
    assert.strictEqual(fixed.version, 2);
    assert.ok(!fixed.diagnostics.some((x) => x.code === 'invalid-json'));
  });

  it('says clearly when a .vf file is not an export, and answers at once for ordinary .json files', async () => {
    const d = await client.open('file:///tmp/not.vf', '{"name": "package"}');
    assert.match(d.diagnostics[0].message, /Not a Voiceflow export/);
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///tmp/package.json', languageId: 'json', version: 1, text: '{"name": "x"}' },
    });
    const a = await client.request<AnalysisResult | null>('agentCost/analysis', { uri: 'file:///tmp/package.json' });
    assert.deepStrictEqual(a, { ok: false, version: 1, error: 'Not a Voiceflow export', notAnExport: true });
  });

  it('only the latest of rapid edits is analysed and published', async () => {
    const uri = 'file:///tmp/rapid.vf';
    const text = readFileSync(path.join(FIXTURES, 'loop.vf'), 'utf8');
    await client.open(uri, text);
    const next = client.nextDiagnostics(uri);
    for (let v = 2; v <= 6; v++)
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ text: text + ' '.repeat(v) }],
      });
    const d = await next;
    assert.strictEqual(d.version, 6);
  });

  itCorpus('renders the report and a what-if on another model', async () => {
    await ensureOpen(EDUCHAT);
    const md = await client.request<ReportResult>('agentCost/report', { uri: uriOf(EDUCHAT), format: 'markdown' });
    assert.match(md.text, /^# Agent cost: EduChat V1/);
    const w = await client.request<WhatIfResult>('agentCost/whatIf', { uri: uriOf(EDUCHAT), model: 'gpt-4o-mini' });
    assert.ok(w.after);
    assert.ok(Number(w.after!.conversation) < Number(w.before.conversation));
    const bad = await client.request<WhatIfResult>('agentCost/whatIf', { uri: uriOf(EDUCHAT), model: 'gpt-99' });
    assert.strictEqual(bad.after, null);
  });

  it('offers to format a minified export, and formats it', async () => {
    const uri = 'file:///tmp/min.vf';
    const doc = JSON.stringify(JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8')));
    await client.open(uri, doc);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    // One lens at the top, not one per step piled up on line 1.
    assert.strictEqual(lenses.length, 1);
    assert.strictEqual(lenses[0].command.command, 'agentCost.server.formatExport');
    assert.match(lenses[0].command.title, /format it \(2-space indent\)/);
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(edits.length > 10);
  });
});

describe('language server progress on a large export', function () {
  this.timeout(60_000);
  it('reports work-done progress while a file over 1 MB is analysed', async () => {
    const client = new LspClient();
    await client.initialize();
    const base = JSON.parse(readFileSync(path.join(FIXTURES, 'branches.vf'), 'utf8'));
    const big = JSON.stringify({ ...base, padding: 'x'.repeat(1_200_000) });
    await client.open('file:///tmp/big.vf', big);
    await client.close();
    assert.deepStrictEqual(
      client.progress.map((p) => p.split(':')[0]),
      ['begin', 'end'],
    );
    assert.match(client.progress[0], /Analysing big\.vf \(1\.\d MB\)/);
  });
});

describe('language server: editor settings mapped by the settings table', function () {
  this.timeout(30_000);
  const server = useServer({ 'traffic.turnsPerConversation': 7, assumptions: { loopCap: 4 } });
  const file = path.join(FIXTURES, 'loop.vf');

  it('applies the initial settings, and a bad value is named in a warning and dropped', async () => {
    const client = server();
    await client.open(uriOf(file), readFileSync(file, 'utf8'));
    const turns = async () => {
      const a = await client.request<AnalysisResult>('agentCost/analysis', { uri: uriOf(file) });
      assert.ok(a.ok);
      return [a.report.conversation.turns, a.report.assumptions.find((x) => x.key === 'loopCap')!.value];
    };
    assert.deepStrictEqual(await turns(), [7, 4]);
    const message = client.nextMessage();
    const again = client.nextDiagnostics(uriOf(file));
    await client.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { agentCost: { traffic: { turnsPerConversation: 1e9 }, assumptions: { loopCap: 4 } } },
    });
    assert.match(
      await message,
      /agentCost\.traffic\.turnsPerConversation: turnsPerConversation must be an integer from 1 to 200, got 1000000000/,
    );
    await again;
    assert.deepStrictEqual(await turns(), [5, 4]);
  });
});
