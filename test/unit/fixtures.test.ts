/**
 * Hand-made flows, one per feature. Each is compared with its `*.expected.json` (regenerate with
 * UPDATE_EXPECTED=1 and review the diff), and checked against figures derived by hand from the
 * per-step credits, so the expected files cannot drift into nonsense unnoticed.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Decimal } from '../../src/core/pricing/money';
import { JsonReport } from '../../src/core/report/json';
import { fixture, FIXTURES, reportOf } from '../helpers';

const D = (s: string | number | null) => new Decimal(s ?? 'NaN');
const step = (r: JsonReport, id: string) => r.steps.find((s) => s.id === id)!;
const turn = (r: JsonReport, id: string) => r.turns.find((t) => t.id === id)!;

/** The part of a report the expected files pin down. */
function essentials(r: JsonReport) {
  return {
    file: { era: r.file.era, channel: r.file.channel },
    steps: r.steps.map((s) => ({
      id: s.id,
      class: s.class,
      model: s.model,
      tokens: s.tokens,
      credits: s.credits,
      creditsMax: s.creditsMax,
      growthPerTurn: s.growthPerTurn,
      turns: s.turns,
    })),
    turns: r.turns.map((t) => ({
      id: t.id,
      kind: t.kind,
      credits: t.credits,
      growthPerTurn: t.growthPerTurn,
      unbounded: t.unbounded,
      complete: t.complete,
      next: t.next,
    })),
    conversation: r.conversation,
    diagnostics: r.diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, stepId: d.stepId })),
  };
}

