/**
 * The files generated from the settings table (README tables, package.json VS Code settings,
 * schema/agentcost.schema.json) match it, and the editor mapping follows it.
 */
import * as assert from 'assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { BUDGETS_TABLE } from '../../src/core/config/budgets';
import { projectFileSchema } from '../../src/core/config/schema';
import { Rates } from '../../src/core/pricing/rates';
import { Row, SETTINGS_TABLE } from '../../src/core/settings';
import { EDITOR_KEYS, EDITOR_ONLY, EDITOR_SECTION } from '../../src/core/settings/editor';
import { generatedFiles } from '../../src/node/generatedDocs';
import { SETTINGS_SECTION } from '../../src/protocol';
import { overridesFromEditor } from '../../src/server/editorSettings';
import { REPO } from '../helpers';

describe('files generated from the settings table', () => {
  for (const f of generatedFiles(REPO))
    it(`${f.file} is up to date (else: npm run docs:settings)`, () => {
      if (f.actual !== f.expected) {
        const a = f.actual.split('\n');
        const e = f.expected.split('\n');
        const i = a.findIndex((line, n) => line !== e[n]);
        assert.fail(
          `${f.file} line ${i + 1} differs:\n  file:     ${a[i]}\n  expected: ${e[i]}\nrun npm run docs:settings`,
        );
      }
    });

  it('package.json: every editor row with the type, bounds, default and description of the table', () => {
    const props = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.configuration
      .properties;
    const rates = new Rates();
    for (const [editorKey, key] of EDITOR_KEYS) {
      const row = SETTINGS_TABLE[key] as Row<unknown>;
      const p = props[`${EDITOR_SECTION}.${editorKey}`];
      assert.ok(p, `agentCost.${editorKey} is missing`);
      const schema = row.kind.schema(rates, 'editor');
      for (const k of ['minimum', 'maximum', 'pattern'] as const)
        assert.deepStrictEqual(p[k], schema[k], `${editorKey}.${k}`);
      if (row.default !== undefined) assert.deepStrictEqual(p.default, row.default, editorKey);
      assert.ok(p.description.toLowerCase().startsWith(row.doc.toLowerCase()), editorKey);
    }
    assert.deepStrictEqual(
      Object.keys(props).sort(),
      [...[...EDITOR_KEYS.keys()], ...Object.keys(EDITOR_ONLY)].map((k) => `${EDITOR_SECTION}.${k}`).sort(),
    );
    assert.strictEqual(EDITOR_SECTION, SETTINGS_SECTION);
  });

  it('a drifted file is caught', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'acl-docs-'));
    mkdirSync(path.join(tmp, 'schema'));
    for (const f of ['README.md', 'package.json', 'schema/agentcost.schema.json'])
      copyFileSync(path.join(REPO, f), path.join(tmp, f));
    const pkg = JSON.parse(readFileSync(path.join(tmp, 'package.json'), 'utf8'));
    pkg.contributes.configuration.properties['agentCost.traffic.turnsPerConversation'].minimum = 0;
    writeFileSync(path.join(tmp, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    const readme = readFileSync(path.join(tmp, 'README.md'), 'utf8');
    writeFileSync(path.join(tmp, 'README.md'), readme.replace('| `loopCap` | passes', '| `loopCap` | loops'));
    const stale = generatedFiles(tmp)
      .filter((f) => f.actual !== f.expected)
      .map((f) => f.file);
    assert.deepStrictEqual(stale, ['README.md', 'package.json']);
  });

  it('the README tables have one line per row', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const key of Object.keys(SETTINGS_TABLE)) assert.ok(readme.includes(`| \`${key}\` |`), key);
    for (const key of Object.keys(BUDGETS_TABLE)) assert.ok(readme.includes(`| \`budgets.${key}\` |`), key);
  });

  it('the project-file schema has every file path and every setting under assumptions', () => {
    const schema = projectFileSchema() as { properties: Record<string, { properties: Record<string, unknown> }> };
    for (const row of Object.values(SETTINGS_TABLE) as Row<unknown>[]) {
      if (!row.file) continue;
      const [section, key] = row.file.split('.');
      assert.ok(schema.properties[section].properties[key], row.file);
    }
    assert.deepStrictEqual(Object.keys(schema.properties.assumptions.properties), Object.keys(SETTINGS_TABLE));
  });
});

describe('editor settings → overrides (server)', () => {
  it('maps each editor key by the table, flat or nested; a bad value is dropped and named', () => {
    const flat = overridesFromEditor({
      'traffic.turnsPerConversation': 9,
      'pricing.creditPrice': '0.004',
      'budget.plan': 'pro',
      'budget.creditsPerMonth': null,
      'models.default': 'gpt-4o',
      'lens.showFree': false,
      'project.configPath': '/x/.agentcost.yaml',
    });
    assert.deepStrictEqual(
      { ...flat.overrides },
      { turnsPerConversation: 9, creditPriceUsd: '0.004', plan: 'pro', defaultModel: 'gpt-4o' },
    );
    assert.strictEqual(flat.showFreeLenses, false);
    assert.strictEqual(flat.configPath, '/x/.agentcost.yaml');
    assert.strictEqual(flat.error, undefined);
    const nested = overridesFromEditor({ traffic: { turnsPerConversation: 9 }, budget: { plan: '' } });
    assert.deepStrictEqual({ ...nested.overrides }, { turnsPerConversation: 9 });
    assert.strictEqual(nested.showFreeLenses, false); // free steps get no lens unless asked for
    const bad = overridesFromEditor({
      'traffic.turnsPerConversation': 0,
      'traffic.conversationsPerMonth': 50,
      'budget.plan': 'gold',
    });
    assert.deepStrictEqual({ ...bad.overrides }, { conversationsPerMonth: 50 });
    assert.match(
      bad.error!,
      /agentCost\.traffic\.turnsPerConversation: turnsPerConversation must be an integer from 1 to 200, got 0/,
    );
    assert.match(bad.error!, /agentCost\.budget\.plan: plan must be one of the plans pro, business/);
    assert.match(bad.error!, /These settings are ignored\.$/);
  });

  it('agentCost.assumptions takes any setting by name; the dedicated settings win; prototype names are data', () => {
    const r = overridesFromEditor({
      assumptions: JSON.parse('{"memoryTokensPerTurn": 120, "turnsPerConversation": 3, "__proto__": 1}'),
      'traffic.turnsPerConversation': 4,
    });
    assert.deepStrictEqual({ ...r.overrides }, { memoryTokensPerTurn: 120, turnsPerConversation: 4 });
    assert.match(r.error!, /agentCost\.assumptions: unknown setting "__proto__"/);
    assert.strictEqual(
      overridesFromEditor(JSON.parse('{"__proto__": {"lens": {"showFree": true}}}')).showFreeLenses,
      false,
    );
  });
});
