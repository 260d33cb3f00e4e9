/**
 * The cost map's data (positions from coords, colours from costs, flags, edges, fallback layout)
 * and its SVG: a snapshot of a hand-made fixture (regenerate with UPDATE_EXPECTED=1 and review),
 * hostile names escaped, and figures derived by hand from the per-step credits.
 */
import * as assert from 'assert';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { analyzeFlow } from '../../src/core/analyze';
import { readExport } from '../../src/core/formats/index';
import { buildCostMap, CostMap, MapNode, renderHtml, renderSvg } from '../../src/core/map/index';
import { LEVELS, scaleOf } from '../../src/core/map/scale';
import { fit } from '../../src/core/map/svg';
import { Decimal } from '../../src/core/pricing/money';
import { normaliseSettings } from '../../src/core/settings';
import { CORPUS, corpusFiles, fixture, FIXTURES, itCorpus } from '../helpers';

function mapOf(text: string): CostMap {
  const { flow } = readExport(text);
  return buildCostMap(flow, analyzeFlow(flow, normaliseSettings({})));
}

/** The fixture as an object, to change before mapping. */
const doc = () => JSON.parse(fixture('cost-map.vf'));
const node = (m: CostMap, id: string): MapNode => {
  const n = m.pages.flatMap((p) => p.nodes).find((x) => x.id === id);
  assert.ok(n, `no node ${id}`);
  return n;
};

