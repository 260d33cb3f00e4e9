/**
 * The language server's incremental analysis equals a full analysis, exactly: a document is
 * edited hundreds of times (prompts typed into, models and caps changed, ports rewired, blocks
 * renamed, the JSON broken and mended, text outside the nodes changed), and after every edit the
 * store's analysis (patched from the previous version, engine caches warm) is compared with a
 * fresh full analysis of the same text (caches emptied first), as report JSON and diagnostics.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { generateExport } from '../../bench/generate';
import { canvasReads } from '../../src/core/formats/voiceflow/read';
import { apartFromEngineCaches } from '../../src/core/memo';
import { analyzeWithProject } from '../../src/node/project';
import { AnalysisStore, DocumentAnalysis } from '../../src/server/analysisStore';
import { fixture, REPO, seeded } from '../helpers';

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-3-haiku', 'claude-3.5-sonnet', 'gpt-4.1-nano', 'no-such-model'];

type Edit = (text: string, rand: () => number) => string | undefined;

const pick = <T>(xs: T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)];

/** Replaces what `re` matched (one match, picked at random) by `f` of it. */
function at(re: RegExp, f: (m: RegExpMatchArray, rand: () => number) => string): Edit {
  return (text, rand) => {
    const all = [...text.matchAll(re)];
    if (!all.length) return undefined;
    const m = pick(all, rand);
    return text.slice(0, m.index!) + f(m, rand) + text.slice(m.index! + m[0].length);
  };
}

