/**
 * 2026 exports: the three synthetic exports (ours, copied under test/fixtures/2026 from
 * shared/corpus/synthetic) make the LLM calls their README lists.
 */
import * as assert from 'assert';
import { Decimal } from '../../src/core/pricing/money';
import { JsonReport } from '../../src/core/report/json';
import { fixture, reportOf } from '../helpers';

const D = (s: string | number | null) => new Decimal(s ?? 'NaN');
const byName = (r: JsonReport, name: string) => {
  const s = r.steps.find((x) => x.name === name);
  assert.ok(s, `no step named ${name}: ${r.steps.map((x) => x.name).join(', ')}`);
  return s;
};
const toolNames = (s: JsonReport['steps'][number]) => s.calls[0].tokens.breakdown.tools;
const identity = (r: JsonReport) =>
  assert.strictEqual(
    r.turns.reduce((n, t) => n.plus(D(t.visits).mul(D(t.credits.expected))), D(0)).toString(),
    r.conversation.credits.expected,
  );

describe('2026 agentic chat export (agentic-chat-support)', () => {
  // The README's order-status example: two tool rounds (Lookup order, then Compute ETA).
  const r = reportOf(fixture('2026/agentic-chat-support.vf.json'), { toolRoundsPerTurn: 2 });

  it('is read as a 2026 export of the agentic framework', () => {
    assert.strictEqual(r.file.format, 'voiceflow-2026');
    assert.strictEqual(r.file.framework, 'agentic');
    assert.strictEqual(r.file.era, 'E');
    assert.ok(r.agentic);
    assert.deepStrictEqual(
      r.agentic!.skills.map((s) => [s.name, s.kind, s.share]),
      [
        ['Agent', 'agent', '0.25'],
        ['Order Status', 'playbook', '0.25'],
        ['Returns', 'playbook', '0.25'],
        ['Collect feedback', 'workflow', '0.25'],
      ],
    );
  });

  it('the Agent, its skills and the conversation start sit under the Agent, not under a workflow', () => {
    const layer = r.steps.filter((s) => s.type === 'agentic');
    assert.ok(layer.length >= 5);
    for (const s of layer) assert.deepStrictEqual(s.diagram, { id: 'agentic', name: 'Agent' }, s.name);
    const canvas = r.steps.filter((s) => s.type !== 'agentic' && s.type !== 'evaluation');
    assert.ok(canvas.every((s) => s.diagram.id !== 'agentic'));
  });

  it('every user message makes one router call on the agent model (inherited default), with the catalogue', () => {
    const agent = byName(r, 'Agent');
    assert.strictEqual(agent.kind, 'agent');
    assert.strictEqual(agent.replyCalls.length, 1);
    const router = agent.replyCalls[0];
    assert.strictEqual(router.model, 'claude-4.6-sonnet');
    assert.ok(router.label.includes('routes the message'));
    assert.ok(router.tokens.breakdown.system > 100, 'global prompt + instructions');
    assert.ok(router.tokens.breakdown.memory > 0);
    assert.ok(toolNames(agent) > 0);
    // The greeting is a call on arrival.
    assert.ok(agent.calls[0].label.includes('greeting'));
  });

  it('the Order Status playbook answers with one call per tool round on gpt-5-mini (low effort)', () => {
    const p = byName(r, 'Order Status');
    assert.deepStrictEqual(
      p.calls.map((c) => c.model),
      ['gpt-5-mini', 'gpt-5-mini', 'gpt-5-mini'],
    );
    assert.strictEqual(p.calls[0].reasoningEffort, 'low');
    assert.strictEqual(p.calls[0].tokens.output, 150 * 2);
    // Each round carries the earlier tool results.
    assert.ok(p.calls[2].tokens.breakdown.tools > p.calls[1].tokens.breakdown.tools);
  });

  it('the Returns playbook searches the KB (rewriting the query) and calls its MCP tool', () => {
    const p = byName(r, 'Returns');
    assert.ok(p.calls.every((c) => c.model === 'claude-4.6-sonnet'));
    const labels = p.calls.map((c) => c.label);
    assert.ok(labels.some((l) => l.includes('rewrites the knowledge-base query')));
    const kbRound = p.calls.find((c) => c.label.includes('knowledge-base results'))!;
    assert.strictEqual(kbRound.tokens.breakdown.knowledgeBase, 5 * Math.ceil(2500 / 4));
    assert.strictEqual(p.calls.length, 4); // decide, rewrite, KB round, answer
  });

  it('the feedback workflow costs only its Prompt step and prompt condition', () => {
    const prompt = byName(r, 'Summarize feedback');
    assert.strictEqual(prompt.model, 'gpt-5-nano');
    const cond = r.steps.find((s) => s.type === 'condition-v3')!;
    assert.strictEqual(cond.model, 'gpt-4.1-nano-2025-04-14');
    assert.ok(prompt.reachable && cond.reachable);
    assert.ok(r.turns.some((t) => t.name === 'Ask for feedback' && D(t.visits).gt(0)));
  });

  it('one enabled evaluation per conversation over the transcript; the disabled one is not run', () => {
    const evals = r.steps.filter((s) => s.kind === 'evaluation');
    assert.strictEqual(evals.length, 1);
    assert.strictEqual(evals[0].model, 'bedrock-claude-4.5-haiku');
    assert.strictEqual(evals[0].calls[0].tokens.breakdown.memory, 80 * 6);
    const t = r.turns.find((x) => x.kind === 'evaluation')!;
    assert.strictEqual(t.visits, '1');
    identity(r);
  });

  it('costControl caps the conversation maximum and is named; secrets and the rest are listed as ignored', () => {
    assert.deepStrictEqual(r.conversation.cap, {
      usd: '0.25',
      credits: '50',
      source: 'costControl.maxDollars in the export',
    });
    assert.ok(D(r.conversation.credits.max).lte(50));
    const secrets = r.file.ignored.find((i) => i.what === 'secrets');
    assert.strictEqual(secrets?.count, 1);
    assert.ok(!JSON.stringify(r).includes('ORDERS_API_KEY'), 'no secret name or value in the report');
  });

  it('routerOnEveryTurn off: a playbook keeps the conversation and its replies skip the router', () => {
    const off = reportOf(fixture('2026/agentic-chat-support.vf.json'), { routerOnEveryTurn: false });
    const p = byName(off, 'Order Status');
    assert.strictEqual(p.class, 'waits');
    assert.ok(p.replyCalls.length > 0);
    assert.ok(off.turns.some((t) => t.name === 'Order Status'));
    identity(off);
  });

  it('the routing call per message, and a workflow skill costs what its canvas runs (hand check)', () => {
    const agent = byName(r, 'Agent');
    assert.strictEqual(r.agentic!.routerCreditsPerMessage, agent.replyCalls[0].credits);
    const skill = (name: string) => r.agentic!.skills.find((k) => k.name === name)!;
    // A playbook: routing + its own calls.
    assert.strictEqual(
      skill('Order Status').creditsPerMessage,
      D(agent.replyCalls[0].credits)
        .plus(D(byName(r, 'Order Status').credits))
        .toString(),
    );
    // The workflow's canvas says "Ask for feedback" and waits: the routed message costs the routing only.
    assert.strictEqual(skill('Collect feedback').creditsPerMessage, agent.replyCalls[0].credits);
    // Per conversation: every step of its canvas (the Prompt step and the prompt condition after the wait).
    const canvas = r.steps.filter((s) => s.diagram.id === skill('Collect feedback').diagramId);
    assert.ok(canvas.length > 3);
    assert.strictEqual(
      skill('Collect feedback').creditsPerConversation,
      D(byName(r, 'Summarize feedback').creditsPerConversation)
        .plus(D(r.steps.find((s) => s.type === 'condition-v3')!.creditsPerConversation))
        .toString(),
    );
    assert.ok(D(skill('Collect feedback').creditsPerConversation).gt(0));
  });

  it('skillShares weight the router by skill name', () => {
    const shares = reportOf(fixture('2026/agentic-chat-support.vf.json'), { skillShares: { 'Order Status': 2 } });
    assert.deepStrictEqual(
      shares.agentic!.skills.map((s) => s.share),
      ['0.2', '0.4', '0.2', '0.2'],
    );
  });
});

