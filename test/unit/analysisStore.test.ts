/** The server's analysis store: requests during edits, closed documents, analyses that throw. */
import * as assert from 'assert';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { AnalysisStore, DEBOUNCE_MS, debounceOf, DocumentAnalysis, StoreHooks } from '../../src/server/analysisStore';
import { analyzeWithProject } from '../../src/node/project';
import { fixture } from '../helpers';

function store(analyse: typeof analyzeWithProject = analyzeWithProject) {
  const published: DocumentAnalysis[] = [];
  const logged: string[] = [];
  const hooks: StoreHooks = {
    published: (d) => published.push(d),
    progress: async (_uri, _bytes, work) => work(),
    failed: (_uri, detail) => logged.push(detail),
  };
  const source = { overrides: () => ({}), configPath: () => undefined, searchRoot: (f: string) => f };
  return { s: new AnalysisStore(hooks, source, analyse), published, logged };
}

describe('analysis store', () => {
  const text = fixture('loop.vf');

  it('takes the debounce an editor asks for (initializationOptions.debounceMs), within bounds', () => {
    assert.strictEqual(debounceOf(0), 0);
    assert.strictEqual(debounceOf(120.4), 120);
    assert.strictEqual(debounceOf(1e9), 10_000);
    assert.strictEqual(DEBOUNCE_MS, 300); // issue 13: the default stays 300
    for (const bad of [undefined, -1, NaN, Infinity, '50', null]) assert.strictEqual(debounceOf(bad), DEBOUNCE_MS);
  });

  it('a request during edits gets the newest version at once, without waiting for the debounce', async () => {
    const { s, published } = store();
    s.update('file:///a.vf', 1, text, 10_000);
    s.update('file:///a.vf', 2, text + ' ', 10_000);
    const d = await s.get('file:///a.vf');
    assert.strictEqual(d?.version, 2);
    assert.deepStrictEqual(
      published.map((p) => p.version),
      [2],
    );
    s.close('file:///a.vf');
  });

  it('a closed or unknown document has no analysis', async () => {
    const { s } = store();
    s.update('file:///b.vf', 1, text, 10_000);
    s.close('file:///b.vf');
    assert.strictEqual(await s.get('file:///b.vf'), undefined);
    assert.strictEqual(await s.get('file:///never.vf'), undefined);
  });

  it('an analysis that throws is logged with its stack and published as one error diagnostic', async () => {
    const { s, published, logged } = store(() => {
      throw new TypeError('boom');
    });
    s.update('file:///c.vf', 1, text, 10_000);
    const d = await s.get('file:///c.vf');
    assert.strictEqual(d?.report, undefined);
    assert.strictEqual(published.length, 1);
    const diags = published[0].error!.diagnostics;
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].rule, 'internal-error');
    assert.match(diags[0].message, /^Agent Cost could not analyse this file: internal error: TypeError: boom at /);
    assert.match(logged[0], /TypeError: boom\n\s+at /);
  });

  it('a stack overflow in the engine is reported as input nested too deeply', async () => {
    const { s, published } = store(() => {
      const down = (n: number): number => down(n + 1) + 1;
      return down(0) as never;
    });
    s.update('file:///d.vf', 1, text, 10_000);
    await s.get('file:///d.vf');
    assert.match(published[0].error!.message, /nested too deeply/);
  });

  it('a half-typed edit keeps the last good figures; an analysis that throws does not (no stale lenses)', async () => {
    let fail = false;
    const { s } = store((...args) => {
      if (fail) throw new TypeError('boom');
      return analyzeWithProject(...args);
    });
    s.update('file:///e.vf', 1, text, 0);
    assert.ok((await s.get('file:///e.vf'))?.report);
    s.update('file:///e.vf', 2, text.slice(0, 200), 0);
    const halfTyped = await s.get('file:///e.vf');
    assert.strictEqual(halfTyped?.error?.diagnostics[0].rule, 'invalid-json');
    assert.strictEqual(halfTyped?.lastGood?.version, 1);
    fail = true;
    s.update('file:///e.vf', 3, text, 0);
    const thrown = await s.get('file:///e.vf');
    assert.strictEqual(thrown?.error?.diagnostics[0].rule, 'internal-error');
    assert.strictEqual(thrown?.lastGood, undefined);
  });

  it('while an edit is analysed, the last version (its analysis, its parse and so its text) is let go', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const uri = 'file:///f.vf';
    let held: WeakRef<object>[] = [];
    let alive: number | undefined;
    const { s, published } = store((...args) => {
      if (args[0] !== text) {
        gc();
        alive = held.filter((r) => r.deref()).length;
      }
      return analyzeWithProject(...args);
    });
    s.update(uri, 1, text, 0);
    // Only weak references to version 1 here (kept in a function of its own, so no frame holds it).
    held = await (async () => {
      const d = (await s.get(uri))!;
      return [new WeakRef(d), new WeakRef(d.doc!), new WeakRef(d.report!), new WeakRef(d.analysis!)];
    })();
    published.length = 0; // (the test's own list of what was published)
    // A new WeakRef keeps its target until the current task ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const at = text.indexOf('Rewrite the answer') + 7;
    s.update(uri, 2, text.slice(0, at) + 'x' + text.slice(at), 0);
    const d2 = await s.get(uri);
    assert.strictEqual(d2?.parse, 'patched');
    assert.strictEqual(alive, 0);
  });
});
