#!/usr/bin/env node
/**
 * Writes schema/report.schema.json: the JSON Schema of `agent-cost report --format json`.
 * Strict (no property the schema does not name), so a field added to src/core/report/json.ts
 * without its documentation fails test/unit/reportSchema.test.ts. Run: node scripts/report-schema.js
 */
'use strict';
const fs = require('fs');
const path = require('path');

const DECIMAL = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
const nullable = (s) => ({ anyOf: [{ type: 'null' }, s] });
const credits = (description) => ({ ...nullable(DECIMAL), description });
const obj = (properties, required = Object.keys(properties), description) => ({
  type: 'object',
  ...(description ? { description } : {}),
  required,
  properties,
  additionalProperties: false,
});
const ref = (name) => ({ $ref: `#/definitions/${name}` });
const int = { type: 'integer', minimum: 0 };

const $defs = {
  decimal: { ...DECIMAL, description: 'An exact decimal (never rounded)' },
  spread: obj({ min: DECIMAL, expected: DECIMAL, max: DECIMAL }),
  position: obj({ line: int, character: int }),
  range: obj({ start: ref('position'), end: ref('position') }, undefined, '0-based, as in LSP'),
  call: obj(
    {
      label: { type: 'string', description: 'What the call is, e.g. "Response AI" or "Agent: Booking: tool round 1"' },
      model: { type: 'string', description: 'The model as written in the file (or the default model)' },
      rate: nullable(
        obj({
          id: { type: 'string' },
          inputPer1K: credits('Credits per 1K input tokens; null when the model is in the rate card without a price'),
          outputPer1K: credits('Credits per 1K output tokens; null when the model is in the rate card without a price'),
          source: { type: 'string' },
          checked: { type: 'string', description: "An ISO date or month, or 'project file' for a negotiated rate" },
        }),
      ),
      tokens: obj({
        input: int,
        output: { ...int, description: 'Expected output (reasoning included)' },
        outputMax: { ...int, description: 'The output cap' },
        exact: { type: 'boolean', description: 'False for estimates (≈): non-OpenAI tokenizers, tool definitions' },
        breakdown: obj(
          Object.fromEntries(
            ['system', 'prompt', 'variables', 'memory', 'knowledgeBase', 'tools', 'overhead'].map((k) => [k, int]),
          ),
        ),
      }),
      reasoningEffort: {
        enum: ['minimal', 'low', 'medium', 'high', null],
        description: 'Reasoning effort the expected output assumes (reasoning tokens are billed as output)',
      },
      priority: {
        type: ['string', 'null'],
        description: 'Priority processing: "priority rate", or "no priority tier: standard rate"',
      },
      unbudgetedVariables: {
        type: 'array',
        items: { type: 'string' },
        description: 'Variables large by nature sized with the default budget',
      },
      memoryTokensPerTurn: { ...int, description: 'Memory tokens the call adds per turn of history' },
      credits: credits('Credits of one run, expected; null when the price is unknown (never 0)'),
      creditsMax: credits('Credits of one run at the output cap'),
      growthPerTurn: credits('Credits added per extra turn of memory'),
    },
    undefined,
    'One LLM call',
  ),
  step: obj({
    id: { type: 'string' },
    type: { type: 'string', description: "The format's own step type" },
    kind: {
      enum: [
        'entry',
        'message',
        'listen',
        'llm',
        'agent',
        'logic',
        'integration',
        'call',
        'jump',
        'end',
        'evaluation',
        'unknown',
      ],
      description: 'Neutral kind of the step',
    },
    name: { type: 'string', description: 'The name from the file (agent, playbook, label), else Block › type' },
    block: nullable(obj({ id: { type: 'string' }, name: { type: 'string' } })),
    diagram: obj({ id: { type: 'string' }, name: { type: 'string' } }),
    class: { enum: ['free', 'credits', 'waits', 'unknown'] },
    reason: { type: 'string', description: 'Why the step is free or costs credits' },
    model: { type: ['string', 'null'] },
    tokens: obj({ input: int, output: int, outputMax: int, exact: { type: 'boolean' } }),
    credits: credits('Credits of one run, expected'),
    creditsMax: credits('Credits of one run at the output caps'),
    growthPerTurn: credits('Credits added per extra turn of memory'),
    spokenChars: int,
    calls: { type: 'array', items: ref('call'), description: 'Calls when the step runs' },
    replyCalls: { type: 'array', items: ref('call'), description: 'Calls per user reply while the step holds' },
    range: nullable(ref('range')),
    turns: { type: 'array', items: { type: 'string' }, description: 'Ids of the turns that run the step' },
    reachable: { type: 'boolean', description: 'Some conversation runs it; unreachable steps are in no total' },
    visits: { ...DECIMAL, description: 'Expected arrivals per conversation' },
    replies: { ...DECIMAL, description: 'Expected user replies it handles per conversation' },
    creditsPerConversation: credits(
      'Expected credits per conversation: visits × arrival cost + replies × reply cost (memory growth left out)',
    ),
  }),
  turn: obj({
    id: { type: 'string' },
    kind: { enum: ['launch', 'reply', 'entry', 'restart', 'evaluation'] },
    name: { type: 'string', description: 'What starts the turn: the block, intent, trigger or agent' },
    start: { type: 'string', description: 'The step where the turn starts' },
    visits: { ...DECIMAL, description: 'Expected visits per conversation; Σ visits × credits.expected = conversation' },
    credits: ref('spread'),
    growthPerTurn: ref('spread'),
    unbounded: { type: 'boolean', description: 'A loop can run an LLM call again before the user speaks' },
    complete: { type: 'boolean', description: 'False when a step of the turn has an unknown price (a lower bound)' },
    unknownSteps: { type: 'array', items: { type: 'string' } },
    reachable: { type: 'boolean' },
    next: {
      type: 'array',
      items: obj({
        turn: { type: ['string', 'null'], description: 'The next turn; null: the conversation ends' },
        probability: { ...DECIMAL, description: 'Exact, 0 to 1' },
      }),
    },
  }),
};

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://agent-cost-lens.dev/schema/report.schema.json',
  title: 'agent-cost report --format json',
  description:
    'Stable output of `agent-cost report --format json`. Credits and USD are exact decimal strings (never ' +
    'rounded); null means unknown (a model with no price), never 0.',
  definitions: $defs,
  ...obj({
    schemaVersion: { const: 1 },
    file: obj(
      {
        name: { type: ['string', 'null'] },
        projectName: { type: 'string' },
        platform: { type: 'string' },
        format: { type: 'string', description: 'Export format that read the file (folder under src/core/formats/)' },
        framework: { enum: ['conversation', 'agentic'], description: '2026 exports: the conversation framework' },
        ignored: {
          type: 'array',
          description: 'Parts of the file that are not priced, and why (never their values)',
          items: obj({ what: { type: 'string' }, count: int, why: { type: 'string' } }),
        },
        era: { enum: ['A', 'B', 'C', "C'", 'D', 'E'] },
        schemaVersion: { type: ['number', 'null'] },
        channel: { enum: ['chat', 'voice'] },
        channelReason: { type: 'string' },
      },
      ['name', 'projectName', 'platform', 'format', 'ignored', 'era', 'schemaVersion', 'channel', 'channelReason'],
    ),
    rateCard: obj({ name: { type: 'string' }, source: { type: 'string' }, checked: { type: 'string' } }),
    assumptions: {
      type: 'array',
      items: obj({ key: { type: 'string' }, value: {}, doc: { type: 'string' }, isDefault: { type: 'boolean' } }),
    },
    steps: { type: 'array', items: ref('step') },
    hidden: obj(
      { intentClassification: nullable(ref('call')), noMatch: nullable(ref('call')), noReply: nullable(ref('call')) },
      undefined,
      'Per-message calls of no step',
    ),
    agentic: nullable(
      obj(
        {
          routerId: { type: 'string', description: 'The step of the routing call' },
          routerCreditsPerMessage: credits('Credits of the routing call on one user message'),
          skills: {
            type: 'array',
            items: obj({
              id: { type: 'string', description: 'The step of the skill' },
              name: { type: 'string' },
              kind: { enum: ['agent', 'playbook', 'workflow'] },
              diagramId: { type: ['string', 'null'], description: 'A workflow: its canvas' },
              share: { ...DECIMAL, description: 'Share of user messages it answers (skillShares)' },
              creditsPerMessage: credits('Credits of one message it answers: the routing call + its own calls'),
              creditsPerConversation: credits('Expected credits per conversation of its own calls'),
            }),
          },
        },
        undefined,
        '2026 agentic exports: the Agent and who answers its messages',
      ),
    ),
    turns: { type: 'array', items: ref('turn') },
    conversation: obj({
      turns: { ...int, description: 'User turns after the launch' },
      credits: ref('spread'),
      usd: ref('spread'),
      unbounded: { type: 'boolean' },
      complete: { type: 'boolean' },
      memoryTurns: { ...int, description: 'Turns of memory LLM calls send (the file window, else the setting)' },
      cap: nullable(
        obj(
          { usd: DECIMAL, credits: DECIMAL, source: { type: 'string' } },
          undefined,
          'The per-conversation cost cap (2026 costControl): totals never exceed it',
        ),
      ),
    }),
    month: obj({
      conversations: { type: 'number' },
      credits: ref('spread'),
      usd: ref('spread'),
      plan: nullable(obj({ id: { type: 'string' }, name: { type: 'string' }, credits: { type: ['number', 'null'] } })),
      budget: nullable(obj({ credits: { type: 'number' }, source: { type: 'string' } })),
      alerts: {
        type: 'array',
        items: obj({ percent: { enum: [50, 75, 90, 100] }, day: { type: ['integer', 'null'] } }),
      },
    }),
    voice: nullable(
      obj({
        tts: { type: 'string' },
        stt: { type: 'string' },
        creditsPerChar: DECIMAL,
        creditsPerUserTurn: DECIMAL,
        unknown: { type: 'array', items: { type: 'string' }, description: 'Voice parts with no price' },
      }),
    ),
    diagnostics: {
      type: 'array',
      items: obj({
        rule: { type: 'string' },
        severity: { enum: ['error', 'warning', 'information', 'hint'] },
        message: { type: 'string' },
        stepId: { type: ['string', 'null'] },
        group: {
          type: ['string', 'null'],
          description: 'Findings of a rule with the same group are one finding on several steps',
        },
        range: nullable(ref('range')),
      }),
    },
  }),
};

const out = path.join(__dirname, '..', 'schema', 'report.schema.json');
const text = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (fs.readFileSync(out, 'utf8') !== text) {
    console.error('schema/report.schema.json is out of date: node scripts/report-schema.js');
    process.exit(1);
  }
} else fs.writeFileSync(out, text);