describe('2026 agentic voice export (agentic-voice-receptionist)', () => {
  const r = reportOf(fixture('2026/agentic-voice-receptionist.vf.json'));

  it('prices a phone agent: router and playbook calls, speech, generative no-match and no-reply', () => {
    assert.strictEqual(r.file.channel, 'voice');
    assert.strictEqual(byName(r, 'Agent').replyCalls[0].model, 'gpt-4.1-mini-2025-04-14');
    const p = byName(r, 'Book appointment');
    assert.ok(p.calls.every((c) => c.model === 'claude-4.5-haiku'));
    assert.ok(
      p.calls.some((c) => c.label.includes('tool status message')),
      'generative delay lines',
    );
    assert.strictEqual(r.hidden.noMatch?.model, 'gpt-4.1-nano-2025-04-14');
    assert.strictEqual(r.hidden.noReply?.model, 'gpt-4.1-nano-2025-04-14');
    // No intent but None: the LLM intent classifier has nothing to classify.
    assert.strictEqual(r.hidden.intentClassification, null);
    assert.ok(p.spokenChars > 0);
    identity(r);
  });
});

describe('2026 conversation-framework realtime export (conversation-realtime-kb)', () => {
  const r = reportOf(fixture('2026/conversation-realtime-kb.vf.json'));

  it('the canvas agent step calls gpt-realtime with KB rewriting and web search rounds', () => {
    assert.strictEqual(r.file.framework, 'conversation');
    const a = byName(r, 'Library FAQ');
    assert.ok(a.calls.every((c) => c.model === 'gpt-realtime'));
    assert.ok(a.calls.some((c) => c.label.includes('rewrites the knowledge-base query')));
    const kb = a.calls.find((c) => c.label.includes('knowledge-base results'))!;
    assert.strictEqual(kb.tokens.breakdown.knowledgeBase, 4 * Math.ceil(1500 / 4));
  });

  it('evaluates each conversation and lists simulations as ignored; no classifier where nothing listens', () => {
    // The RAG classifier runs only where the canvas listens for intents: this project has no
    // intent but None and its agent does not listen for other triggers.
    assert.strictEqual(r.hidden.intentClassification, null);
    // With an intent to classify and a canvas that listens, the RAG classifier runs per message.
    const doc = JSON.parse(fixture('2026/conversation-realtime-kb.vf.json'));
    doc.intents = [{ id: 'i-hours', name: 'opening_hours', description: 'When the library is open' }];
    for (const d of Object.values<{ nodes: Record<string, { type: string; data: Record<string, unknown> }> }>(
      doc.diagrams,
    ))
      for (const n of Object.values(d.nodes)) if (n.type === 'agent') n.data.listenForOtherTriggers = true;
    const listening = reportOf(JSON.stringify(doc));
    assert.strictEqual(listening.hidden.intentClassification?.model, 'claude-4.5-haiku');
    assert.ok(listening.hidden.intentClassification?.label.includes('rag'));
    const evals = r.steps.filter((s) => s.kind === 'evaluation');
    assert.deepStrictEqual(
      evals.map((e) => e.model),
      ['gemini-2.5-flash'],
    );
    assert.ok(r.file.ignored.some((i) => i.what === 'simulations'));
  });
});