describe('cost map: layout data', () => {
  const map = mapOf(fixture('cost-map.vf'));
  const root = map.pages.find((p) => p.id === 'd-main')!;

  it('has one page per diagram, the launch diagram first shown', () => {
    assert.deepStrictEqual(
      map.pages.map((p) => [p.id, p.name, p.type, p.layout]),
      [
        ['d-main', 'ROOT', 'TOPIC', 'canvas'],
        ['d-comp', 'Lookup', 'COMPONENT', 'canvas'],
      ],
    );
    assert.strictEqual(map.defaultPage, 'd-main');
  });

  it('puts blocks and the start where the file’s coords say', () => {
    const at = (id: string) => [node(map, id).x, node(map, id).y];
    assert.deepStrictEqual(at('blk-welcome'), [200, 80]);
    assert.deepStrictEqual(at('blk-ask'), [560, 80]);
    assert.deepStrictEqual(at('blk-answer'), [900, 40]);
    assert.deepStrictEqual(at('start00000000000000000000'), [0, 100]);
    assert.strictEqual(node(map, 'start00000000000000000000').kind, 'start');
    // The actions card of the fixture has its container's coords, near the row that leads to it.
    assert.deepStrictEqual(at('set1'), [800, 200]);
    for (const n of root.nodes) assert.strictEqual(n.placed, false, n.id);
  });

  it('lists each block’s steps as rows, in order, and leaves canvas notes out', () => {
    assert.deepStrictEqual(
      node(map, 'blk-welcome').rows.map((r) => [r.stepId, r.name, r.kind, r.model]),
      [
        ['msg', 'Say hi', 'free', null],
        ['greet', 'Greeting AI', 'llm', 'gpt-4o-mini'],
      ],
    );
    assert.strictEqual(node(map, 'blk-ask').rows[0].kind, 'wait');
    assert.ok(!root.nodes.some((n) => n.id === 'note'));
  });

  it('sums a block’s credits per run from its steps (hand check)', () => {
    const { flow } = readExport(fixture('cost-map.vf'));
    const a = analyzeFlow(flow, normaliseSettings({}));
    const c = (id: string) => a.steps.find((s) => s.id === id)!.credits!;
    assert.strictEqual(node(map, 'blk-welcome').credits, c('greet').toString());
    assert.strictEqual(node(map, 'blk-retry').credits, c('rewrite').plus(c('check')).toString());
    assert.strictEqual(node(map, 'blk-answer').credits, c('answer').plus(c('lookup')).toString());
    assert.strictEqual(node(map, 'blk-ask').credits, '0');
    assert.strictEqual(node(map, 'blk-welcome').label, '0.0081');
  });

  it('colours by cost on one sequential scale: free 0, dearest the top level, order kept', () => {
    const all = map.pages.flatMap((p) => p.nodes).filter((n) => n.credits !== null);
    assert.strictEqual(node(map, 'blk-ask').level, 0);
    assert.strictEqual(node(map, 'blk-answer').level, LEVELS);
    assert.strictEqual(node(map, 'blk-welcome').level, 1);
    for (const a of all)
      for (const b of all)
        if (new Decimal(a.credits!).gt(b.credits!))
          assert.ok((a.level as number) >= (b.level as number), `${a.id} ${a.level} < ${b.id} ${b.level}`);
    assert.deepStrictEqual(
      map.legend.run.map((l) => l.level),
      [0, 1, 2, 3, 4, 5],
    );
    // The scale spans max/100 … max on a log scale (hand: 0.00323 × 100^(4/5) = 0.1286).
    assert.strictEqual(map.legend.run[1].label, 'up to 0.008113');
    assert.strictEqual(map.legend.run[LEVELS].label, '0.1286–0.323');
  });

  it('sums credits per conversation (visits × cost) and colours them on their own scale (hand check)', () => {
    const { flow } = readExport(fixture('cost-map.vf'));
    const a = analyzeFlow(flow, normaliseSettings({}));
    const s = (id: string) => a.steps.find((x) => x.id === id)!;
    // The answer runs 2.5 times per conversation (hand: 0.323 × 2.5 = 0.8075).
    assert.strictEqual(s('answer').visits.toString(), '2.5');
    assert.strictEqual(node(map, 'blk-answer').perConversation, '0.8075');
    assert.strictEqual(
      node(map, 'blk-retry').perConversation,
      s('rewrite').creditsPerConversation!.plus(s('check').creditsPerConversation!).toString(),
    );
    assert.strictEqual(node(map, 'blk-answer').rows[0].perConversation, '0.8075');
    assert.strictEqual(node(map, 'blk-answer').conversationLevel, LEVELS);
    assert.strictEqual(node(map, 'blk-ask').conversationLevel, 0);
    assert.ok(map.legend.conversation.some((l) => l.level === LEVELS));
  });

  it('greys blocks no conversation reaches, and only those', () => {
    const orphan = node(map, 'blk-orphan');
    assert.strictEqual(orphan.unreachable, true);
    assert.strictEqual(orphan.perConversation, '0');
    assert.match(orphan.summary, /unreachable/);
    for (const n of root.nodes) if (n.id !== 'blk-orphan') assert.strictEqual(n.unreachable, false, n.id);
    assert.match(renderSvg(map, root), /class="node block lv0 cv0 unreachable" data-block-id="blk-orphan"/);
  });

  it('marks waits, loops with cost, and component calls', () => {
    assert.ok(node(map, 'blk-ask').waits);
    assert.ok(node(map, 'blk-retry').unbounded);
    assert.ok(!node(map, 'blk-welcome').unbounded && !node(map, 'blk-welcome').loop);
    const lookup = node(map, 'blk-answer').rows.find((r) => r.stepId === 'lookup')!;
    assert.strictEqual(lookup.subflowPage, 'd-comp');
    assert.strictEqual(lookup.subflowName, 'Lookup');
  });

  it('draws edges from rows to nodes, not between consecutive rows of a block', () => {
    const e = root.edges.map((x) => `${x.from}:${x.fromRow}->${x.to}:${x.toRow}${x.loop ? ' loop' : ''}`).sort();
    assert.deepStrictEqual(
      e,
      [
        'blk-answer:1->blk-ask:-1',
        'blk-ask:0->blk-answer:-1',
        'blk-ask:0->set1:-1',
        'blk-retry:1->blk-ask:-1',
        'blk-retry:1->blk-retry:-1 loop',
        'blk-welcome:1->blk-ask:-1',
        'set1:-1->blk-retry:-1',
        'start00000000000000000000:-1->blk-welcome:-1',
      ]
        .sort()
        .map((s) => s.replace('set1:-1->', 'set1:0->')),
    );
    for (const x of root.edges) assert.match(x.d, /^M-?[\d.]+ -?[\d.]+[CL]/);
  });

  it('routes back edges around as loops: out of the right side, over both nodes, into the title from above', () => {
    const back = root.edges.find((e) => e.from === 'blk-answer' && e.to === 'blk-ask')!;
    // Hand: Answer's right side x 1140 at its row y 115, out 24 to x 1164, up to 24 above the higher
    // node (Answer y 40 → y 16), left to 24 inside Ask (x 584), down into Ask's top (y 80); corners r 8.
    assert.strictEqual(
      back.d,
      'M1140 115L1156 115Q1164 115 1164 107L1164 24Q1164 16 1156 16L592 16Q584 16 584 24L584 80',
    );
    // The second back edge into Ask and out at the same x takes the next lanes (7 apart).
    const retry = root.edges.find((e) => e.from === 'blk-retry' && e.to === 'blk-ask')!;
    assert.match(retry.d, /^M1140 375L1163 375Q1171 375 1171 367L1171 57Q1171 49 1163 49L599 49Q591 49 591 57L591 80$/);
    // A target lower down is entered from just above it, not over the source.
    const down = root.edges.find((e) => e.from === 'set1' && e.to === 'blk-retry')!;
    assert.match(down.d, /L924 300$/);
    assert.match(down.d, / 276L/);
    // Forward edges stay single curves.
    assert.match(root.edges.find((e) => e.from === 'blk-ask' && e.to === 'blk-answer')!.d, /^M800 119C/);
  });

  it('draws no edge for an agent that stays in the conversation (not a port), and shows its model', () => {
    const m = mapOf(fixture('agent.vf'));
    const blk = node(m, 'blk1');
    const ag = blk.rows.find((r) => r.stepId === 'ag')!;
    assert.ok(ag.waits && ag.kind === 'llm' && ag.model, JSON.stringify(ag));
    assert.ok(!m.pages.flatMap((p) => p.edges).some((e) => e.from === 'blk1' && e.to === 'blk1'));
  });

  it('puts an actions card on its path, between the row that leads to it and its target', () => {
    const card = node(map, 'set1');
    const ask = node(map, 'blk-ask');
    const retry = node(map, 'blk-retry');
    assert.strictEqual(card.kind, 'actions');
    assert.ok(card.x >= ask.x + ask.w, `${card.x}`);
    const mid = card.y + card.h / 2;
    assert.ok(mid > ask.y + 28 && mid < retry.y, `${card.y}`);
    assert.ok(map.legend.notes.some((n) => /actions on a path/.test(n)));
  });

  it('puts an actions card with stale coords (origin, far away) on its path instead, never over a block', () => {
    const overlaps = (m: CostMap) => {
      const card = node(m, 'set1');
      return m.pages[0].nodes.filter(
        (n) =>
          n !== card &&
          !(card.x >= n.x + n.w || n.x >= card.x + card.w || card.y >= n.y + n.h || n.y >= card.y + card.h),
      );
    };
    for (const coords of [
      [0, 0],
      [5000, -4000],
    ]) {
      const d = doc();
      d.diagrams['d-main'].nodes.act1.coords = coords;
      const m = mapOf(JSON.stringify(d));
      const card = node(m, 'set1');
      // Hand: right of Ask (800 + 100/2), halfway between its row (y 119) and Retry's title (y 314).
      assert.deepStrictEqual([card.x, card.y, card.placed], [850, Math.round((119 + 314) / 2 - 14), true]);
      assert.deepStrictEqual(overlaps(m), []);
    }
    // Near its row but over the Answer block: moved down until clear of it.
    const d = doc();
    d.diagrams['d-main'].nodes.act1.coords = [950, 60];
    const m = mapOf(JSON.stringify(d));
    assert.strictEqual(node(m, 'set1').x, 950);
    assert.ok(node(m, 'set1').y >= 40 + 92, `${node(m, 'set1').y}`);
    assert.deepStrictEqual(overlaps(m), []);
  });

  it('orders blocks by cost for the text alternative', () => {
    assert.deepStrictEqual(root.byCost.slice(0, 3), ['blk-answer', 'blk-retry', 'blk-welcome']);
    assert.match(
      node(map, 'blk-retry').summary,
      /^Retry: 0\.0129 credits per run · 0\.03225 credits per conversation · in a loop with cost/,
    );
  });

  it('carries an unknown price as unknown, never as free', () => {
    const d = doc();
    d.diagrams['d-main'].nodes.answer.data.model = 'no-such-model';
    const m = mapOf(JSON.stringify(d));
    const answer = node(m, 'blk-answer');
    assert.strictEqual(answer.credits, null);
    assert.strictEqual(answer.level, 'unknown');
    assert.strictEqual(answer.rows[0].kind, 'unknown');
    assert.ok(m.legend.run.some((l) => l.level === 'unknown'));
    assert.match(renderSvg(m, m.pages[0]), /data-block-id="blk-answer" data-kind="block" data-credits="unknown"/);
    assert.strictEqual(m.pages[0].byCost[0], 'blk-answer');
  });

  it('lays out blocks without coords in columns by flow order, and says so', () => {
    const d = doc();
    for (const dg of Object.values(d.diagrams) as { nodes: Record<string, { coords?: unknown }> }[])
      for (const n of Object.values(dg.nodes)) delete n.coords;
    const m = mapOf(JSON.stringify(d));
    assert.strictEqual(m.pages[0].layout, 'layered');
    const x = (id: string) => node(m, id).x;
    assert.ok(x('blk-welcome') < x('blk-ask') && x('blk-ask') < x('blk-answer'), 'columns follow the flow');
    assert.ok(node(m, 'start00000000000000000000').x < x('blk-welcome'));
    assert.ok(m.legend.notes.some((n) => /without a canvas position \(ROOT, Lookup\)/.test(n)));
    const boxes = m.pages[0].nodes.filter((n) => n.kind === 'block');
    for (const a of boxes)
      for (const b of boxes)
        if (a !== b)
          assert.ok(
            a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y,
            `${a.id} overlaps ${b.id}`,
          );
  });

  it('places a block without coords below the positioned ones (mixed)', () => {
    const d = doc();
    delete d.diagrams['d-main'].nodes['blk-orphan'].coords;
    const m = mapOf(JSON.stringify(d));
    assert.strictEqual(m.pages[0].layout, 'mixed');
    const orphan = node(m, 'blk-orphan');
    const others = m.pages[0].nodes.filter((n) => n.kind === 'block' && n.id !== 'blk-orphan');
    assert.ok(orphan.placed);
    assert.ok(
      others.every((n) => orphan.y >= n.y + n.h),
      `${orphan.y}`,
    );
  });

  itCorpus('draws every real export: each block once, finite positions, edges between drawn nodes, cards clear', () => {
    for (const f of corpusFiles()) {
      const { flow } = readExport(readFileSync(path.join(CORPUS, f), 'utf8'));
      const m = buildCostMap(flow, analyzeFlow(flow, normaliseSettings({})));
      const drawn = new Set(m.pages.map((p) => p.id));
      const ids = m.pages.flatMap((p) => p.nodes.filter((n) => n.kind === 'block').map((n) => n.id));
      const expected = [...flow.blocks.values()].filter((b) => drawn.has(b.diagramId)).map((b) => b.id);
      assert.deepStrictEqual([...ids].sort(), [...expected].sort(), f);
      for (const p of m.pages) {
        const here = new Set(p.nodes.map((n) => n.id));
        for (const n of p.nodes) assert.ok([n.x, n.y, n.w, n.h].every(Number.isFinite), `${f} ${n.id}`);
        for (const e of p.edges) assert.ok(here.has(e.from) && here.has(e.to), `${f} ${e.from}→${e.to}`);
        assert.ok(!renderSvg(m, p).includes('NaN'), f);
        // Actions cards cover no block and no other card.
        for (const c of p.nodes.filter((n) => n.kind === 'actions'))
          for (const n of p.nodes)
            assert.ok(
              n === c || c.x >= n.x + n.w || n.x >= c.x + c.w || c.y >= n.y + n.h || n.y >= c.y + c.h,
              `${f}: actions card ${c.id} covers ${n.id}`,
            );
      }
    }
  });

  itCorpus('leaves canvas templates out (they never run)', () => {
    const m = mapOf(readFileSync(path.join(CORPUS, 'SuperZooper3__Voiceflow-EduChat__EduChat.vf'), 'utf8'));
    assert.ok(m.pages.length > 0);
    assert.ok(m.pages.every((p) => p.type !== 'TEMPLATE'));
  });
});

