/**
 * The conversation model on hand-made fixtures, one per class of defect seen on real exports:
 * repeated node ids, unreachable steps, global entries, visits, agents billed once per reply, tool
 * definitions, the file's memory window, legacy fields, reasoning output, where intent
 * classification runs, loop passes, unbudgeted variables, names. Each figure is derived by hand
 * from the per-step credits (the expected files pin the rest).
 */
import * as assert from 'assert';
import { countToolTokens, toolFiguresModel } from '../../src/core/toolTokens';
import { Decimal } from '../../src/core/pricing/money';
import { RATE_CARD } from '../../src/core/pricing/rateCard';
import { renderMarkdown, renderTable } from '../../src/core/report/text';
import { JsonReport } from '../../src/core/report/json';
import { countEncoding, countTokens } from '../../src/core/tokens';
import { fixture, reportOf } from '../helpers';

const D = (s: string | number | null) => new Decimal(s ?? 'NaN');
const step = (r: JsonReport, id: string) => {
  const s = r.steps.find((x) => x.id === id);
  assert.ok(s, `no step ${id}`);
  return s;
};
const turn = (r: JsonReport, id: string) => {
  const t = r.turns.find((x) => x.id === id);
  assert.ok(t, `no turn ${id}`);
  return t;
};
const o200k = RATE_CARD.llm.find((x) => x.id === 'gpt-4o-mini')!.tokenizer;

describe('conversation model: every turn has visits, and they add up', () => {
  for (const f of ['branches.vf', 'agent.vf', 'global-entries.vf', 'memory.vf', 'component.vf', 'loop.vf']) {
    it(`${f}: Σ visits × expected credits per visit = the conversation's expected credits`, () => {
      const r = reportOf(fixture(f));
      const sum = r.turns.reduce((n, t) => n.plus(D(t.visits).mul(D(t.credits.expected))), D(0));
      assert.strictEqual(sum.toString(), r.conversation.credits.expected);
      for (const t of r.turns) {
        assert.ok(t.name.length > 0, `turn ${t.id} has a name`);
        if (t.reachable && t.kind === 'entry') assert.ok(D(t.visits).gt(0), `entry ${t.id} is visited`);
      }
      assert.strictEqual(turn(r, 'launch').visits, '1');
    });
  }
});

describe('conversation model: node ids repeated across components', () => {
  it('resolves a port in its own diagram, so the loop through the copy with an LLM step is found', () => {
    const r = reportOf(fixture('repeated-ids.vf'));
    const copy = step(r, 'd-c2/ca');
    assert.strictEqual(copy.kind, 'llm');
    assert.strictEqual(copy.reachable, true);
    assert.ok(r.diagnostics.some((d) => d.rule === 'llm-in-loop' && d.stepId === 'd-c2/ca'));
    // The check loops back with probability 1/2: 1 + 1 expected passes of the copy's LLM call.
    assert.strictEqual(turn(r, 'launch').credits.expected, D(copy.credits).mul(2).toString());
    // The first copy's step is text (free): it never becomes the second copy's LLM step.
    assert.strictEqual(step(r, 'ca').kind, 'message');
  });
});

describe('conversation model: unreachable steps', () => {
  const r = reportOf(fixture('unreachable.vf'));
  it('marks template steps, orphan blocks and loose nodes unreachable, and leaves them out of totals', () => {
    for (const id of ['g2', 'loose', 'g3']) assert.strictEqual(step(r, id).reachable, false, id);
    assert.strictEqual(step(r, 'g1').reachable, true);
    // launch (g1) + 5 turns: the buttons reply (1 credit) and the restarts (1 + g1), nothing else.
    const g1 = D(step(r, 'g1').credits);
    const replies = D(turn(r, 'w').visits);
    const restarts = D(turn(r, 'restart').visits);
    assert.strictEqual(replies.plus(restarts).toString(), '5');
    assert.strictEqual(
      r.conversation.credits.expected,
      g1
        .plus(replies)
        .plus(restarts.mul(D(1).plus(g1)))
        .toString(),
    );
  });
  it('gives unreachable steps no warnings, and says once how many there are', () => {
    const about = new Set(['g2', 'loose', 'g3', 'ts']);
    assert.deepStrictEqual(
      r.diagnostics.filter((d) => d.stepId && about.has(d.stepId)),
      [],
    );
    const summary = r.diagnostics.filter((d) => d.rule === 'unreachable-steps');
    assert.strictEqual(summary.length, 1);
    assert.strictEqual(summary[0].severity, 'information');
    assert.ok(summary[0].message.startsWith('4 step(s)'));
  });
});

