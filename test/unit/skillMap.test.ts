/**
 * The Skills page of an agentic (2026) export, on a hand-made fixture (test/fixtures/2026/skill-map.vf.json:
 * an Agent on gpt-4o-mini, playbooks Orders (gpt-4o) and Billing (gpt-4o-mini), a Survey workflow
 * whose canvas opens with a Prompt step, waits for a rating, then sums it up with another). The
 * figures are the engine's: equal to the JSON report's to the last decimal, and derived by hand
 * from the rate card. Expected data and SVG: regenerate with UPDATE_EXPECTED=1 and review.
 */
import * as assert from 'assert';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { analyzeFlow } from '../../src/core/analyze';
import { readExport } from '../../src/core/formats/index';
import {
  buildCostMap,
  CostMap,
  MapNode,
  MapPage,
  renderBlockList,
  renderHtml,
  renderSvg,
} from '../../src/core/map/index';
import { Decimal } from '../../src/core/pricing/money';
import { Rates } from '../../src/core/pricing/rates';
import { JsonReport, toJsonReport } from '../../src/core/report/json';
import { normaliseSettings } from '../../src/core/settings';
import { costMapOf } from '../../src/server/costMap';
import { fixture, FIXTURES } from '../helpers';

const FIXTURE = '2026/skill-map.vf.json';
const SHARES = { skillShares: { Orders: 4, Billing: 2 } };

/** The map and the JSON report of one analysis (so their figures can be compared exactly). */
function both(text: string, raw: Record<string, unknown> = {}): { map: CostMap; report: JsonReport } {
  const { flow } = readExport(text);
  const rates = new Rates();
  const analysis = analyzeFlow(flow, normaliseSettings(raw), rates);
  return { map: buildCostMap(flow, analysis), report: toJsonReport(analysis, rates) };
}
const skillsOf = (m: CostMap): MapPage => {
  const p = m.pages.find((x) => x.layout === 'skills');
  assert.ok(p, 'no Skills page');
  return p;
};
const nodeOf = (p: MapPage, name: string): MapNode => {
  const n = p.nodes.find((x) => x.name === name);
  assert.ok(n, `no node ${name}: ${p.nodes.map((x) => x.name).join(', ')}`);
  return n;
};
const doc = () => JSON.parse(fixture(FIXTURE));
const overlap = (a: Box, b: Box) => !(a.x >= b.x + b.w || b.x >= a.x + a.w || a.y >= b.y + b.h || b.y >= a.y + a.h);
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