describe('cost map: colour scale', () => {
  const D = (v: string | null) => (v === null ? null : new Decimal(v));
  it('maps free to 0, unknown to unknown, the dearest to the top level', () => {
    const s = scaleOf(['0', '0.5', '2', null].map(D));
    assert.deepStrictEqual(
      ['0', '2', null].map((v) => s.levelOf(D(v))),
      [0, LEVELS, 'unknown'],
    );
    assert.deepStrictEqual(
      s.legend.map((l) => l.level),
      [0, 1, 2, 3, 4, 5, 'unknown'],
    );
  });
  it('spans at least two orders of magnitude: costs 30 % apart get the same or a neighbouring colour', () => {
    const s = scaleOf(['0.041', '0.0545'].map(D));
    assert.strictEqual(s.levelOf(D('0.0545')), LEVELS);
    assert.ok((s.levelOf(D('0.041')) as number) >= LEVELS - 1);
    assert.strictEqual(scaleOf([D('3')]).levelOf(D('3')), LEVELS);
  });
  it('spreads wide ranges over every level (a colour step is a constant factor)', () => {
    const s = scaleOf(['0.001', '0.01', '0.1', '1', '10', '100'].map(D));
    assert.deepStrictEqual(
      ['0.001', '0.01', '0.1', '1', '10', '100'].map((v) => s.levelOf(D(v))),
      [1, 1, 2, 3, 4, 5],
    );
  });
});

