/**
 * Robustness on exports nobody wrote by hand: seeded random corruption of every corpus export
 * (wrong types, dangling or self ports, missing tables, truncation). The analysis must either
 * finish or raise ExportError with a positioned message — never another exception.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyze } from '../../src/core/analyze';
import { ExportError } from '../../src/core/json/document';
import { normaliseSettings } from '../../src/core/settings';
import { CORPUS, corpusFiles } from '../helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const JUNK: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], {}, [null], { target: 42 }, '{{[', '{vf_memory}'];

function mutate(doc: any, rand: () => number): void {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const junk = () => structuredClone(pick(JUNK));
  const nodes: any[] = Object.values(doc.diagrams ?? {}).flatMap((d: any) => Object.values(d?.nodes ?? {}));
  const ids = nodes.map((n) => n?.nodeID).filter(Boolean);
  for (let i = 0; i < 6; i++) {
    const n = pick(nodes);
    if (!n || typeof n !== 'object') continue;
    switch (Math.floor(rand() * 8)) {
      case 0:
        n.data = junk();
        break;
      case 1:
        if (n.data && typeof n.data === 'object') {
          const k = pick(Object.keys(n.data));
          if (k) n.data[k] = junk();
        }
        break;
      case 2:
        n.type = pick(['generative', 'agent', 'block', 'component', 'buttons', 'hologram', 42 as any]);
        break;
      case 3: {
        const p = n.data?.portsV2?.builtIn?.next;
        if (p) p.target = pick([...ids, 'missing', n.nodeID]);
        break;
      }
      case 4:
        if (Array.isArray(n.data?.steps)) n.data.steps.push(pick([...ids, 'missing', n.nodeID, 7]));
        break;
      case 5:
        if (n.data && typeof n.data === 'object') n.data.diagramID = pick([...Object.keys(doc.diagrams), 'missing']);
        break;
      case 6:
        doc[pick(['agents', 'prompts', 'responses', 'responseMessages', 'intents', 'variables'])] = junk();
        break;
      case 7:
        if (doc.version && typeof doc.version === 'object')
          doc.version[pick(['programResources', 'settings', 'platformData', 'rootDiagramID'])] = junk();
        break;
    }
  }
}

describe('mutated corpus exports never crash the engine', function () {
  this.timeout(120_000);
  const settings = normaliseSettings({});
  for (const f of corpusFiles()) {
    it(f, () => {
      const text = readFileSync(path.join(CORPUS, f), 'utf8');
      const rand = rng(f.length * 7919);
      for (let round = 0; round < 30; round++) {
        const doc = JSON.parse(text);
        mutate(doc, rand);
        const variants = [JSON.stringify(doc), JSON.stringify(doc).slice(0, Math.floor(rand() * text.length))];
        for (const v of variants) {
          try {
            const a = analyze(v, settings);
            assert.ok(Array.isArray(a.steps));
          } catch (e) {
            if (!(e instanceof ExportError)) throw new Error(`round ${round}: ${(e as Error).stack}`, { cause: e });
            assert.ok(e.diagnostics[0].message.length > 0);
          }
        }
      }
    });
  }
});