describe('conversation model: global intents and triggers', () => {
  it('a message at a wait continues locally (75 %) or jumps to a global entry (25 %)', () => {
    const r = reportOf(fixture('global-entries.vf'), { turnsPerConversation: 2 });
    const g1 = D(step(r, 'g1').credits);
    const g2 = D(step(r, 'g2').credits);
    const entry = turn(r, 'entry:oi');
    assert.strictEqual(entry.kind, 'entry');
    assert.strictEqual(entry.name, 'Intent: order_pizza');
    // Turn 1 at "Menu": 0.75 → reply (1 + g1, ends at the legacy listen step), 0.25 → the entry
    // (1 + g2, ends at "Confirm"). Turn 2: the listen step has no ports and "Confirm" no connected
    // path, so every message there goes to the entry: 1.0 × (1 + g2).
    assert.strictEqual(turn(r, 'w').visits, '0.75');
    assert.strictEqual(entry.visits, '1.25');
    const expected = D('0.75')
      .mul(D(1).plus(g1))
      .plus(D('1.25').mul(D(1).plus(g2)));
    assert.strictEqual(r.conversation.credits.expected, expected.toString());
  });
  it('the share of messages that jump is a setting; entries split it by weight', () => {
    const r = reportOf(fixture('global-entries.vf'), { turnsPerConversation: 1, globalEntryRate: 0.5 });
    assert.strictEqual(turn(r, 'entry:oi').visits, '0.5');
    assert.strictEqual(turn(r, 'w').visits, '0.5');
  });
  it('an agent that does not listen for other triggers takes no global jump and pays no classification', () => {
    const r = reportOf(fixture('intent-scope.vf'));
    const ag = step(r, 'ag');
    const t = turn(r, 'ag');
    const reply = D(ag.replyCalls[0].credits);
    // No intent classification while the agent holds the conversation: 1 + reply round + memory.
    assert.strictEqual(t.credits.min, D(1).plus(reply).plus(D(t.growthPerTurn.min).mul(2)).toString());
    // Buttons: a click is not classified, a typed answer is (only in the max).
    const ic = D(r.hidden.intentClassification!.credits);
    const w = turn(r, 'w');
    assert.strictEqual(D(w.credits.max).minus(D(w.credits.min)).gte(ic), true);
  });
  it('a project with no intent but None makes no classification call', () => {
    const r = reportOf(fixture('intent-none.vf'));
    assert.strictEqual(r.hidden.intentClassification, null);
    assert.strictEqual(turn(r, 'cap').credits.expected, '1');
  });
});