describe('cost map: SVG and HTML', () => {
  it('matches the expected SVG of the fixture (what `agent-cost map` prints)', () => {
    const m = mapOf(fixture('cost-map.vf'));
    const svg = renderSvg(m, m.pages[0], { embedStyle: true, nodeTitles: true }) + '\n';
    const file = path.join(FIXTURES, 'cost-map.expected.svg');
    if (process.env.UPDATE_EXPECTED === '1') writeFileSync(file, svg);
    assert.ok(existsSync(file), 'cost-map.expected.svg is missing: run with UPDATE_EXPECTED=1 and review it');
    assert.strictEqual(svg, readFileSync(file, 'utf8'));
  });

  it('carries data-block-id and data-credits on every block', () => {
    const m = mapOf(fixture('cost-map.vf'));
    const svg = renderSvg(m, m.pages[0]);
    const blocks = [...svg.matchAll(/data-block-id="([^"]*)" data-kind="block" data-credits="([^"]*)"/g)];
    assert.deepStrictEqual(
      blocks.map((b) => b[1]).sort(),
      m.pages[0].nodes
        .filter((n) => n.kind === 'block')
        .map((n) => n.id)
        .sort(),
    );
    for (const b of blocks) assert.strictEqual(b[2], node(m, b[1]).credits);
  });

  it('escapes hostile names from the file in the SVG and the HTML', () => {
    const d = doc();
    d.project.name = '<img src=x onerror=alert(1)>';
    d.diagrams['d-comp'].name = '"><script>alert(2)</script>';
    d.diagrams['d-main'].nodes.answer.data.model = '<b>model</b>';
    d.diagrams['d-main'].nodes['blk-ask'].nodeID = 'blk-ask';
    const m = mapOf(JSON.stringify(d));
    const TAGS = 'svg title desc style defs marker path g rect text line html head meta body h1 h2 small section div';
    const ours = new RegExp(`^(${TAGS} details summary table caption tr th td span b ul li p)$`.replace(/ /g, '|'));
    for (const text of [...m.pages.map((p) => renderSvg(m, p, { nodeTitles: true })), renderHtml(m, m.pages)]) {
      assert.ok(!/<script|<img|<b>model|<\/text><text>/.test(text), text.match(/.{40}(<script|<img|<b>m).{40}/)?.[0]);
      for (const t of new Set([...text.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((x) => x[1])))
        assert.match(t, ours);
    }
    assert.match(renderHtml(m, m.pages), /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62;/);
  });

  it('trims wide (CJK) text as double width, so it fits its card; never splits a character', () => {
    const d = doc();
    d.diagrams['d-main'].nodes['blk-welcome'].data.name = '顧客情報の確認と注文の受付を行うブロック';
    d.diagrams['d-main'].nodes.greet.data.name = '😀'.repeat(30);
    const m = mapOf(JSON.stringify(d));
    const svg = renderSvg(m, m.pages[0]);
    // Hand: title room = ⌊(240 − 16 − 7 × 7.6) / 7.6⌋ = 22 units: 10 wide characters and the ellipsis.
    assert.match(svg, />顧客情報の確認と注文…<\/text>/);
    // Row room = ⌊(240 − 20) / 6.3⌋ − (6 + 2) = 26 units: 12 emoji (surrogate pairs kept whole) and the ellipsis.
    assert.match(svg, new RegExp(`>${'😀'.repeat(12)}…</text>`, 'u'));
    assert.strictEqual(fit('Latin text stays', 16), 'Latin text stays');
    assert.strictEqual(fit('Latin text stays', 10), 'Latin tex…');
  });

  it('writes a self-contained HTML page: no http(s) references, no external resources', () => {
    const m = mapOf(fixture('cost-map.vf'));
    const html = renderHtml(m, m.pages);
    assert.ok(!/(src|href)=/i.test(html));
    assert.ok(!/url\((?!#)/.test(html));
    assert.ok(!/https?:/.test(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')));
    assert.strictEqual((html.match(/<svg /g) ?? []).length, 2);
    assert.match(html, /Blocks by cost/);
  });
});