describe('skill map: data', () => {
  const { map, report } = both(fixture(FIXTURE), SHARES);
  const page = skillsOf(map);

  it('is the first page and the one shown first; the canvas pages keep only their own blocks', () => {
    assert.strictEqual(map.pages[0], page);
    assert.strictEqual(map.defaultPage, page.id);
    assert.deepStrictEqual([page.id, page.name, page.type], ['agentic:skills', 'Skills', 'SKILLS']);
    assert.deepStrictEqual(
      page.nodes.map((n) => [n.kind, n.name, n.skill?.kind ?? null]),
      [
        ['start', 'Conversation start', null],
        ['agent', 'Agent', 'agent'],
        ['skill', 'Agent answers', 'agent'],
        ['skill', 'Orders', 'playbook'],
        ['skill', 'Billing', 'playbook'],
        ['skill', 'Survey', 'workflow'],
      ],
    );
    const canvas = map.pages.filter((p) => p !== page);
    assert.deepStrictEqual(
      canvas.map((p) => [p.id, p.nodes.map((n) => n.id)]),
      [
        ['d-init', ['in-start']],
        ['d-survey', ['sv-ask', 'sv-thank', 'sv-start']],
      ],
    );
  });

  it('labels each edge with the router share from skillShares (hand: weights 1 + 4 + 2 + 1 = 8)', () => {
    const shares = page.edges
      .filter((e) => e.label)
      .map((e) => [page.nodes.find((n) => n.id === e.to)!.name, e.label!.text]);
    assert.deepStrictEqual(shares, [
      ['Agent answers', '12.5 %'],
      ['Orders', '50 %'],
      ['Billing', '25 %'],
      ['Survey', '12.5 %'],
    ]);
    assert.deepStrictEqual(
      page.nodes.filter((n) => n.kind === 'skill').map((n) => n.skill!.share),
      ['0.125', '0.5', '0.25', '0.125'],
    );
    // Equal by default.
    const equal = skillsOf(both(fixture(FIXTURE)).map);
    assert.deepStrictEqual(
      equal.edges.filter((e) => e.label).map((e) => e.label!.text),
      ['25 %', '25 %', '25 %', '25 %'],
    );
  });

  it('shows shares that add up to 100 % (hand: weights 1 + 1 + 1 + 3 = 6; 16.7 % × 3 + 50 % would be 100.1 %)', () => {
    const sixths = skillsOf(both(fixture(FIXTURE), { skillShares: { Survey: 3 } }).map);
    const labels = sixths.edges.filter((e) => e.label).map((e) => e.label!.text);
    // 166.67 tenths of a percent × 3 + 500: 166 × 3 + 500 = 998, the two left to the first two sixths.
    assert.deepStrictEqual(labels, ['16.7 %', '16.7 %', '16.6 %', '50 %']);
  });

  it('shows the JSON report’s figures to the last decimal (router and every skill, both figures)', () => {
    for (const [m, r] of [[map, report] as const, Object.values(both(fixture(FIXTURE))) as [CostMap, JsonReport]]) {
      const p = skillsOf(m);
      const agent = p.nodes.find((n) => n.kind === 'agent')!;
      assert.strictEqual(agent.credits, r.agentic!.routerCreditsPerMessage);
      assert.strictEqual(
        agent.perConversation,
        r.steps.find((s) => s.id === r.agentic!.routerId)!.creditsPerConversation,
      );
      for (const k of r.agentic!.skills) {
        const n = p.nodes.find((x) => x.id === k.id)!;
        assert.strictEqual(n.credits, k.creditsPerMessage, k.name);
        assert.strictEqual(n.perConversation, k.creditsPerConversation, k.name);
        assert.strictEqual(n.skill!.share, k.share, k.name);
      }
    }
  });

  it('derives by hand: routing on gpt-4o-mini, Orders on gpt-4o, the Survey’s opening Prompt step', () => {
    const router = report.steps.find((s) => s.id === report.agentic!.routerId)!.replyCalls[0];
    // gpt-4o-mini: 0.03 / 0.12 credits per 1K tokens in / out; the routing call writes 20 tokens.
    assert.deepStrictEqual(
      [router.rate!.inputPer1K, router.rate!.outputPer1K, router.tokens.output],
      ['0.03', '0.12', 20],
    );
    const routing = new Decimal(router.tokens.input).mul('0.03').plus(new Decimal(20).mul('0.12')).div(1000);
    assert.strictEqual(nodeOf(page, 'Agent').credits, routing.toString());
    // 190 tokens in: the prompts plus the skill catalogue's tool definitions (ai-tokenizer's count).
    assert.strictEqual(router.tokens.input, 190);
    assert.strictEqual(routing.toString(), '0.0081'); // 190 × 0.03 / 1000 + 20 × 0.12 / 1000
    // Orders, gpt-4o (0.5 / 2 per 1K): 122 tokens in, 150 out = 0.061 + 0.3 = 0.361, plus the routing.
    assert.strictEqual(nodeOf(page, 'Orders').credits, routing.plus('0.361').toString());
    // Per conversation: the routed replies × its share × 0.361 (hand: 4.543212890625 × 0.5 × 0.361).
    const replies = report.steps.find((s) => s.id === report.agentic!.routerId)!.replies;
    assert.strictEqual(replies, '4.543212890625');
    assert.strictEqual(nodeOf(page, 'Orders').perConversation, new Decimal(replies).mul('0.5').mul('0.361').toString());
    // Survey: its canvas opens with "Opening line" (23 in, 60 out on gpt-4o-mini = 0.00789) before the
    // rating wait; per conversation, both Prompt steps of its canvas.
    assert.strictEqual(nodeOf(page, 'Survey').credits, routing.plus('0.00789').toString());
    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    assert.strictEqual(step('sv-open').credits, '0.00789');
    assert.strictEqual(
      nodeOf(page, 'Survey').perConversation,
      new Decimal(step('sv-open').creditsPerConversation!).plus(step('sv-sum').creditsPerConversation!).toString(),
    );
  });

  it('matches the expected data (skill-map.expected.json)', () => {
    const actual = {
      nodes: page.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        skill: n.skill ?? null,
        credits: n.credits,
        label: n.label,
        perConversation: n.perConversation,
        perConversationLabel: n.perConversationLabel,
        level: n.level,
        conversationLevel: n.conversationLevel,
        box: [n.x, n.y, n.w, n.h],
        summary: n.summary,
      })),
      edges: page.edges.map((e) => ({ from: e.from, to: e.to, label: e.label ?? null })),
      byCost: page.byCost,
    };
    const file = path.join(FIXTURES, '2026', 'skill-map.expected.json');
    if (process.env.UPDATE_EXPECTED === '1') writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    assert.ok(existsSync(file), 'skill-map.expected.json is missing: run with UPDATE_EXPECTED=1 and review it');
    assert.deepStrictEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });

  it('links a workflow to its canvas page and the start to the initialization workflow', () => {
    assert.strictEqual(nodeOf(page, 'Survey').skill!.page, 'd-survey');
    assert.strictEqual(nodeOf(page, 'Conversation start').rows[0].subflowPage, 'd-init');
    assert.strictEqual(nodeOf(page, 'Orders').skill!.page, undefined);
    // A playbook and the agent are found in the export by their path (the editor turns it into a range).
    assert.deepStrictEqual(nodeOf(page, 'Orders').path?.slice(0, 1), ['agents']);
    assert.deepStrictEqual(nodeOf(page, 'Agent').path?.slice(0, 1), ['agents']);
  });

  it('the editor’s map gives the agent and each playbook the range of its object in the export', () => {
    const text = fixture(FIXTURE);
    const { flow, doc: d } = readExport(text);
    const res = costMapOf(flow, analyzeFlow(flow, normaliseSettings({})), 1, d);
    assert.ok(res.ok);
    const lines = text.split('\n');
    // Each agent object opens on the line before its id.
    const opens = (id: string) => lines.findIndex((l) => l.includes(`"id": "${id}"`)) - 1;
    const at = (id: string) => res.map.pages[0].nodes.find((n) => n.id === id)!.range?.start.line;
    assert.strictEqual(at('agentic:playbook:ag-orders'), opens('ag-orders'));
    assert.strictEqual(at('agentic:playbook:ag-billing'), opens('ag-billing'));
    assert.strictEqual(at('agentic:agent:ag-agent'), opens('ag-agent'));
    assert.strictEqual(at('agentic:self:ag-agent'), opens('ag-agent'));
    assert.strictEqual(lines[opens('ag-orders')].trim(), '{');
  });

  it('carries an unknown price as unknown, never 0, and keeps the rest', () => {
    const d = doc();
    d.agents.find((a: { name: string }) => a.name === 'Billing').settings.model = 'acme-llm-9';
    const { map: m, report: r } = both(JSON.stringify(d));
    const p = skillsOf(m);
    const billing = nodeOf(p, 'Billing');
    assert.strictEqual(billing.credits, null);
    assert.strictEqual(billing.perConversation, null);
    assert.strictEqual(billing.level, 'unknown');
    assert.strictEqual(r.agentic!.skills.find((k) => k.name === 'Billing')!.creditsPerMessage, null);
    assert.strictEqual(
      nodeOf(p, 'Orders').credits,
      r.agentic!.skills.find((k) => k.name === 'Orders')!.creditsPerMessage,
    );
    const svg = renderSvg(m, p);
    assert.match(svg, /data-block-id="agentic:playbook:ag-billing" data-kind="skill" data-credits="unknown"/);
    const g = svg.slice(svg.indexOf('data-block-id="agentic:playbook:ag-billing"'));
    const texts = g.slice(0, g.indexOf('</g>'));
    assert.match(texts, /class="sk-value unknown"[^>]*>unknown</);
    assert.ok(!/>(0|free)</.test(texts), texts);
    assert.match(billing.summary, /unknown credits per message · unknown credits per conversation/);
    assert.strictEqual(p.byCost[0], billing.id);
  });

  it('an unknown router model: the agent and every skill per message are unknown, not 0', () => {
    const d = doc();
    d.version.settings.llm.defaultModels.global.model = 'acme-router-1';
    const p = skillsOf(both(JSON.stringify(d)).map);
    for (const n of p.nodes.filter((x) => x.kind !== 'start')) assert.strictEqual(n.credits, null, n.name);
    assert.match(renderSvg(both(JSON.stringify(d)).map, p), /data-kind="agent" data-credits="unknown"/);
  });

  it('keeps its page id apart from a diagram that has the same id', () => {
    const d = doc();
    d.diagrams['agentic:skills'] = { ...d.diagrams['d-init'], diagramID: 'agentic:skills' };
    delete d.diagrams['d-init'];
    d.version.rootDiagramID = 'agentic:skills';
    d.workflows[0].diagramID = 'agentic:skills';
    d.version.settings.framework.agenticInitializeComponentID = 'agentic:skills';
    const m = both(JSON.stringify(d)).map;
    const ids = m.pages.map((p) => p.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.strictEqual(skillsOf(m).id, 'agentic:skills_');
    assert.strictEqual(m.defaultPage, 'agentic:skills_');
  });

  it('has no Skills page for a canvas (conversation framework) export', () => {
    const m = both(fixture('2026/conversation-realtime-kb.vf.json')).map;
    assert.ok(m.pages.every((p) => p.layout !== 'skills'));
  });
});