describe('conversation model: agents', () => {
  it('tool definitions count as ai-tokenizer counts them; enabled built-in tools count, disabled ones do not', () => {
    const r = reportOf(fixture('agent-tools.vf'));
    const call = step(r, 'ag').calls[0];
    // ai-tokenizer's gpt-4o-mini figures: 16 when tools exist, 6 per tool after the first, 1 per
    // description, 5 for a tool's first property (3 for the others), 2 per property description.
    const n = (text: string) => countEncoding(text, 'o200k_base');
    const tool = (name: string, desc: string, props: [string, string][], first: boolean) =>
      n(name) +
      1 +
      n(desc) +
      props.reduce((t, [k, d], i) => t + n(k) + (i === 0 ? 5 : 3) + 2 + n(d), 0) +
      (first ? 0 : 6);
    const expected =
      16 +
      tool('talk_to_human', 'The user wants a person', [], true) +
      tool('lookup_order', 'Look up an order by number', [['order_number', 'The order number']], false) +
      tool('knowledge_base', 'Menu and prices', [['query', 'What to search for']], false) +
      tool('buttons', 'Show quick replies', [['buttons', 'Button labels to show']], false);
    assert.strictEqual(call.tokens.breakdown.tools, expected);
    // No end_conversation: it is disabled in the file. The count is an estimate (≈) even for OpenAI.
    assert.strictEqual(call.tokens.exact, false);
  });
  it('an MCP tool schema counts its nested objects, arrays of objects and enums', () => {
    const f = { toolsExist: 16, perTool: 6, perDesc: 1, perFirstProp: 5, perAdditionalProp: 3, perPropDesc: 2 };
    const n = (text: string) => countEncoding(text, 'o200k_base');
    const schema = {
      type: 'object',
      properties: {
        size: { type: 'string', enum: ['small', 'large'] },
        address: { type: 'object', properties: { street: { type: 'string' } } },
        items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string', description: 'Id' } } } },
      },
    };
    const got = countToolTokens([{ name: 'order', description: '', parameters: [], schema }], o200k, 'openai/gpt-4o');
    const expected =
      f.toolsExist +
      n('order') +
      (n('size') + f.perFirstProp + 7 + n('small') + n('large')) + // perEnum 7
      (n('address') + f.perAdditionalProp - 3 + (n('street') + f.perFirstProp)) + // perNestedObject -3
      // perArrayOfObjects 1
      (n('items') + f.perAdditionalProp + 1 + (n('sku') + f.perFirstProp + f.perPropDesc + n('Id')));
    assert.deepStrictEqual(got, { tokens: expected, exact: false });
  });
  it("tool figures: the model's own ai-tokenizer entry, else gpt-4o as a stand-in", () => {
    assert.strictEqual(toolFiguresModel('gpt-5', 'openai', o200k), 'openai/gpt-5');
    const claude = RATE_CARD.llm.find((x) => x.id === 'claude-3-haiku')!;
    assert.strictEqual(toolFiguresModel(claude.id, claude.vendor, claude.tokenizer), 'anthropic/claude-3-haiku');
    assert.strictEqual(toolFiguresModel('my-model', 'acme', o200k), 'openai/gpt-4o');
    // A schema nested past the depth limit is not walked (a hostile file cannot overflow the stack).
    let deep: Record<string, unknown> = { type: 'object', properties: {} };
    for (let i = 0; i < 10_000; i++) deep = { type: 'object', properties: { x: deep } };
    const tools = [{ name: 't', description: '', parameters: [], schema: deep }];
    assert.ok(Number.isFinite(countToolTokens(tools, o200k, 'openai/gpt-4o').tokens));
  });
  it('the knowledge-base tool round reads chunkLimit chunks of the KB chunk size', () => {
    const r = reportOf(fixture('agent-tools.vf'));
    const round = step(r, 'ag').calls[1];
    assert.ok(round.label.includes('knowledge-base results'));
    assert.strictEqual(round.tokens.breakdown.knowledgeBase, 2 * Math.ceil(1000 / 4));
  });
  it('a path tool ends the hold: the reply either stays with the agent or leaves by the path', () => {
    const r = reportOf(fixture('agent-tools.vf'));
    assert.deepStrictEqual(
      turn(r, 'ag').next.map((n) => [n.turn, n.probability]),
      [
        [null, '0.5'],
        ['ag', '0.5'],
      ],
    );
  });
});