describe('fixtures match their expected output', () => {
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.vf'))) {
    it(f, () => {
      const actual = essentials(reportOf(fixture(f)));
      const file = path.join(FIXTURES, f.replace(/\.vf$/, '.expected.json'));
      if (process.env.UPDATE_EXPECTED === '1' || !existsSync(file)) {
        if (process.env.UPDATE_EXPECTED !== '1')
          assert.fail(`${path.basename(file)} is missing: run with UPDATE_EXPECTED=1 and review it`);
        writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
      }
      assert.deepStrictEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});

describe('fixtures: figures derived by hand', () => {
  it('branches: min, expected and max of the launch turn follow the random split', () => {
    const r = reportOf(fixture('branches.vf'));
    const g1 = D(step(r, 'g1').credits);
    const g2 = step(r, 'g2');
    const launch = turn(r, 'launch');
    assert.strictEqual(launch.credits.min, g1.toString());
    assert.strictEqual(launch.credits.expected, g1.plus(D(g2.credits).div(2)).toString());
    assert.strictEqual(launch.credits.max, g1.plus(D(g2.creditsMax)).toString());
    assert.deepStrictEqual(
      launch.next.map((n) => n.probability),
      ['0.5', '0.5'],
    );
  });

  it('gpt-4o-mini credits = tokens × 0.03 / 0.12 per 1K (rate card × 0.2)', () => {
    const r = reportOf(fixture('branches.vf'));
    const c = step(r, 'g1').calls[0];
    assert.strictEqual(c.rate!.inputPer1K, '0.03');
    assert.strictEqual(c.rate!.outputPer1K, '0.12');
    assert.strictEqual(
      c.credits,
      D('0.03').mul(c.tokens.input).div(1000).plus(D('0.12').mul(c.tokens.output).div(1000)).toString(),
    );
    assert.strictEqual(c.tokens.output, 100); // min(maxTokens 100, expected 150)
    assert.ok(c.tokens.exact);
  });

  it('loop: an LLM step that can re-run before the next wait makes the max unbounded, capped at loopCap passes', () => {
    const r = reportOf(fixture('loop.vf'));
    const launch = turn(r, 'launch');
    const g1 = D(step(r, 'g1').creditsMax);
    assert.ok(launch.unbounded);
    assert.strictEqual(launch.credits.max, g1.mul(3).toString());
    assert.strictEqual(reportOf(fixture('loop.vf'), { loopCap: 5 }).turns[0].credits.max, g1.mul(5).toString());
    // The loop is taken with probability 1/2: expected passes 1 + p / (1 − p) = 2.
    assert.strictEqual(launch.credits.expected, D(step(r, 'g1').credits).mul(2).toString());
    assert.ok(r.diagnostics.some((d) => d.rule === 'llm-in-loop' && d.stepId === 'g1'));
    assert.ok(r.conversation.unbounded);
  });

  it('memory: history growth per turn = memory tokens × input rate, and the conversation pays it', () => {
    const r = reportOf(fixture('memory.vf'));
    const answer = step(r, 'answer');
    assert.strictEqual(answer.growthPerTurn, D(80).mul('0.03').div(1000).toString());
    const t = turn(r, 'cap');
    const growth = D(t.growthPerTurn.expected);
    // The reply turn runs at turns 1..5, carrying 1..5 turns of memory: its cheapest visit (turn 1)
    // is the base + 1 × growth, and the conversation pays 5 × base + 15 × growth.
    const base = D(t.credits.min).minus(growth);
    assert.strictEqual(t.visits, '5');
    assert.strictEqual(r.conversation.credits.expected, base.mul(5).plus(growth.mul(15)).toString());
    const capped = reportOf(fixture('memory.vf'), { memoryMaxTurns: 2 });
    assert.strictEqual(capped.conversation.credits.expected, base.mul(5).plus(growth.mul(5)).toString());
  });

  it('knowledge base: retrieved chunks and the answer template are input tokens', () => {
    const c = step(reportOf(fixture('kb.vf')), 'kb').calls[0];
    assert.strictEqual(c.tokens.breakdown.knowledgeBase, 900);
    assert.ok(c.tokens.breakdown.prompt >= 250);
    assert.ok(c.label.includes('knowledge base'));
  });

  it('LLM intent classification: typed messages pay it, button clicks only in the max', () => {
    const r = reportOf(fixture('intent-llm.vf'));
    const ic = D(r.hidden.intentClassification!.credits);
    assert.ok(ic.gt(0));
    assert.deepStrictEqual(turn(r, 'menu').credits, { min: '1', expected: '1', max: D(1).plus(ic).toString() });
    assert.deepStrictEqual(turn(r, 'cap').credits, {
      min: D(1).plus(ic).toString(),
      expected: D(1).plus(ic).toString(),
      max: D(1).plus(ic).toString(),
    });
    assert.ok(r.diagnostics.some((d) => d.rule === 'llm-intent-classification'));
  });

  it('voice: static speech is not free; each character costs TTS + its share of call and STT time', () => {
    const r = reportOf(fixture('voice.vf'));
    const perChar = D('9').div(1000).plus(D(11).div(700));
    assert.strictEqual(r.voice!.creditsPerChar, perChar.toString());
    const s1 = step(r, 's1');
    assert.strictEqual(s1.class, 'credits');
    assert.strictEqual(s1.credits, perChar.mul('Welcome to the clinic. How can I help you today?'.length).toString());
    assert.strictEqual(r.voice!.tts, 'elevenlabs-flash');
    assert.strictEqual(turn(r, 'wait').credits.expected, D(11).mul(5).div(60).toString());
  });

  it('agent: instructions and tool definitions are input; one LLM round on arrival and one per reply', () => {
    const r = reportOf(fixture('agent.vf'));
    const ag = step(r, 'ag');
    assert.strictEqual(ag.class, 'waits');
    assert.strictEqual(ag.model, 'gpt-4o');
    assert.strictEqual(ag.calls.length, 2); // the answer + the knowledge-base tool round
    assert.ok(ag.calls[0].tokens.breakdown.tools > 0);
    assert.ok(ag.calls[0].tokens.breakdown.memory > 0);
    assert.strictEqual(ag.replyCalls.length, 2);
    const t = turn(r, 'ag');
    assert.ok(D(t.growthPerTurn.expected).gt(0));
    assert.deepStrictEqual(t.next.map((n) => n.turn).sort(), [null, 'ag'].sort());
    // A reply turn pays the user message and the reply round only (staying does not re-run the
    // arrival call); its first possible visit is turn 1 (one turn of memory).
    const reply = ag.replyCalls.reduce((n, c) => n.plus(D(c.credits)), D(0));
    assert.strictEqual(t.credits.min, D(1).plus(reply).plus(D(t.growthPerTurn.min)).toString());
    // The step's figures are one round, not the arrival and reply rounds summed.
    assert.strictEqual(ag.credits, ag.calls.reduce((n, c) => n.plus(D(c.credits)), D(0)).toString());
    assert.strictEqual(ag.tokens.input, ag.calls[0].tokens.input + ag.calls[1].tokens.input);
  });

  it('era A: positional ports, legacy prompt listen step', () => {
    const r = reportOf(fixture('era-a.vf'));
    assert.strictEqual(r.file.era, 'A');
    assert.strictEqual(r.file.channel, 'voice');
    assert.strictEqual(step(r, 'pr').class, 'waits');
    assert.deepStrictEqual(turn(r, 'launch').next, [{ turn: 'pr', probability: '1' }]);
  });

  it('era D: a prompt-type condition calls the Prompt CMS model (≈ for Claude)', () => {
    const r = reportOf(fixture('era-d-prompt-condition.vf'));
    const cond = step(r, 'cond');
    assert.strictEqual(cond.class, 'credits');
    assert.strictEqual(cond.model, 'claude-3-haiku');
    assert.strictEqual(cond.tokens.exact, false);
    assert.strictEqual(cond.tokens.output, 5);
  });

  it('component: a wait inside a component returns to the caller afterwards', () => {
    const r = reportOf(fixture('component.vf'));
    const inside = turn(r, 'cwait|comp');
    assert.strictEqual(
      inside.credits.expected,
      D(1)
        .plus(D(step(r, 'after').credits))
        .toString(),
    );
    assert.deepStrictEqual(inside.next, [{ turn: 'wait', probability: '1' }]);
  });

  it('bad steps: unknown type and unknown model are unknown (null), never 0, and the rest is analysed', () => {
    const r = reportOf(fixture('bad-steps.vf'));
    assert.strictEqual(step(r, 'mystery').class, 'unknown');
    assert.strictEqual(step(r, 'mystery').credits, null);
    assert.strictEqual(step(r, 'g1').credits, null);
    assert.strictEqual(
      step(r, 'g2').credits,
      D('0.03').mul(step(r, 'g2').tokens.input).div(1000).plus(D('0.12').mul(100).div(1000)).toString(),
    );
    assert.strictEqual(turn(r, 'launch').complete, false);
    assert.deepStrictEqual(turn(r, 'launch').unknownSteps.sort(), ['g1', 'mystery']);
    assert.strictEqual(r.conversation.complete, false);
    const rules = r.diagnostics.map((d) => `${d.rule}:${d.stepId}`);
    assert.ok(rules.includes('unknown-step-type:mystery'));
    assert.ok(rules.includes('unknown-model-price:g1'));
    assert.ok(rules.includes('dangling-port:wait'));
  });
});

describe('fixtures: the remaining export eras', () => {
  it('era B: intents in platformData, legacy {{[name].id}} variables at their token budget', () => {
    const r = reportOf(fixture('era-b.vf'));
    assert.strictEqual(r.file.era, 'B');
    assert.strictEqual(step(r, 'g').calls[0].tokens.breakdown.variables, 20);
    assert.strictEqual(step(r, 'choice').class, 'waits');
  });
  it("era C': a message step's text comes from the responses CMS (spoken in voice)", () => {
    const r = reportOf(fixture('era-c-prime-message.vf'));
    assert.strictEqual(r.file.era, "C'");
    const m = step(r, 'm');
    assert.strictEqual(m.spokenChars, 'Your table for  is ready.'.length + 20 * 4);
    assert.strictEqual(m.class, 'credits');
  });
  it('era E: 2026 voice settings name the STT; an unrated TTS vendor is assumed and said so', () => {
    const r = reportOf(fixture('era-e-voice-agent.vf'));
    assert.strictEqual(r.file.era, 'E');
    assert.strictEqual(r.voice!.stt, 'deepgram-nova-3');
    assert.ok(r.diagnostics.some((d) => d.rule === 'voice-rate-assumed' && d.message.includes('cartesia')));
    assert.ok(step(r, 'ag').calls[0].tokens.breakdown.tools > 0);
  });
});