/** The fixture with `n` skills: the agent itself, n − 2 playbooks and the Survey workflow. */
function withSkills(n: number): string {
  const d = doc();
  const base = d.agents.find((a: { id: string }) => a.id === 'ag-orders');
  const names = ['Orders', 'Billing and invoices for business customers', 'Returns', '注文と配送の問い合わせ担当'];
  d.agents = d.agents.filter((a: { id: string }) => a.id === 'ag-agent');
  d.version.settings.globalCrew.subAgents = [];
  for (let i = 0; i < n - 2; i++) {
    d.agents.push({ ...base, id: `ag-${i}`, name: names[i] ?? `Playbook number ${i + 1}` });
    d.version.settings.globalCrew.subAgents.push({ agentID: `ag-${i}`, description: 'A playbook.' });
  }
  return JSON.stringify(d);
}

describe('skill map: layout for 2 to 12 skills', () => {
  for (let n = 2; n <= 12; n++)
    it(`${n} skills: no overlaps, labels clear of nodes and of each other, everything inside the page`, () => {
      const p = skillsOf(both(withSkills(n)).map);
      const skills = p.nodes.filter((x) => x.kind === 'skill');
      assert.strictEqual(skills.length, n);
      for (const a of p.nodes) for (const b of p.nodes) if (a !== b) assert.ok(!overlap(a, b), `${a.name} / ${b.name}`);
      const labels = p.edges
        .filter((e) => e.label)
        .map((e) => ({ x: e.label!.x - 24, y: e.label!.y - 9, w: 48, h: 18 }));
      assert.strictEqual(labels.length, n);
      for (const l of labels) {
        for (const x of p.nodes) assert.ok(!overlap(l, x), `label over ${x.name}`);
        for (const m of labels) if (m !== l) assert.ok(!overlap(l, m), 'labels overlap');
      }
      const b = p.bounds;
      for (const x of [...p.nodes, ...labels])
        assert.ok(x.x >= b.x && x.y >= b.y && x.x + x.w <= b.x + b.w && x.y + x.h <= b.y + b.h, 'outside');
      // A panel shape: at most 6 skills in a column, so the page is never a tall strip.
      assert.ok(b.h / b.w < 1.2 && b.w / b.h < 4, `${b.w} × ${b.h}`);
    });
});

