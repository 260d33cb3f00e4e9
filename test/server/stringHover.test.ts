/**
 * Every prompt-like string has a hover (issue 9 §5): agent and playbook instructions, the global
 * prompt, Prompt CMS prompts and messages, knowledge-base answer prompts, evaluation prompts, the
 * intent-classification prompt, generative no-match and no-reply prompts. Each says what the string
 * is, its tokens (the engine's count on each model that reads it) and what the calls that send it
 * cost, per run and per conversation (expected runs × cost, from the report) or per message.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { LineIndex } from '../../src/core/json/positions';
import { Decimal } from '../../src/core/pricing/money';
import { RATE_CARD } from '../../src/core/pricing/rateCard';
import { fmtCredits, fmtInt } from '../../src/core/report/display';
import { countTokens } from '../../src/core/tokens';
import type { AnalysisResult } from '../../src/protocol';
import { FIXTURES, reportOf } from '../helpers';
import { LspClient, useServer } from './lspClient';

type Path = (string | number)[];
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const tokenizerOf = (id: string) => RATE_CARD.llm.find((r) => r.id === id)!.tokenizer;

describe('hovers on prompt-like strings outside steps', function () {
  this.timeout(30_000);
  const server = useServer();
  let client: LspClient;
  let n = 0;
  beforeEach(() => (client = server()));

  /** Opens `text` under a new uri and hovers the string at `at`; returns the hover's Markdown. */
  async function hoverAt(text: string, at: Path): Promise<string | null> {
    const uri = `file:///tmp/string-hover-${n++}.vf`;
    await client.open(uri, text);
    const node = findNodeAtLocation(parseTree(text)!, at);
    assert.ok(node, `no ${at.join('.')} in the fixture`);
    const position = new LineIndex(text).position(node.offset + 1);
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position,
    });
    return h?.contents.value ?? null;
  }

  /** The report row of the call `label` (its credits, and the step's visits). */
  async function reportRow(text: string, label: string) {
    const r = reportOf(text);
    for (const s of r.steps)
      for (const [calls, runs] of [
        [s.calls, s.visits],
        [s.replyCalls, s.replies],
      ] as const) {
        const c = calls.find((x) => x.label === label);
        if (c) return { credits: c.credits!, perConversation: new Decimal(c.credits!).mul(runs).toString() };
      }
    assert.fail(`no call ${label}`);
  }

  it('the global prompt: its tokens on each model, and every call that sends it with its cost', async () => {
    const text = fixture('2026/agentic-chat-support.vf.json');
    const persona = JSON.parse(text).version.programResources.globalPrompts.persona as string;
    const v = (await hoverAt(text, ['version', 'programResources', 'globalPrompts', 'persona']))!;
    const claude = countTokens(persona, tokenizerOf('claude-sonnet-4.6')).tokens;
    const mini = countTokens(persona, tokenizerOf('gpt-5-mini')).tokens;
    assert.match(v.split('\n')[0], /^\*\*global prompt \\\(persona\\\)\*\*: /);
    assert.ok(v.split('\n')[0].includes(`≈${fmtInt(claude)} tokens on \`claude-4.6-sonnet\``), v.split('\n')[0]);
    assert.ok(v.split('\n')[0].includes(`${fmtInt(mini)} tokens on \`gpt-5-mini\``), v.split('\n')[0]);
    const row = await reportRow(text, 'Order Status: decides on a tool');
    assert.ok(
      v.includes(
        `| Order Status: decides on a tool | \`gpt-5-mini\` | ${fmtCredits(row.credits)} | ` +
          `${fmtCredits(row.perConversation)} |`,
      ),
      v,
    );
    assert.match(v, /Sent by 8 calls/);
    assert.match(v, /In all: [\d.,]+ credits per conversation\./);
  });

  it("an agent's instructions in programResources", async () => {
    const text = fixture('2026/conversation-realtime-kb.vf.json');
    const id = Object.keys(JSON.parse(text).version.programResources.agents)[0];
    const v = (await hoverAt(text, ['version', 'programResources', 'agents', id, 'instructions']))!;
    assert.match(v, /^\*\*instructions of agent "Library FAQ"\*\*: ≈?[\d,]+ tokens/);
    assert.ok(v.includes('| Library FAQ \\(each reply\\) |'), v);
  });

  it('a Prompt CMS prompt: the compiled messages, and the CMS rows when nothing is compiled', async () => {
    const text = fixture('2026/agentic-chat-support.vf.json');
    const id = '5e1f01000000000000000000';
    const compiled = (await hoverAt(text, ['version', 'programResources', 'prompts', id, 'messages', 0, 'content']))!;
    assert.match(compiled, /^\*\*prompt "Summarize feedback"\*\*: [\d,]+ tokens/);
    // The CMS row is not what runs while a compiled copy exists: the hover says so.
    const row: Path = ['promptMessages', 0, 'data', 'content', 0, 'text', 0];
    assert.match((await hoverAt(text, row))!, /^\*\*prompt\*\*: [\d,]+ tokens on `gpt-4o-mini`\n\nNo call the engine/);
    const doc = JSON.parse(text);
    delete doc.version.programResources.prompts[id];
    const cms = JSON.stringify(doc, null, 2);
    const sys = 'You summarize customer feedback in one neutral sentence.';
    const v = (await hoverAt(cms, row))!;
    const tokens = countTokens(sys, tokenizerOf('gpt-5-nano')).tokens;
    assert.strictEqual(v.split('\n')[0], `**system message of prompt "Summarize feedback"**: ${fmtInt(tokens)} tokens`);
  });

  it('an evaluation prompt runs once per conversation', async () => {
    const text = fixture('2026/agentic-chat-support.vf.json');
    const v = (await hoverAt(text, ['transcriptEvaluations', 0, 'prompt']))!;
    assert.match(v, /^\*\*evaluation prompt \\\(runs once per conversation\\\)\*\*: ≈?[\d,]+ tokens/);
    const row = await reportRow(text, 'Evaluation: Resolved without human (boolean)');
    assert.ok(v.includes(`| ${fmtCredits(row.credits)} | ${fmtCredits(row.perConversation)} |`), v);
  });

  it('generative no-match and no-reply prompts cost per message', async () => {
    const text = fixture('2026/agentic-voice-receptionist.vf.json');
    for (const key of ['globalNoMatch', 'globalNoReply']) {
      const v = (await hoverAt(text, ['version', 'settings', key, 'settings', 'system']))!;
      assert.match(v, /system prompt\*\*: [\d,]+ tokens/);
      assert.match(v, /\| per message \|$/m);
    }
  });

  it('the intent-classification prompt', async () => {
    const doc = JSON.parse(fixture('intent-llm.vf'));
    doc.version.settings.intentClassification.promptWrapper = { content: 'Pick the intent of: {last_utterance}' };
    const text = JSON.stringify(doc, null, 2);
    const v = (await hoverAt(text, ['version', 'settings', 'intentClassification', 'promptWrapper', 'content']))!;
    assert.match(v, /^\*\*intent-classification prompt\*\*: [\d,]+ tokens/);
    assert.match(v, /each free-text message while intents are in scope/);
  });

  it('a knowledge-base answer prompt no call sends says so, with its tokens', async () => {
    const text = fixture('2026/conversation-realtime-kb.vf.json');
    const v = (await hoverAt(text, ['kbSettings', 'summarization', 'prompt']))!;
    assert.match(v, /^\*\*knowledge-base answer prompt\*\*: [\d,]+ tokens on `gpt-4o-mini`/);
    assert.match(v, /No call the engine prices sends this text/);
  });

  it('a string that is not prompt-like and outside every step has no hover', async () => {
    const text = fixture('2026/agentic-chat-support.vf.json');
    assert.strictEqual(await hoverAt(text, ['project', 'name']), null);
  });

  it('the same figures as the analysis request', async () => {
    const text = fixture('2026/agentic-chat-support.vf.json');
    const uri = `file:///tmp/string-hover-${n++}.vf`;
    await client.open(uri, text);
    const a = await client.request<AnalysisResult>('agentCost/analysis', { uri });
    assert.ok(a.ok);
    const ev = a.report.steps.find((s) => s.type === 'evaluation')!;
    const v = (await hoverAt(text, ['transcriptEvaluations', 0, 'prompt']))!;
    assert.ok(v.includes(fmtCredits(ev.calls[0].credits)), v);
  });
});
