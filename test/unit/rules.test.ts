/** Every rule fires on a flow that triggers it and stays quiet on one that does not. */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { existsSync } from 'fs';
import { analyze } from '../../src/core/analyze';
import { EMPTY_CONFIG, type Budgets, type LintConfig } from '../../src/core/config/projectConfig';
import { Rates } from '../../src/core/pricing/rates';
import { RULES } from '../../src/core/rules/index';
import { normaliseSettings } from '../../src/core/settings';
import type { Diagnostic } from '../../src/core/types';
import { fixture, REPO } from '../helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
function findings(
  text: string,
  rule: string,
  lint: Partial<LintConfig> = {},
  settings: Record<string, unknown> = {},
): Diagnostic[] {
  const a = analyze(text, normaliseSettings(settings), new Rates(), { ...EMPTY_CONFIG.lint, ...lint });
  return a.diagnostics.filter((d) => d.rule === rule);
}
const budgets = (b: Budgets): Partial<LintConfig> => ({ budgets: b });
function edit(name: string, fn: (doc: any, nodes: any) => void): string {
  const doc = JSON.parse(fixture(name));
  fn(doc, doc.diagrams['d-main'].nodes);
  return JSON.stringify(doc, null, 2);
}
const branches = fixture('branches.vf');

describe('rules', () => {
  const cases: Record<string, { hit: () => Diagnostic[]; miss: () => Diagnostic[] }> = {
    'llm-in-loop': {
      hit: () => findings(fixture('loop.vf'), 'llm-in-loop'),
      miss: () => findings(branches, 'llm-in-loop'),
    },
    'history-growth': {
      hit: () => findings(fixture('memory.vf'), 'history-growth'),
      miss: () => findings(branches, 'history-growth'),
    },
    'expensive-model-for-task': {
      hit: () =>
        findings(
          edit('branches.vf', (_d, n) =>
            Object.assign(n.g1, {
              type: 'ai_set',
              data: {
                ...n.g1.data,
                model: 'gpt-4o',
                sets: [{ prompt: 'Is this a complaint?', mode: 'prompt', variable: 'complaint' }],
              },
            }),
          ),
          'expensive-model-for-task',
        ),
      miss: () =>
        findings(
          edit('branches.vf', (_d, n) =>
            Object.assign(n.g1, {
              type: 'ai_set',
              data: {
                ...n.g1.data,
                model: 'gpt-4o-mini',
                sets: [{ prompt: 'Is this a complaint?', mode: 'prompt', variable: 'complaint' }],
              },
            }),
          ),
          'expensive-model-for-task',
        ),
    },
    'missing-output-cap': {
      hit: () =>
        findings(
          edit('branches.vf', (_d, n) => delete n.g1.data.maxTokens),
          'missing-output-cap',
        ),
      miss: () => findings(branches, 'missing-output-cap'),
    },
    'high-output-cap': {
      hit: () =>
        findings(
          edit('branches.vf', (_d, n) => (n.g1.data.maxTokens = 4000)),
          'high-output-cap',
        ),
      miss: () =>
        findings(
          edit('branches.vf', (_d, n) => (n.g1.data.maxTokens = 4000)),
          'high-output-cap',
          budgets({ maxOutputTokens: 5000 }),
        ),
    },
    'prompt-over-budget': {
      hit: () => findings(branches, 'prompt-over-budget', budgets({ promptTokens: 10 })),
      miss: () => findings(branches, 'prompt-over-budget'),
    },
    'turn-over-budget': {
      hit: () => findings(branches, 'turn-over-budget', budgets({ creditsPerTurn: 0.001 })),
      miss: () => findings(branches, 'turn-over-budget', budgets({ creditsPerTurn: 100 })),
    },
    'conversation-over-budget': {
      hit: () => findings(branches, 'conversation-over-budget', budgets({ creditsPerConversation: 1 })),
      miss: () => findings(branches, 'conversation-over-budget', budgets({ creditsPerConversation: 100 })),
    },
    'month-over-budget': {
      hit: () => findings(branches, 'month-over-budget', budgets({ creditsPerMonth: 100 })),
      miss: () => findings(branches, 'month-over-budget', budgets({ creditsPerMonth: 100_000 })),
    },
    'unknown-model-price': {
      hit: () => findings(fixture('bad-steps.vf'), 'unknown-model-price'),
      miss: () => findings(branches, 'unknown-model-price'),
    },
    'deprecated-model': {
      hit: () => findings(fixture('era-b.vf'), 'deprecated-model'),
      miss: () => findings(branches, 'deprecated-model'),
    },
    'llm-intent-classification': {
      hit: () => findings(fixture('intent-llm.vf'), 'llm-intent-classification'),
      miss: () => findings(branches, 'llm-intent-classification'),
    },
    'kb-fallback-possible': {
      hit: () => findings(readFileSync(path.join(REPO, 'examples', 'pizza-order.vf'), 'utf8'), 'kb-fallback-possible'),
      miss: () => findings(branches, 'kb-fallback-possible'),
    },
    'voice-long-static-speech': {
      hit: () =>
        findings(
          edit('voice.vf', (_d, n) => (n.s1.data.dialogs[0].content = 'Please listen carefully. '.repeat(20))),
          'voice-long-static-speech',
        ),
      miss: () => findings(fixture('voice.vf'), 'voice-long-static-speech'),
    },
    'unbudgeted-variable': {
      hit: () => findings(fixture('unbudgeted.vf'), 'unbudgeted-variable'),
      miss: () => findings(branches, 'unbudgeted-variable'),
    },
    'agent-tool-bloat': {
      hit: () =>
        findings(
          edit(
            'agent.vf',
            (d) =>
              (d.version.programResources.agents['agent-1'].pathTools[0].description =
                'Call this when the booking is complete. '.repeat(200)),
          ),
          'agent-tool-bloat',
        ),
      miss: () =>
        findings(
          edit(
            'agent.vf',
            (d) =>
              (d.version.programResources.agents['agent-1'].instructions =
                'You are the booking agent of a hair salon. '.repeat(60)),
          ),
          'agent-tool-bloat',
        ),
    },
    'duplicate-system-prompt': {
      hit: () =>
        findings(
          edit(
            'branches.vf',
            (_d, n) =>
              (n.g1.data.system = n.g2.data.system =
                'You are the assistant of a bakery; be warm, brief and precise. '.repeat(5)),
          ),
          'duplicate-system-prompt',
        ),
      miss: () => findings(branches, 'duplicate-system-prompt'),
    },
  };

  it('covers every rule, each with a docs page whose first paragraph is its summary', () => {
    assert.deepStrictEqual(Object.keys(cases).sort(), RULES.map((r) => r.id).sort());
    for (const r of RULES) {
      const file = path.join(REPO, 'docs', 'rules', `${r.id}.md`);
      assert.ok(existsSync(file), `${r.id} has no docs page`);
      assert.strictEqual(readFileSync(file, 'utf8').split('\n')[2], r.summary);
    }
  });

  for (const [id, c] of Object.entries(cases)) {
    it(`${id}: fires on a flow that triggers it, not on one that does not`, () => {
      const hit = c.hit();
      assert.ok(hit.length > 0, `${id} did not fire`);
      const rule = RULES.find((r) => r.id === id)!;
      assert.strictEqual(hit[0].severity, rule.defaultSeverity);
      assert.ok(hit[0].message.length > 20);
      assert.deepStrictEqual(c.miss(), []);
    });
  }

  it('suggests fixes the editor can apply', () => {
    const cap = findings(
      edit('branches.vf', (_d, n) => delete n.g1.data.maxTokens),
      'missing-output-cap',
    )[0];
    assert.deepStrictEqual(cap.fix, { kind: 'maxTokens', value: 300 });
    assert.strictEqual(cap.stepId, 'g1');
    assert.ok(cap.range);
    assert.deepStrictEqual(findings(fixture('era-b.vf'), 'deprecated-model')[0].fix, {
      kind: 'model',
      model: 'gpt-4o-mini',
    });
  });

  it('severities can be changed or turned off, and ignores drop a step (or every step)', () => {
    assert.strictEqual(
      findings(fixture('memory.vf'), 'history-growth', { severities: { 'history-growth': 'error' } })[0].severity,
      'error',
    );
    assert.deepStrictEqual(
      findings(fixture('memory.vf'), 'history-growth', { severities: { 'history-growth': 'off' } }),
      [],
    );
    assert.deepStrictEqual(
      findings(fixture('memory.vf'), 'history-growth', {
        ignores: [{ rule: 'history-growth', stepId: 'answer', reason: 'short chats' }],
      }),
      [],
    );
    assert.strictEqual(
      findings(fixture('memory.vf'), 'history-growth', {
        ignores: [{ rule: 'history-growth', stepId: 'other', reason: 'x' }],
      }).length,
      1,
    );
    assert.deepStrictEqual(
      findings(fixture('loop.vf'), 'llm-in-loop', {
        ignores: [{ rule: 'llm-in-loop', stepId: '*', reason: 'bounded by the API' }],
      }),
      [],
    );
  });

  it('history-growth shows turn 1 against turn 10', () => {
    assert.match(findings(fixture('memory.vf'), 'history-growth')[0].message, /credits at turn 1, [\d.]+ at turn 10/);
  });
});