describe('skill map: SVG, text alternative, HTML', () => {
  const { map } = both(fixture(FIXTURE));
  const page = skillsOf(map);

  it('matches the expected SVG (what `agent-cost map` prints for this export)', () => {
    const svg = renderSvg(map, page, { embedStyle: true, nodeTitles: true }) + '\n';
    const file = path.join(FIXTURES, '2026', 'skill-map.expected.svg');
    if (process.env.UPDATE_EXPECTED === '1') writeFileSync(file, svg);
    assert.ok(existsSync(file), 'skill-map.expected.svg is missing: run with UPDATE_EXPECTED=1 and review it');
    assert.strictEqual(svg, readFileSync(file, 'utf8'));
  });

  it('carries data-skill-id and data-credits (per message, exact) on every skill node', () => {
    const svg = renderSvg(map, page);
    const found = [
      ...svg.matchAll(/data-block-id="([^"]*)" data-kind="skill" data-credits="([^"]*)"[^>]*data-skill-id="([^"]*)"/g),
    ];
    assert.deepStrictEqual(
      found.map((f) => f[3]),
      page.nodes.filter((n) => n.kind === 'skill').map((n) => n.id),
    );
    for (const f of found) {
      assert.strictEqual(f[1], f[3]);
      assert.strictEqual(f[2], page.nodes.find((n) => n.id === f[1])!.credits);
    }
    assert.match(svg, /data-skill-kind="workflow" data-share="0.25" data-page="d-survey"/);
    assert.match(svg, /data-kind="start"[^>]*data-page="d-init"/);
  });

  it('has a text alternative: the agent, then the skills dearest per message first', () => {
    const table = renderBlockList(page);
    assert.deepStrictEqual(
      [
        ...table.matchAll(
          /<tr data-skill-id="([^"]*)"><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="num">([^<]*)<\/td>/g,
        ),
      ].map((m) => [m[2], m[3], m[4]]),
      [
        ['Agent', 'router', 'every message'],
        ['Orders', 'playbook', '25 %'],
        ['Billing', 'playbook', '25 %'],
        ['Agent answers', 'the agent itself', '25 %'],
        ['Survey', 'workflow', '25 %'],
      ],
    );
    assert.match(table, /credits per message/);
  });

  it('escapes hostile names from the file', () => {
    const d = doc();
    d.agents[0].name = '"><script>alert(1)</script>';
    d.agents[1].name = '<img src=x onerror=alert(2)>';
    d.flows[0].name = "'><b>flow</b>";
    const m = both(JSON.stringify(d)).map;
    for (const text of [
      renderSvg(m, skillsOf(m), { nodeTitles: true }),
      renderHtml(m, m.pages),
      renderBlockList(skillsOf(m)),
    ])
      assert.ok(!/<script|<img|<b>flow/.test(text), text.match(/.{40}(<script|<img|<b>f).{40}/)?.[0]);
  });

  it('writes the Skills page first in the HTML page, with its table', () => {
    const html = renderHtml(map, map.pages);
    assert.ok(html.indexOf('data-page-id="agentic:skills"') < html.indexOf('data-page-id="d-init"'));
    assert.match(html, /Skills by cost \(text\)/);
    assert.match(html, /Skills: a skill’s credits per message|Skills: a skill&#39;s credits per message/);
  });
});