describe('conversation model: what the file says about calls', () => {
  it('the memory window comes from the file', () => {
    const r = reportOf(fixture('memory-window.vf'));
    assert.strictEqual(r.conversation.memoryTurns, 2);
    const t = turn(r, 'cap');
    // Window 2: every user turn carries exactly one turn of memory.
    assert.strictEqual(t.credits.min, t.credits.max);
    assert.ok(r.assumptions.some((a) => a.key === 'memoryMaxTurns' && a.value === 2));
  });
  it('legacy fields: Response AI `length` caps the output; empty AI Set entries are skipped; KB chunks', () => {
    const r = reportOf(fixture('legacy-fields.vf'));
    const short = step(r, 'short').calls[0];
    assert.strictEqual(short.tokens.outputMax, 60);
    assert.strictEqual(short.tokens.output, 60);
    const sets = step(r, 'sets');
    assert.strictEqual(sets.calls.length, 1);
    assert.ok(sets.calls[0].label.includes('size'));
    // search.limit 5 × chunk size 2,000 characters / 4 characters per token.
    assert.strictEqual(step(r, 'kbq').calls[0].tokens.breakdown.knowledgeBase, 5 * 500);
  });
  it('reasoning models bill reasoning as output: expected = visible × the effort multiplier, capped', () => {
    const r = reportOf(fixture('reasoning.vf'));
    assert.strictEqual(step(r, 'hard').calls[0].tokens.output, Math.min(2000, 150 * 8));
    assert.strictEqual(step(r, 'hard').calls[0].reasoningEffort, 'high');
    assert.strictEqual(step(r, 'default').calls[0].tokens.output, 150 * 4); // medium when unset
    assert.strictEqual(step(r, 'capped').calls[0].tokens.output, 400); // maxTokens caps it
    assert.strictEqual(step(r, 'capped').calls[0].tokens.outputMax, 400);
    const r2 = reportOf(fixture('reasoning.vf'), { reasoningOutputMultipliers: { high: 3 } });
    assert.strictEqual(step(r2, 'hard').calls[0].tokens.output, 450);
  });
  it('a variable large by nature at the default size gets a diagnostic; a Set text is counted', () => {
    const r = reportOf(fixture('unbudgeted.vf'));
    const call = step(r, 'say').calls[0];
    const greeting = countTokens('Hello and welcome to Pizza Palace, the home of the thin crust!', o200k).tokens;
    assert.strictEqual(call.tokens.breakdown.variables, greeting + 20);
    const d = r.diagnostics.filter((x) => x.rule === 'unbudgeted-variable');
    assert.strictEqual(d.length, 1);
    assert.ok(d[0].message.includes('{order}') && d[0].message.includes('variables: { budgets: { order:'));
    const budgeted = reportOf(fixture('unbudgeted.vf'), { variableTokenBudgets: { order: 400 } });
    assert.strictEqual(step(budgeted, 'say').calls[0].tokens.breakdown.variables, greeting + 400);
    assert.ok(!budgeted.diagnostics.some((x) => x.rule === 'unbudgeted-variable'));
  });
});

describe('conversation model: names a builder recognises', () => {
  it('steps are named by their label, their agent, else Block › step type; turns after what starts them', () => {
    const r = reportOf(fixture('global-entries.vf'));
    assert.strictEqual(step(r, 'g1').name, 'Chat › Response AI');
    assert.strictEqual(step(r, 'w').name, 'Menu');
    assert.strictEqual(turn(r, 'w').name, 'Welcome');
    assert.strictEqual(turn(r, 'launch').name, 'Launch');
    assert.strictEqual(step(reportOf(fixture('agent-tools.vf')), 'ag').name, 'Order agent');
    assert.strictEqual(turn(reportOf(fixture('agent-tools.vf')), 'ag').name, 'Order agent');
  });
  it('text and Markdown show turns by name and group repeated findings', () => {
    const r = reportOf(fixture('reasoning.vf'));
    const table = renderTable(r);
    assert.ok(table.includes('Think') && !table.includes('"w"'));
    assert.ok(table.includes('high-output-cap on 2 steps'), table);
    assert.strictEqual(r.diagnostics.filter((d) => d.rule === 'high-output-cap').length, 2); // JSON keeps both
    assert.ok(renderMarkdown(r).includes('high-output-cap on 2 steps'));
  });
});