const EDITS: [string, Edit][] = [
  // Typing and deleting inside prompts and texts (the common case).
  [
    'type in a string',
    at(/"(prompt|system|instructions|text|content)": "([^"\\]{2,})"/g, (m, rand) => {
      const s = m[2];
      const i = Math.floor(rand() * s.length);
      const typed = pick(['x', ' more words', '{last_utterance}', ''], rand);
      return `"${m[1]}": "${s.slice(0, i)}${typed}${s.slice(i + 1)}"`;
    }),
  ],
  ['change a model', at(/"model": "[^"]*"/g, (_m, rand) => `"model": "${pick(MODELS, rand)}"`)],
  ['change a cap', at(/"maxTokens": \d+/g, (_m, rand) => `"maxTokens": ${pick([1, 50, 300, 4000], rand)}`)],
  ['rename a block', at(/"name": "([^"\\]*)"/g, (m, rand) => `"name": "${m[1]}${pick(['!', ' 2'], rand)}"`)],
  [
    'rewire a port',
    (text, rand) => {
      const ids = [...text.matchAll(/"nodeID": "([^"]+)"/g)].map((m) => m[1]);
      return at(/"target": "[^"]*"/g, () => `"target": "${pick(ids, rand)}"`)(text, rand);
    },
  ],
  // The first name in a file is the project's (outside every node).
  ['change the project name', (text) => text.replace(/"name": "[^"]*"/, '"name": "Renamed project"')],
  ['add a line break between values', at(/,\n/g, () => ',\n\n')],
  // Inside a step, before its text: every source range after it moves down (or, joined, up).
  ['break a line in a step', at(/("(?:prompt|text|content)": ")/g, (m) => `\n${m[1]}`)],
  // Keys that are also Object.prototype's, with text under them the next edits may type into.
  [
    'add prototype-named keys to a step',
    at(/"data": \{/g, () => '"data": { "__proto__": { "text": "proto" }, "constructor": { "prompt": "ctor" },'),
  ],
  ['join two lines', at(/,\n\s*"(?:prompt|text|content)"/g, (m) => m[0].replace(/\n\s*/, ' '))],
];

/** Edits `text`: one of EDITS, or (sometimes) breaks the JSON, which the next edit mends. */
function edit(text: string, rand: () => number, broken: string | undefined): { text: string; broken?: string } {
  if (broken !== undefined) return { text: broken };
  if (rand() < 0.08) {
    const i = text.indexOf('"prompt"');
    const at = i > 0 ? i : Math.floor(text.length / 2);
    return { text: `${text.slice(0, at)}"${text.slice(at)}`, broken: text };
  }
  for (;;) {
    const [, e] = pick(EDITS, rand);
    const next = e(text, rand);
    if (next !== undefined && next !== text) return { text: next };
  }
}

function store(): AnalysisStore {
  const hooks = {
    published: () => undefined,
    progress: async <T>(_u: string, _b: number, w: () => T) => w(),
    failed: () => undefined,
  };
  return new AnalysisStore(hooks, { overrides: () => ({}), configPath: () => undefined, searchRoot: (f) => f });
}

/** The store's incremental analysis and a fresh one agree on every figure and every finding. */
function sameAsFull(s: AnalysisStore, uri: string, inc: DocumentAnalysis, text: string): void {
  let fresh: ReturnType<typeof analyzeWithProject> | undefined;
  let error: string | undefined;
  try {
    // With every cache empty, leaving the store's caches as they were (warm, as in an editor).
    fresh = apartFromEngineCaches(() => analyzeWithProject(text, s.projectFor(uri), uri));
  } catch (e) {
    error = JSON.stringify((e as { diagnostics?: unknown }).diagnostics ?? String(e));
  }
  if (!fresh) return assert.strictEqual(JSON.stringify(inc.error?.diagnostics), error);
  assert.strictEqual(inc.error, undefined);
  assert.strictEqual(JSON.stringify(inc.report), JSON.stringify(fresh.report));
  assert.strictEqual(JSON.stringify(inc.analysis!.diagnostics), JSON.stringify(fresh.analysis.diagnostics));
  for (const o of [0, Math.floor(text.length / 3), text.length - 1, text.length])
    assert.deepStrictEqual(inc.lines.position(o), fresh.lines.position(o));
}

/** Runs `n` edits on `text` through the store and checks each; returns how many were patched. */
function editMany(text: string, n: number, seed: number): { patched: number; full: number } {
  const s = store();
  const uri = 'file:///agent.vf';
  const rand = seeded(seed);
  let good = s.analyseNow(uri, 1, text);
  let broken: string | undefined;
  const counts = { patched: 0, full: 0 };
  for (let v = 2; v <= n + 1; v++) {
    const e = edit(text, rand, broken);
    text = e.text;
    broken = e.broken;
    const inc = s.analyseNow(uri, v, text, {}, good.doc);
    if (inc.parse) counts[inc.parse]++;
    sameAsFull(s, uri, inc, text);
    if (inc.report) good = inc;
  }
  return counts;
}

describe('incremental analysis equals a full analysis', function () {
  this.timeout(120_000);

  for (const name of [
    'pizza-order.vf',
    'agent.vf',
    'component.vf',
    'global-entries.vf',
    'loop.vf',
    'kb.vf',
    // Unknown step types (warnings placed on steps), a Set step's text as a variable, repeated ids.
    'bad-steps.vf',
    'unbudgeted.vf',
    'repeated-ids.vf',
    '2026/agentic-chat-support.vf.json',
  ]) {
    it(`after 150 random edits of ${name}`, () => {
      const text = name === 'pizza-order.vf' ? readFileSync(path.join(REPO, 'examples', name), 'utf8') : fixture(name);
      const before = { ...canvasReads };
      const c = editMany(text, 150, name.length * 31);
      assert.ok(c.patched >= 10, `patched ${c.patched}, parsed whole ${c.full}`);
      // Most patched edits are in a step's text: the last read of the flow is reused for them.
      const reused = canvasReads.reused - before.reused;
      assert.ok(reused > c.patched / 3, `reused the last read ${reused} times of ${c.patched} patched`);
    });
  }

  it('after 60 random edits of a generated 200 KB export with 40 topics', () => {
    const c = editMany(generateExport(200_000, 5, 10), 60, 99);
    assert.ok(c.patched > c.full, `patched ${c.patched}, parsed whole ${c.full}`);
  });
});

describe('what-ifs on a kept version equal a full analysis', function () {
  this.timeout(60_000);

  it('re-prices every step when the settings change, and again when they change back', () => {
    const s = store();
    const uri = 'file:///agent.vf';
    const text = readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8');
    const first = s.analyseNow(uri, 1, text);
    // The same version (its parse kept): the flow is reused, the prices must not be.
    for (const extra of [{ modelOverride: 'gpt-4o' }, { modelOverride: 'claude-3-haiku' }, {}]) {
      const again = s.analyseNow(uri, 1, text, extra, first.doc);
      const fresh = apartFromEngineCaches(() => analyzeWithProject(text, s.projectFor(uri, extra), uri));
      assert.strictEqual(JSON.stringify(again.report), JSON.stringify(fresh.report), JSON.stringify(extra));
    }
  });
});

describe('two documents edited in turn', function () {
  this.timeout(60_000);

  it('each reuses its own last read, and each equals a full analysis', () => {
    const s = store();
    const docs = ['pizza-order.vf', 'kb.vf'].map((name, i) => {
      const text = name === 'pizza-order.vf' ? readFileSync(path.join(REPO, 'examples', name), 'utf8') : fixture(name);
      const uri = `file:///doc${i}.vf`;
      return { uri, text, good: s.analyseNow(uri, 1, text) };
    });
    const before = canvasReads.reused;
    for (let v = 2; v <= 9; v++) {
      for (const d of docs) {
        // Type one more character into the first prompt or text of the document.
        const at = d.text.search(/"(prompt|text)": "/) + 12;
        d.text = `${d.text.slice(0, at)}x${d.text.slice(at)}`;
        d.good = s.analyseNow(d.uri, v, d.text, {}, d.good.doc);
        sameAsFull(s, d.uri, d.good, d.text);
      }
    }
    assert.strictEqual(canvasReads.reused - before, 16);
  });
});
